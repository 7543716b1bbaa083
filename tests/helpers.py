"""Helpers shared by tests (imported by the tests that need them, not from conftest)."""

from __future__ import annotations

DATA_NOTES = ("the newest release in the lifecycle data is", "the lifecycle data is behind for")
"""The warnings the bundled lifecycle data earns at the tests' AS_OF: its newest release
is months older than 2026-11-23, and it knows no Oracle JDK after 26. They are true, and
tests/cicron/test_unattended_book.py asserts them; other tests check the rest of stderr."""


def without_data_notes(stderr: str) -> str:
    """``stderr`` without the bundled data's age warnings (see ``DATA_NOTES``)."""
    lines = stderr.splitlines(keepends=True)
    return "".join(
        line
        for line in lines
        if not line.startswith("eolscan: warning: ")
        or not line.removeprefix("eolscan: warning: ").startswith(DATA_NOTES)
    )


def other_warnings(warnings: list[str]) -> list[str]:
    """A report's ``warnings`` without the bundled data's age warnings."""
    return [note for note in warnings if not note.startswith(DATA_NOTES)]
