"""Windows exports come as UTF-16 or UTF-8 with a BOM, or cp1252: all must read the same."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from eolscan.inventory import text
from eolscan.inventory.interface import InventoryError
from eolscan.inventory.text import decode, read_source

SAMPLE = "host,os\r\nCAFÉ-KASSE,Windows 11 Pro\r\nZÜRICH,Windows 10 Pro\r\n"


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16 le with bom"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16 be with bom"),
        (SAMPLE.encode("utf-16-le"), "utf-16 le without bom"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8 with bom"),
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_every_windows_encoding_reads_the_same_text(
    tmp_path: Path, encoded: bytes, label: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(encoded)
    source = read_source(str(path))
    assert source.text == SAMPLE, label
    assert source.head() == SAMPLE
    assert decode(encoded) == SAMPLE


def test_streamed_file_is_not_read_whole_until_asked(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("host,os\n" + "PC,Windows 10\n" * 10000, encoding="utf-8")
    source = read_source(str(path))
    assert len(source.head()) == 64 * 1024
    assert sum(1 for _ in source.lines()) == 10001


MIXED_LINE = "mixed encodings: this line is not in the encoding of the lines before it"
UTF8_LINE = "Müller,Windows 10\n".encode()
CP1252_LINE = "Crème,Windows 10\n".encode("cp1252")
ASCII_LINES = b"host,os\n" + b"PC,Windows 10\n" * 40


@pytest.mark.parametrize(
    ("encoded", "line"),
    [
        (ASCII_LINES + UTF8_LINE + CP1252_LINE, 43),  # UTF-8 text, then cp1252 bytes
        (ASCII_LINES + CP1252_LINE + UTF8_LINE, 43),  # a cp1252 file, then UTF-8 text
        (codecs.BOM_UTF8 + ASCII_LINES + CP1252_LINE, 42),  # a BOM said UTF-8
        (UTF8_LINE + ASCII_LINES + b"caf\xe9", 43),  # a last line without its newline
    ],
    ids=["utf8-then-cp1252", "cp1252-then-utf8", "bom-then-cp1252", "last-line"],
)
@pytest.mark.parametrize("block", [1, 2, 3, 7, 64 * 1024])
def test_a_file_mixing_utf8_and_cp1252_is_refused_with_the_offending_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoded: bytes, line: int, block: int
) -> None:
    """Streamed in blocks of any size (a UTF-8 sequence may be split between two) and
    decoded whole (standard input): the file and the line of the first offending byte."""
    monkeypatch.setattr(text, "_BLOCK", block)
    path = tmp_path / "export.csv"
    path.write_bytes(encoded)
    with pytest.raises(InventoryError) as streamed:
        read_source(str(path)).text  # noqa: B018 (reading is what raises)
    assert str(streamed.value).startswith(f"{path}:{line}: {MIXED_LINE} (UTF-8 and Windows-1252")
    with pytest.raises(InventoryError) as whole:
        decode(encoded, "<stdin>")
    assert str(whole.value).startswith(f"<stdin>:{line}: {MIXED_LINE}")


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64 * 1024])
def test_one_encoding_throughout_reads_in_blocks_of_any_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """UTF-8 sequences split between blocks, and a cp1252 file whose first byte past ASCII
    comes late, read as they were written."""
    monkeypatch.setattr(text, "_BLOCK", block)
    sample = ASCII_LINES.decode() + "Müller,Windows 10\n€ 5,Crème brûlée\n"
    for encoding in ("utf-8", "cp1252", "utf-8-sig"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(sample.encode(encoding))
        assert read_source(str(path)).text == sample, encoding
        assert decode(sample.encode(encoding)) == sample, encoding


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "MAX_INPUT_BYTES", 1024 * 1024)
    path = tmp_path / "huge.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(InventoryError, match=r"huge\.csv: file is larger than the 1 MiB limit$"):
        read_source(str(path))


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match=r"nope\.csv: no such file$"):
        read_source(str(tmp_path / "nope.csv"))


def test_client_defaults_to_the_file_name_without_sbom_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "acme-dental.cdx.json"
    path.write_text("{}", encoding="utf-8")
    assert read_source(str(path)).client == "acme-dental"
    assert read_source(str(path), client="Acme").client == "Acme"
