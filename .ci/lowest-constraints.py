"""Print pip constraints that pin every `name>=X` requirement of pyproject.toml to `name==X`.

CI installs the project a second time with these, so the declared lower bounds are tested bounds.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

project = tomllib.loads(Path(__file__).resolve().parents[1].joinpath("pyproject.toml").read_text())[
    "project"
]
requirements = list(project["dependencies"])
for extra in project.get("optional-dependencies", {}).values():
    requirements.extend(extra)
for requirement in requirements:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([^,;\s]+)\s*", requirement)
    if match:
        print(f"{match.group(1)}=={match.group(2)}")
