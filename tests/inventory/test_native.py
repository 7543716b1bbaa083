"""eolscan's own formats: YAML/JSON hosts and the one-row-per-item CSV."""

from __future__ import annotations

import pytest

from eolscan.inventory.interface import InventoryError
from eolscan.inventory.native import NativeCsvReader, NativeDocumentReader
from tests.helpers import EXAMPLES
from tests.inventory.helpers import read_all, read_assets, text_source

CSV = (
    "client,host,kind,name,version,extended_support\n"
    "Acme,WEB01,os,Ubuntu 18.04.6 LTS,,false\n"
    "Acme,WEB01,software,PHP,7.4.33,\n"
    "Acme,WEB01,firmware,BIOS,1.2,\n"
    "Acme,WEB02,os\n"
)


def test_example_inventory_reads_every_host() -> None:
    assets, skipped = read_all(EXAMPLES / "acme-dental.yaml")
    assert skipped == []
    prefix = str(EXAMPLES / "acme-dental.yaml") + ":"
    assert assets and all(a.source.startswith(prefix) for a in assets)


def test_native_csv_skips_bad_rows_with_reasons() -> None:
    source, skipped = text_source("acme.csv", CSV)
    assets = list(read_assets(NativeCsvReader(), source))
    assert [(a.host, a.kind, a.name, a.version, a.source) for a in assets] == [
        ("WEB01", "os", "Ubuntu 18.04.6 LTS", "", "acme.csv:2"),
        ("WEB01", "software", "PHP", "7.4.33", "acme.csv:3"),
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("acme.csv:4", "column 'kind' must be 'os' or 'software', not 'firmware'"),
        ("acme.csv:5", "3 fields, expected 6"),
    ]


def test_native_csv_strict_raises_at_the_first_bad_row() -> None:
    source, _ = text_source("acme.csv", CSV, lenient=False)
    with pytest.raises(InventoryError) as info:
        list(read_assets(NativeCsvReader(), source))
    assert str(info.value) == "acme.csv:4: column 'kind' must be 'os' or 'software', not 'firmware'"


def test_yaml_with_an_unknown_key_names_its_line() -> None:
    source, _ = text_source("x.yaml", "client: A\nhosts:\n  - name: H\n    sofware: []\n")
    with pytest.raises(InventoryError, match=r"^x\.yaml:3: unknown host key 'sofware'"):
        list(read_assets(NativeDocumentReader(), source))


def test_native_csv_field_limit_names_line_and_limit() -> None:
    body = "host,kind,name\nPC1,os," + "W" * 70000 + "\n"
    source, _ = text_source("big.csv", body)
    with pytest.raises(InventoryError) as info:
        list(read_assets(NativeCsvReader(), source))
    assert str(info.value) == "big.csv:2: a field is longer than the 64 KiB field limit"


def test_native_csv_without_the_optional_column_reads_as_with_it_empty() -> None:
    five = (
        "client,host,kind,name,version\n"
        "Acme,WEB01,os,Ubuntu 18.04.6 LTS,\n"
        "Acme,WEB01,software,PHP,7.4.33\n"
    )
    six = (
        "client,host,kind,name,version,extended_support\n"
        "Acme,WEB01,os,Ubuntu 18.04.6 LTS,,\n"
        "Acme,WEB01,software,PHP,7.4.33,\n"
    )
    read = [list(NativeCsvReader().rows(text_source("acme.csv", text)[0])) for text in (five, six)]
    assert read[0] == read[1] and len(read[0]) == 2


def test_a_row_with_an_extra_field_in_a_five_column_file_is_skipped_not_read_as_a_flag() -> None:
    text = "client,host,kind,name,version\nAcme,WEB01,os,Windows Server 2012 R2,6.3,true\n"
    source, skipped = text_source("acme.csv", text)
    assert list(NativeCsvReader().rows(source)) == []
    assert [(s.source, s.reason) for s in skipped] == [("acme.csv:2", "6 fields, expected 5")]
