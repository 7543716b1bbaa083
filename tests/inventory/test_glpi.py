"""GLPI Agent / FusionInventory JSON and XML, on the format's own examples (tests/corpora/glpi)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.glpi import GlpiReader
from tests.inventory.helpers import read_assets, read_detected, refused, text_source

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "glpi"


@pytest.fixture(autouse=True)
def _in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)


@pytest.mark.parametrize(
    ("file", "host", "os_name", "os_version", "first", "count", "tags"),
    [
        (
            "glpixps-fedora31.json",
            "glpixps",
            "Fedora 31 (Workstation Edition)",
            "31 (Workstation Edition)",
            ("gitg", "3.32.1-1.fc31"),
            4,
            ("package:rpm",),
        ),
        (
            "lf014-fedora25.json",
            "LF014",
            "Fedora release 25 (Twenty Five)",
            "25",
            ("xerces-j2", "2.11.0-24.fc24"),
            5,
            ("package:rpm",),
        ),
        (
            "lf014-fedora25.xml",
            "LF014",
            "Fedora release 25 (Twenty Five)",
            "25",
            ("xerces-j2", "2.11.0-24.fc24"),
            3,
            ("package:rpm",),
        ),
        (
            "pc-arg-23-windows81.xml",
            "pc-arg-23",
            "Microsoft Windows 8.1 Professionnel",
            "6.3.9600",  # Windows by its build: the agent's kernel_version
            ("CCleaner", "5.09"),
            4,
            (),  # read from the registry: not a distribution package
        ),
    ],
)
def test_glpi_inventories(
    file: str,
    host: str,
    os_name: str,
    os_version: str,
    first: tuple[str, str],
    count: int,
    tags: tuple[str, ...],
) -> None:
    assets = read_detected(file, "glpi")
    assert {a.host for a in assets} == {host}
    assert (str(assets[0].kind), assets[0].name, assets[0].version) == ("os", os_name, os_version)
    software = [a for a in assets if str(a.kind) == "software"]
    assert (software[0].name, software[0].version) == first
    assert software[0].source == f"{file}:content.softwares[0]"
    assert software[0].tags == tags
    assert len(software) == count


def test_network_equipment_is_not_an_inventory() -> None:
    assert refused("network-equipment.json") == (
        "eolscan: error: network-equipment.json:1: not an inventory: "
        "it has no operating system or software"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x "y">]>\n<REQUEST><CONTENT/></REQUEST>',
            "bad.xml: XML with a DTD or entities is refused (a GLPI inventory needs neither)",
        ),
        (
            "<REQUEST>\n<CONTENT>\n<SOFTWARES><NAME>x</NAME>\n</CONTENT></REQUEST>",
            "bad.xml:4: not valid XML: ",
        ),
        (
            '{"content": {"softwares": 3, "hardware": {"name": "pc1"}}}',
            "bad.xml: content.softwares must be a list",
        ),
    ],
)
def test_bad_glpi_inventories_give_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.xml").write_text(text, encoding="utf-8")
    line = refused("--input-format", "glpi", "bad.xml")
    assert line.startswith(f"eolscan: error: {message}")  # the parser's own words follow


def test_a_software_item_without_a_name_is_stepped_over() -> None:
    body = '{"content": {"hardware": {"name": "pc1"}, "softwares": [{"version": "1"}, '
    body += '{"name": "7-Zip", "version": "19.00"}]}}'
    source, skipped = text_source("pc1.json", body)
    assets = list(read_assets(GlpiReader(), source))
    assert [(a.host, a.name) for a in assets] == [("pc1", "7-Zip")]
    assert [(s.source, s.reason) for s in skipped] == [
        ("pc1.json:content.softwares[0]", "software has no name")
    ]


def test_the_listing_says_how_each_file_was_read() -> None:
    result = CliRunner().invoke(cli, ["inventory", "glpixps-fedora31.json", "lf014-fedora25.xml"])
    assert result.exit_code == 0
    how = "read as glpi (GLPI Agent / FusionInventory inventory (JSON content.* or XML <REQUEST>))"
    lines = result.stderr.splitlines()[:2]  # how each file was read; then which client
    assert [line.split("; client ")[0] for line in lines] == [
        f"eolscan: glpixps-fedora31.json: {how}",
        f"eolscan: lf014-fedora25.xml: {how}",
    ]
