"""CSV/TSV with any column names: --map, separators, OS once per host, bad rows, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.errors import UsageError
from eolscan.inventory.csv_mapped import (
    MappedCsvReader,
    column_map_from_dict,
    parse_map,
    sniff_separator,
)
from eolscan.inventory.interface import InventoryError
from eolscan.inventory.presets import LANSWEEPER
from tests.inventory.helpers import read_all, read_assets, rows, text_source

GERMAN_MAP = {
    "host": "Rechnername",
    "os": "Betriebssystem",
    "os_version": "BS-Version",
    "name": "Anwendung",
    "version": "Anwendungsversion",
    "client": "Mandant",
}


def test_parse_map_reads_key_column_pairs_with_spaces() -> None:
    assert parse_map("host=AssetName, os=OS Name,version=softwareVersion") == {
        "host": "AssetName",
        "os": "OS Name",
        "version": "softwareVersion",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "host",
            "--map: 'host' is not key=Column (keys: host, client, os, os_version, os_build, "
            "service_pack, name, version, publisher, extended_support)",
        ),
        (
            "host=",
            "--map: 'host=' is not key=Column (keys: host, client, os, os_version, os_build, "
            "service_pack, name, version, publisher, extended_support)",
        ),
    ],
)
def test_parse_map_rejects_pairs_without_a_column(text: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_map(text)
    assert str(info.value) == message


def test_a_map_from_a_config_dict_rejects_unknown_keys() -> None:
    with pytest.raises(
        UsageError, match=r"^--map: unknown key 'hots' \(expected one of host, client"
    ):
        column_map_from_dict({"hots": "AssetName"})


@pytest.mark.parametrize(
    ("line", "sep"),
    [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("single", ",")],
)
def test_separator_is_sniffed_from_the_header(line: str, sep: str) -> None:
    assert sniff_separator(line) == sep


def test_mapped_tsv_reads_hosts_os_once_and_software(samples: Path) -> None:
    assets, skipped = read_all("custom-columns.tsv", mapping=GERMAN_MAP)
    assert skipped == []
    assert rows(assets) == [
        ("PC-LAGER", "os", "Windows 10 Enterprise", "10.0.19045", "custom-columns.tsv:2"),
        ("PC-LAGER", "software", "PostgreSQL 11", "11.22", "custom-columns.tsv:2"),
        ("PC-LAGER", "software", "Python 3.8", "3.8.10", "custom-columns.tsv:3"),
        ("SRV-ERP", "os", "Red Hat Enterprise Linux", "7.9", "custom-columns.tsv:4"),
        ("SRV-ERP", "software", "OpenJDK", "11.0.21", "custom-columns.tsv:4"),
    ]
    assert {a.client for a in assets} == {"Lager GmbH"}


def test_map_naming_a_missing_column_is_an_error_naming_it(samples: Path) -> None:
    with pytest.raises(InventoryError) as info:
        read_all("custom-columns.tsv", mapping={**GERMAN_MAP, "os": "OS"})
    assert str(info.value) == (
        "custom-columns.tsv:1: column 'OS' (--map os) is not in the header (found: Rechnername, "
        "Betriebssystem, BS-Version, Anwendung, Anwendungsversion, Mandant)"
    )


def test_map_adds_to_a_preset() -> None:
    column_map = column_map_from_dict({"host": "Computer"}, LANSWEEPER)
    source, _ = text_source("x.csv", "Computer,OSname\nPC9,Win 2016\n")
    assets = list(read_assets(MappedCsvReader(column_map), source))
    assert rows(assets) == [("PC9", "os", "Windows Server 2016", "", "x.csv:2")]


def test_a_lone_version_column_is_the_os_version_when_there_is_no_software() -> None:
    source, _ = text_source("os.csv", "hostname,os,version\nSRV1,Ubuntu,22.04\n")
    assert rows(read_assets(MappedCsvReader(), source)) == [
        ("SRV1", "os", "Ubuntu", "22.04", "os.csv:2")
    ]


def test_without_a_host_column_the_file_names_the_host() -> None:
    column_map = column_map_from_dict({"name": "DisplayName", "version": "DisplayVersion"})
    source, _ = text_source("PC-42.csv", "DisplayName,DisplayVersion\n7-Zip 19.00 (x64),19.00\n")
    assert rows(read_assets(MappedCsvReader(column_map), source)) == [
        ("PC-42", "software", "7-Zip 19.00 (x64)", "19.00", "PC-42.csv:2")
    ]


def test_bad_rows_are_skipped_with_their_line_and_the_rest_is_read(samples: Path) -> None:
    assets, skipped = read_all("bad/lansweeper-bad-rows.csv")
    assert rows(assets) == [
        ("PC01", "os", "Windows 10", "", "bad/lansweeper-bad-rows.csv:2"),
        ("PC01", "software", "Firefox", "115.0", "bad/lansweeper-bad-rows.csv:2"),
        ("PC03", "os", "Windows 11", "", "bad/lansweeper-bad-rows.csv:5"),
        ("PC03", "software", "Chrome", "120", "bad/lansweeper-bad-rows.csv:5"),
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("bad/lansweeper-bad-rows.csv:3", "2 fields, expected 4"),
        ("bad/lansweeper-bad-rows.csv:4", "column 'AssetName' (host) is empty"),
    ]


def test_strict_stops_at_the_first_bad_row(samples: Path) -> None:
    from eolscan.inventory.registry import read_inventories

    with pytest.raises(InventoryError) as info:
        list(read_inventories(["bad/lansweeper-bad-rows.csv"]))
    assert str(info.value) == "bad/lansweeper-bad-rows.csv:3: 2 fields, expected 4"


def test_a_field_over_64_kib_is_refused_naming_the_limit(samples: Path) -> None:
    with pytest.raises(InventoryError) as info:
        read_all("bad/long-field.csv")
    assert str(info.value) == (
        "bad/long-field.csv:2: a field is longer than the 64 KiB field limit"
    )


def test_header_without_rows_reads_nothing(samples: Path) -> None:
    assert read_all("bad/header-only.csv") == ([], [])


def test_extended_support_column_is_read_and_bad_values_skipped() -> None:
    source, skipped = text_source(
        "esu.csv",
        "host,os,os version,esu\nPC1,Windows 10 Pro,10.0.19045,yes\nPC2,Windows 10 Pro,,maybe\n",
    )
    assets = list(read_assets(MappedCsvReader(), source))
    assert [(a.host, a.extended_support) for a in assets] == [("PC1", True)]
    assert [(s.source, s.reason) for s in skipped] == [
        ("esu.csv:3", "'extended_support' must be true or false, not 'maybe'")
    ]


def test_same_host_on_many_rows_yields_its_os_once() -> None:
    body = "host,os,software,version\n" + "".join(
        f"PC1,Windows 10 Pro,App {i},{i}.0\n" for i in range(50)
    )
    source, _ = text_source("many.csv", body)
    assets = list(read_assets(MappedCsvReader(), source))
    assert [a.kind for a in assets].count("os") == 1
    assert len(assets) == 51


def test_quoted_fields_with_separators_and_newlines() -> None:
    source, _ = text_source("q.csv", 'host;software;version\n"PC;1";"Office\n2016";"16.0"\n')
    assert rows(read_assets(MappedCsvReader(), source)) == [
        ("PC;1", "software", "Office\n2016", "16.0", "q.csv:3")
    ]


def test_excel_separator_line_is_obeyed_and_skipped() -> None:
    source, _ = text_source(
        "x.csv", "sep=;\nhost;software;version\nPC1;Adobe Reader, DC;2015.006\n"
    )
    assert rows(read_assets(MappedCsvReader(), source)) == [
        ("PC1", "software", "Adobe Reader, DC", "2015.006", "x.csv:3")
    ]


LANSWEEPER_LINES = [
    "AssetName,OSname,Version,softwareName,softwareVersion",
    "PC1,Win 10,10.0.19045,7-Zip 19.00 (x64),19.00",
    "PC1,Win 10,10.0.19045,Mozilla Firefox,115.0",
    "pc1,Win 10,10.0.19045,7-Zip 19.00 (x64),19.00",
    ",Win 11,10.0.22631,Notepad++,8.6",
    "PC2,Win 2012 R2,6.3.9600,,",
    "PC2,Win 2012 R2,6.3.9600,Java 8 Update 381,8.0.3810.9,extra",
    "PC3,Win 11",
    "",
    "PC3,Win 11,10.0.22631, Google Chrome ,120.0",
    "PC1,Win 10,10.0.19045,Mozilla Firefox,115.0",
    "PC4,,,PuTTY,0.79",
]
"""A Lansweeper export with a repeated host, an empty host, an item without a name, extra and
missing fields, a blank line, padded cells and a host that comes back later."""


@pytest.mark.parametrize("quoted_line", [None, 5])
def test_plain_comma_lines_read_as_csv_reader_reads_them(quoted_line: int | None) -> None:
    """Comma-separated lines are split in blocks, a host's OS and each software spelling read
    once; the same rows through ``csv.reader`` (semicolons, or a quote that hands the rest of
    the file to it) give the same rows and skipped lines."""
    lines = list(LANSWEEPER_LINES)
    if quoted_line is not None:
        lines[quoted_line] = lines[quoted_line].replace("Win 2012 R2", '"Win 2012 R2"')
    by_blocks, skipped_blocks = text_source("ls.csv", "\n".join(lines) + "\n")
    by_reader, skipped_reader = text_source("ls.csv", "\n".join(lines).replace(",", ";") + "\n")
    blocks = read_assets(MappedCsvReader(LANSWEEPER), by_blocks)
    reader = read_assets(MappedCsvReader(LANSWEEPER), by_reader)
    assert rows(blocks) == rows(reader)
    assert rows(blocks)[:3] == [
        ("PC1", "os", "Windows 10", "10.0.19045", "ls.csv:2"),
        ("PC1", "software", "7-Zip 19.00 (x64)", "19.00", "ls.csv:2"),
        ("PC1", "software", "Mozilla Firefox", "115.0", "ls.csv:3"),
    ]
    assert [a.name for a in blocks].count("Windows 10") == 1
    assert [(s.source, s.reason) for s in skipped_blocks] == [
        (s.source, s.reason.replace(";", ",")) for s in skipped_reader
    ]
    assert [s.source for s in skipped_blocks] == ["ls.csv:5", "ls.csv:8"]
