"""Run real-world samples through ``eolscan scan`` and index the findings for assertions."""

from __future__ import annotations
