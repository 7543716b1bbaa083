"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CORPUS_PATH = Path(__file__).resolve().parent / "corpus.yaml"


@dataclass(frozen=True)
class Case:
    """One corpus string and what it must be recognised as (product None: unknown)."""

    source: str
    kind: str
    name: str
    version: str
    product: str | None
    cycle: str | None

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}|{self.version}"


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{where}: quote {value!r} in corpus.yaml so YAML keeps it a string")
    return value


def load_corpus() -> tuple[list[Case], list[list[str]]]:
    """Every case of ``corpus.yaml`` and its ``statuses`` rows."""
    document = yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))
    cases = []
    for section in document["sections"]:
        for name, version, product, cycle in section["cases"]:
            where = f"{section['source']}: {name!r}"
            cases.append(
                Case(
                    section["source"],
                    section["kind"],
                    _text(name, where),
                    _text(version, where),
                    product,
                    cycle,
                )
            )
    return cases, document["statuses"]


CASES, STATUSES = load_corpus()
