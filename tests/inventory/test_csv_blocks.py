"""csv_blocks reads exactly what csv.reader reads: the same rows, line numbers and errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import TextIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eolscan.inventory import csv_blocks as blocks_module
from eolscan.inventory.csv_blocks import CsvLineError, csv_blocks

PIECES = st.sampled_from(
    [
        *("a", "bc", ",", ",,", '"', '""', "\n", "\r", "\r\n", " ", "\x00"),
        *("é", "\u2028", "\x85", "\x0c", "x" * 30),
    ]
)
PLAIN_PIECES = st.sampled_from(["a", "bc", ",", ",,", "\n", "\r\n", " ", "é", "\u2028", "x" * 30])
"""What the fast path splits itself (the pieces above also send blocks to csv.reader)."""
OPENERS: dict[str, Callable[[str], TextIO]] = {
    "string": lambda text: io.StringIO(text, newline=""),
    "file": lambda text: io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8", newline=""),
}


def by_csv_reader(stream: TextIO) -> tuple[list[tuple[list[str], int]], tuple[int, str] | None]:
    reader = csv.reader(stream)
    rows = []
    try:
        for row in reader:
            rows.append((row, reader.line_num))
    except csv.Error as exc:
        return rows, (reader.line_num, str(exc))
    return rows, None


def by_blocks(
    stream: TextIO, split: bool = True
) -> tuple[list[tuple[list[str], int]], tuple[int, str] | None]:
    rows = []
    try:
        for block in csv_blocks(stream, split=split):
            assert (block.rows is None) != (block.texts is None)
            assert block.texts is None or not split
            rows.extend(zip(block.split_rows(), block.lines, strict=True))
    except CsvLineError as exc:
        return rows, (exc.line, str(exc.error))
    return rows, None


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.lists(PIECES, max_size=120).map("".join),
        st.lists(PLAIN_PIECES, max_size=120).map("".join),
    ),
    block=st.integers(1, 40),
    limit=st.integers(3, 60),
    opener=st.sampled_from(sorted(OPENERS)),
    split=st.booleans(),
)
def test_blocks_are_what_csv_reader_reads(
    text: str, block: int, limit: int, opener: str, split: bool
) -> None:
    original = (blocks_module.BLOCK_CHARS, blocks_module.READER_ROWS, csv.field_size_limit())
    blocks_module.BLOCK_CHARS, blocks_module.READER_ROWS = block, 3
    csv.field_size_limit(limit)
    try:
        expected, expected_error = by_csv_reader(OPENERS[opener](text))
        got, error = by_blocks(OPENERS[opener](text), split)
    finally:
        blocks_module.BLOCK_CHARS, blocks_module.READER_ROWS = original[:2]
        csv.field_size_limit(original[2])
    assert error == expected_error
    assert got == expected, "every row before an error comes first, as csv.reader gives it"


@pytest.mark.parametrize(
    "text",
    [
        "a,b\nc,d\n",
        "a,b\r\nc,d\r\n",
        "a,b\nc,d",
        "\n\n,\n",
        'a,"multi\nline",c\nd,e,f\n',
        "a,b\rc,d\r",
        "only one line, no end",
    ],
)
def test_common_shapes_with_a_tiny_block(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks_module, "BLOCK_CHARS", 4)
    assert by_blocks(io.StringIO(text, newline="")) == by_csv_reader(io.StringIO(text, newline=""))


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "bc", "\n", "x" * 7, "y" * 40]), max_size=80).map("".join),
    limit=st.integers(1, 64),
)
def test_lines_are_called_short_only_when_none_is_longer_than_the_limit(
    text: str, limit: int
) -> None:
    """The few searches that stand in for measuring every line never pass a long one (a
    block they cannot vouch for has its lines measured)."""
    longest = max(map(len, text.split("\n")))
    if blocks_module._lines_within(text, limit):
        assert longest <= limit
    if longest < max(1, limit // 2):
        assert blocks_module._lines_within(text, limit), "short lines need no measuring"
