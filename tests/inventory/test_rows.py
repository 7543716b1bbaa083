"""make_row: the one way a reader builds a row, held to the field limit with its location."""

from __future__ import annotations

import pytest

from eolscan.inventory.interface import InventoryError
from eolscan.inventory.rows import make_row
from eolscan.inventory.text import MAX_FIELD_CHARS
from eolscan.model import Kind, row_asset


def test_a_row_keeps_file_and_line_apart_and_shows_them_as_a_source() -> None:
    row = make_row("acme", "web1", Kind.OS, "Ubuntu", "22.04", file="hosts/web1.txt", line=3)
    assert row == ("acme", "web1", (Kind.OS, "Ubuntu", "22.04", False), "hosts/web1.txt", 3, (), "")
    assert row_asset(row).source == "hosts/web1.txt:3"


def test_an_sbom_item_keeps_its_purl_and_identifier() -> None:
    row = make_row(
        "acme",
        "app",
        Kind.SOFTWARE,
        "openssl",
        "3.0.2",
        file="bom.json:components[0]",
        purl="pkg:deb/ubuntu/openssl@3.0.2",
        identifier="pkg:deb/ubuntu/openssl@3.0.2",
    )
    asset = row_asset(row)
    assert (asset.purl, asset.identifier, asset.source) == (
        "pkg:deb/ubuntu/openssl@3.0.2",
        "pkg:deb/ubuntu/openssl@3.0.2",
        "bom.json:components[0]",
    )


@pytest.mark.parametrize(
    ("field", "line", "where"), [("name", 7, "inv.json:7"), ("version", 0, "inv.json:hosts[2]")]
)
def test_a_field_past_the_limit_is_refused_naming_where(field: str, line: int, where: str) -> None:
    values = {"name": "PHP", "version": "8.1", field: "x" * (MAX_FIELD_CHARS + 1)}
    file = "inv.json" if line else "inv.json:hosts[2]"
    with pytest.raises(InventoryError) as info:
        make_row(
            "acme", "h", Kind.SOFTWARE, values["name"], values["version"], file=file, line=line
        )
    assert str(info.value) == f"{where}: '{field}' is longer than the 64 KiB field limit"


def test_fields_each_within_the_limit_pass_even_when_their_sum_is_not() -> None:
    half = "x" * (MAX_FIELD_CHARS // 2 + 1)
    row = make_row(half, half, Kind.OS, half, half, file="inv.json", line=1)
    assert row[1] == half
