"""osquery: osqueryi --json arrays, {table: rows} documents and osqueryd result logs."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.inventory.interface import InventoryError
from eolscan.inventory.osquery import OsqueryReader, table_of
from tests.inventory.helpers import read_all, read_assets, rows, text_source


def test_os_version_array_names_the_host_by_file(samples: Path) -> None:
    assets, _ = read_all("osquery-os_version.json")
    assert rows(assets) == [
        (
            "osquery-os_version",
            "os",
            "Microsoft Windows 10 Pro",
            "10.0.19045",
            "osquery-os_version.json:[0]",
        )
    ]


def test_tables_document_takes_the_host_from_system_info(samples: Path) -> None:
    assets, skipped = read_all("osquery-web01.json")
    assert rows(assets) == [
        (
            "web01.acme.local",
            "os",
            "Ubuntu",
            "20.04.6 LTS (Focal Fossa)",
            "osquery-web01.json:os_version[0]",
        ),
        (
            "web01.acme.local",
            "software",
            "nginx-core",
            "1.18.0-0ubuntu1.4",
            "osquery-web01.json:deb_packages[0]",
        ),
        (
            "web01.acme.local",
            "software",
            "php7.4-fpm",
            "7.4.3-4ubuntu2.24",
            "osquery-web01.json:deb_packages[1]",
        ),
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("osquery-web01.json:deb_packages[2]", "'name' must be text, not a list")
    ]


def test_result_log_reads_each_item_once_per_host(samples: Path) -> None:
    assets, skipped = read_all("osquery-results.log")
    assert rows(assets) == [
        ("mac-design-02", "os", "macOS", "13.6.9", "osquery-results.log:1"),
        ("mac-design-02", "software", "python", "3.9.20", "osquery-results.log:2"),
        ("mac-design-02", "software", "node", "16.20.2", "osquery-results.log:2"),
        (
            "db01",
            "software",
            "postgresql-server",
            "10.23-1.el7",
            "osquery-results.log:3",
        ),  # rpm_packages: version-release
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("osquery-results.log:5", "not a JSON object (expected one osquery result per line)")
    ]


@pytest.mark.parametrize(
    ("row", "query", "kind"),
    [
        ({"name": "Ubuntu", "platform": "ubuntu", "major": "22"}, "", "os"),
        ({"hostname": "h", "cpu_brand": "x"}, "", "info"),
        ({"name": "curl", "version": "7.68", "maintainer": "x"}, "", "software"),
        ({"name": "macOS", "version": "14.1"}, "pack_x_os_version", "os"),
    ],
)
def test_rows_are_told_apart_by_query_name_or_columns(
    row: dict[str, str], query: str, kind: str
) -> None:
    assert table_of(row, query) == kind


def test_a_document_that_is_no_rows_is_an_error() -> None:
    source, _ = text_source("x.json", '"just a string"')
    with pytest.raises(InventoryError, match=r"^x\.json:1: expected a JSON array of rows"):
        list(read_assets(OsqueryReader(), source))


def test_invalid_json_names_line_and_column() -> None:
    source, _ = text_source("x.json", '[\n {"name": "a",\n')
    with pytest.raises(
        InventoryError, match=r"^x\.json:3: not valid JSON: Expecting property name"
    ):
        list(read_assets(OsqueryReader(), source))


def test_homebrew_packages_array_is_detected_and_read() -> None:
    from eolscan.inventory.registry import detect_reader

    body = (
        '[\n  {"name": "php@8.0", "path": "/opt/homebrew/Cellar/php@8.0",'
        ' "prefix": "/opt/homebrew", "type": "formula", "version": "8.0.30_2"}\n]\n'
    )
    source, _ = text_source("mac-01.json", body)
    assert detect_reader(source).name == "osquery"
    assert rows(read_assets(OsqueryReader(), source)) == [
        ("mac-01", "software", "php", "8.0.30_2", "mac-01.json:[0]")
    ]


def test_a_document_of_package_tables_only_is_detected() -> None:
    from eolscan.inventory.registry import detect_reader

    source, _ = text_source(
        "pc7.json", '{"programs": [{"name": "7-Zip 19.00 (x64)", "version": "19.00"}]}'
    )
    assert detect_reader(source).name == "osquery"
    assert rows(read_assets(OsqueryReader(), source)) == [
        ("pc7", "software", "7-Zip 19.00 (x64)", "19.00", "pc7.json:programs[0]")
    ]
