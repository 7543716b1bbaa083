"""The reader registry: every sample detected, the error for unknown files, folders as clients."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eolscan.errors import UsageError
from eolscan.inventory import PRESET_NAMES
from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.registry import (
    READERS,
    STARTS,
    detect_reader,
    expand_inputs,
    get_reader,
    reader_for,
)
from eolscan.inventory.text import read_source
from eolscan.model import Asset
from tests.helpers import REPO
from tests.inventory.helpers import SAMPLES, read_all, read_assets

DETECTED = {
    "ansible-factcache-db02.json": "ansible",
    "ansible-setup.txt": "ansible",
    "custom-columns.tsv": None,
    "cyclonedx-intranet.xml": "cyclonedx",
    "cyclonedx-shop-api.json": "cyclonedx",
    "datto-devices.csv": "datto",
    "generic-semicolon.csv": "csv",
    "lansweeper-software.csv": "lansweeper",
    "ninjaone-devices.csv": "ninjaone",
    "ninjaone-software.csv": "ninjaone",
    "ocs-computers.csv": "ocs",
    "os-release-all.txt": "os-release",
    "osquery-os_version.json": "osquery",
    "osquery-results.log": "osquery",
    "osquery-web01.json": "osquery",
    "powershell-os.csv": "powershell",
    "powershell-software.csv": "powershell",
    "spdx-billing.spdx.json": "spdx",
    "hosts/web01/os-release": "os-release",
}


def test_every_sample_is_listed_here() -> None:
    files = {
        str(p.relative_to(SAMPLES))
        for p in SAMPLES.rglob("*")
        if p.is_file() and "bad" not in p.parts and not p.name.startswith(".")
    }
    assert files - set(DETECTED) == {"hosts/db01/os-release"}


@pytest.mark.parametrize(("file", "reader"), sorted(DETECTED.items()))
def test_each_sample_is_detected_as_its_format(
    samples: Path, file: str, reader: str | None
) -> None:
    source = read_source(file)
    if reader is None:
        with pytest.raises(InventoryError):
            detect_reader(source)
    else:
        assert detect_reader(source).name == reader


def test_an_unknown_file_lists_every_format_tried(samples: Path) -> None:
    with pytest.raises(InventoryError) as info:
        detect_reader(read_source("bad/notes.txt"))
    assert str(info.value) == (
        f"bad/notes.txt: not a known inventory format (tried: {', '.join(READERS)}); "
        "use --input-format to choose one, or --map to name the columns of a CSV; "
        "a file that is no inventory can be named in .eolscanignore"
    )


def test_registry_is_complete_and_names_match() -> None:
    for name in READERS:
        reader = get_reader(name)
        assert isinstance(reader, InventoryReader)
        assert reader.name == name and reader.description
    assert set(PRESET_NAMES) <= set(READERS)


def test_map_cannot_be_combined_with_a_non_csv_format() -> None:
    with pytest.raises(UsageError) as info:
        reader_for("osquery", None, {"host": "x"})
    assert (
        str(info.value)
        == "--map and --preset read CSV; they cannot be used with --input-format osquery"
    )


def test_folder_of_clients_each_file_and_sub_folder_one_client(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "datto-devices.csv", tmp_path / "acme.csv")
    (tmp_path / "bakery").mkdir()
    shutil.copy(SAMPLES / "generic-semicolon.csv", tmp_path / "bakery" / "tills.csv")
    shutil.copytree(SAMPLES / "hosts", tmp_path / "bakery" / "hosts")
    shutil.copytree(SAMPLES / "hosts", tmp_path / "linux-fleet")
    found = [
        (Path(i.path).relative_to(tmp_path).as_posix(), i.client)
        for i in expand_inputs([str(tmp_path)])
    ]
    assert found == [
        ("acme.csv", None),
        ("bakery/tills.csv", "bakery"),
        ("bakery/hosts/db01/os-release", "bakery"),
        ("bakery/hosts/web01/os-release", "bakery"),
        ("linux-fleet/db01/os-release", "linux-fleet"),
        ("linux-fleet/web01/os-release", "linux-fleet"),
    ]
    assets, _ = read_all(tmp_path / "bakery")
    assert {(a.client, a.host) for a in assets} == {
        ("Bakery Schmidt", "KASSE1"),
        ("Bakery Schmidt", "OFFICE"),
        ("bakery", "db01"),
        ("bakery", "web01"),
    }


def test_client_option_wins_over_files_and_folders(samples: Path) -> None:
    assets, _ = read_all("hosts", "ocs-computers.csv", client="Acme")
    assert {a.client for a in assets} == {"Acme"}


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match=r"no inventory files in this directory$"):
        read_all(tmp_path)


@pytest.mark.parametrize("name", list(READERS))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.text(max_size=300),
        st.text(alphabet=',;\t"\n\r{}[]:=#|<>!-aZ0 ', max_size=300),
        st.sampled_from(
            [
                '{"bomFormat":"CycloneDX","components":[1,{"name":{}}]}',
                "[{}]",
                "{}",
                "[]",
                'x | SUCCESS => {"ansible_facts": 1}',
                '{"spdxVersion":1,"packages":[null]}',
                "<bom xmlns='http://cyclonedx.org/schema/bom/1.5'><components><component/>",
                '{"hostIdentifier":"h"}\n{"name":1,"hostIdentifier":2,"columns":[]}',
                "#TYPE x\n",
            ]
        ),
    ),
)
def test_any_garbage_becomes_assets_or_an_inventory_error(name: str, body: str) -> None:
    for lenient in (False, True):
        source = Source("garbage.csv", body, "c", on_skip=(lambda _s: None) if lenient else None)
        try:
            assets = list(read_assets(get_reader(name), source))
        except InventoryError:
            continue
        assert all(isinstance(a, Asset) and a.host and a.name for a in assets)


def _every_input_file() -> list[Path]:
    """Every file of the test suite's samples and corpora and the examples: what readers are
    proven on."""
    roots = [SAMPLES, REPO / "tests" / "corpora", REPO / "examples"]
    return sorted(
        p
        for root in roots
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.stat().st_size < 4_000_000
    )


def test_a_reader_passed_over_by_its_starts_would_not_have_claimed_the_file() -> None:
    """Detection skips a reader (without importing it) when the input does not start as the
    reader's files do; on every real sample, no skipped reader would have recognised it."""
    checked = 0
    for path in _every_input_file():
        try:
            source = read_source(str(path))
            first = source.head().lstrip()
        except InventoryError:
            continue  # binary or refused files: detection never gets this far
        for name, starts in STARTS.items():
            if not first.startswith(starts):
                checked += 1
                assert not get_reader(name).detect(source), (path, name)
    assert checked > 100
