"""Time the recognition of 10,000 distinct real-world-like inventory strings.

The strings are variations of tests/matching/corpus.yaml: each corpus case is
repeated with other patch levels and builds, so every (kind, name, version) is
distinct and goes through the full matcher (no cache hits). Run:

    python bench/bench_recognition.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TARGET = 10_000


def corpus_cases() -> list[tuple[str, str, str]]:
    """(kind, name, version) for every corpus case."""
    document = yaml.safe_load(
        (REPO / "tests" / "matching" / "corpus.yaml").read_text(encoding="utf-8")
    )
    return [
        (section["kind"], str(name), "" if version is None else str(version))
        for section in document["sections"]
        for name, version, _product, _cycle in section["cases"]
    ]


def variations(cases: list[tuple[str, str, str]], count: int) -> list[tuple[str, str, str]]:
    """``count`` distinct strings: corpus versions with a digit appended, names with a number."""
    seen: set[tuple[str, str, str]] = set()
    out: list[tuple[str, str, str]] = []
    step = 0
    while len(out) < count:
        step += 1
        for kind, name, version in cases:
            if version and version[-1].isdigit():
                variant = (kind, name, f"{version}{step}")
            else:
                variant = (
                    kind,
                    f"{name} {step}" if step % 2 else name,
                    version or f"{step}.{step % 7}",
                )
            if variant not in seen:
                seen.add(variant)
                out.append(variant)
            if len(out) == count:
                break
    return out


def main() -> int:
    from eolscan.cli.options import open_database, open_matcher
    from eolscan.model import Kind

    started = time.perf_counter()
    matcher = open_matcher(open_database(None))
    loaded = time.perf_counter() - started
    strings = variations(corpus_cases(), TARGET)
    started = time.perf_counter()
    recognised = sum(
        matcher.match(Kind(kind), name, version).product is not None
        for kind, name, version in strings
    )
    elapsed = time.perf_counter() - started
    print(f"loaded database and rules in {loaded:.3f}s")
    print(
        f"recognised {len(strings)} distinct strings in {elapsed:.3f}s"
        f" ({elapsed / len(strings) * 1e6:.0f} us each)"
    )
    print(f"{recognised} named a known product")
    return 0 if elapsed < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
