"""Helpers for the safety tests: eolscan in a child process under memory and time limits."""

from __future__ import annotations
