"""An export that stopped mid-file is told from a complete one by its last bytes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from eolscan.inventory.cut import cut_warning

HEADER = "client,host,kind,name,version\n"
ROW = "Acme,H1,os,Ubuntu,22.04\n"


@pytest.mark.parametrize(
    ("tail", "says"),
    [
        ('Acme,H2,os,"Ubuntu', "a quoted field is still open"),
        ("Acme,H2,os", "the last row has 3 of 5 columns and no line end"),
    ],
    ids=["open quote", "partial row"],
)
def test_a_csv_cut_mid_row_is_named(tmp_path: Path, tail: str, says: str) -> None:
    path = tmp_path / "acme.csv"
    path.write_text(HEADER + ROW + tail, encoding="utf-8")
    note = cut_warning(str(path))
    assert note is not None and note.startswith(f"{path}: {says}")


@pytest.mark.parametrize(
    "text",
    [
        HEADER + ROW,  # ends with a line end
        HEADER + ROW.rstrip("\n"),  # no line end, but every column: cannot be told, not claimed
        HEADER + 'Acme,H1,software,"Office, 2016",16.0\n',  # quotes in pairs
        HEADER + 'Acme,H1,software,"two\nlines",1\n',  # a quoted line break
    ],
    ids=["line end", "no line end", "quoted comma", "quoted line break"],
)
def test_complete_csv_files_are_not_called_cut(tmp_path: Path, text: str) -> None:
    path = tmp_path / "acme.csv"
    path.write_text(text, encoding="utf-8")
    assert cut_warning(str(path)) is None


def test_utf16_with_an_odd_byte_count_is_cut(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + (HEADER + ROW).encode("utf-16-le")
    whole, cut = tmp_path / "whole.csv", tmp_path / "cut.csv"
    whole.write_bytes(data)
    cut.write_bytes(data[:-1])
    assert cut_warning(str(whole)) is None
    note = cut_warning(str(cut))
    assert note is not None and f"odd number of bytes ({len(data) - 1:,})" in note


def test_other_files_and_stdin_are_not_judged(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text('client: "Acme\n', encoding="utf-8")
    assert cut_warning(str(path)) is None  # the YAML reader says what is wrong
    assert cut_warning("-") is None
    assert cut_warning(str(tmp_path / "missing.csv")) is None
