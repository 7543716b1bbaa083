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


def test_cp1252_bytes_inside_otherwise_utf8_text_are_kept() -> None:
    assert decode("Müller ".encode() + "Crème".encode("cp1252")) == "Müller Crème"


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
