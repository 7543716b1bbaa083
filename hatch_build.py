"""Wheel build hook: ship a compact JSON copy of data/lifecycles.yaml next to it.

The first run after an install would otherwise parse the YAML (one to two seconds),
and in CI with a fresh cache directory that is every run. The copy carries the
YAML's size and CRC-32, so eolscan uses it only while it matches the YAML. Any
failure here only leaves the copy out: eolscan then parses the YAML as before.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Adds ``eolscan/data/lifecycles.compact.json`` to the wheel."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from eolscan.lifecycles.cache import compact_path, compact_text

            yaml_path = root / "data" / "lifecycles.yaml"
            text = compact_text(yaml_path)
            name = compact_path(yaml_path).name
        except Exception as exc:  # a missing YAML or PyYAML must not break the build
            self.app.display_warning(f"compact lifecycle database left out: {exc}")
            return
        finally:
            sys.path.remove(str(root / "src"))
        if text is None:
            self.app.display_warning("compact lifecycle database left out: not JSON-safe")
            return
        out = Path(tempfile.mkdtemp(prefix="eolscan-build-")) / name
        out.write_text(text, encoding="utf-8")
        build_data["force_include"][str(out)] = f"eolscan/data/{name}"
