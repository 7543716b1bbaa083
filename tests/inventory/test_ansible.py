"""Ansible facts: ad-hoc setup output (Linux and Windows), fact cache files."""

from __future__ import annotations

from pathlib import Path

import pytest

from eolscan.inventory.ansible import AnsibleReader
from eolscan.inventory.interface import InventoryError
from tests.inventory.helpers import read_all, read_assets, rows, text_source


def test_setup_output_with_windows_and_an_unreachable_host(samples: Path) -> None:
    assets, skipped = read_all("ansible-setup.txt")
    assert rows(assets) == [
        ("app01", "os", "Ubuntu", "18.04", "ansible-setup.txt:1"),
        (
            "win-sql01.acme.local",
            "os",
            "Microsoft Windows Server 2019 Datacenter",
            "10.0.17763.0",
            "ansible-setup.txt:16",
        ),
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        (
            "ansible-setup.txt:29",
            "host 'old-nas' is UNREACHABLE: Failed to connect to the host via ssh: "
            "ssh: connect to host old-nas port 22: No route to host",
        ),
    ]


def test_a_json_file_of_one_host_not_named_by_ansible_uses_ansible_hostname(
    samples: Path,
) -> None:
    assets, _ = read_all("ansible-factcache-db02.json")
    assert rows(assets) == [("db02", "os", "CentOS", "7.9", "ansible-factcache-db02.json:1")]


def test_a_document_of_hosts_with_unprefixed_facts() -> None:
    source, skipped = text_source(
        "facts.json",
        '{"web1": {"ansible_facts": {"distribution": "Debian", "distribution_version": "12.4"}},'
        ' "web2": "gone"}',
    )
    assert rows(read_assets(AnsibleReader(), source)) == [
        ("web1", "os", "Debian", "12.4", "facts.json:web1")
    ]
    assert [(s.source, s.reason) for s in skipped] == [
        ("facts.json:web2", "expected the Ansible facts of this host")
    ]


def test_broken_json_after_the_arrow_is_skipped_not_fatal() -> None:
    source, skipped = text_source(
        "out.txt",
        'a | SUCCESS => {\n  "ansible_facts": {\n'
        'b | SUCCESS => {"ansible_facts": {"ansible_distribution": "Fedora",'
        ' "ansible_distribution_version": "39"}}\n',
    )
    assert rows(read_assets(AnsibleReader(), source)) == [("b", "os", "Fedora", "39", "out.txt:3")]
    assert [(s.source, s.reason) for s in skipped] == [
        ("out.txt:1", "host 'a': the facts after '=>' are not valid JSON")
    ]


def test_facts_that_are_not_an_object_are_an_error() -> None:
    source, _ = text_source("f.json", '["ansible_facts"]')
    with pytest.raises(
        InventoryError, match=r"^f\.json:1: expected a JSON object of Ansible facts$"
    ):
        list(read_assets(AnsibleReader(), source))


def test_warnings_before_the_first_host_are_ignored() -> None:
    from eolscan.inventory.registry import detect_reader

    source, skipped = text_source(
        "setup.txt",
        "[WARNING]: Platform linux on host web9 is using the discovered Python interpreter\n"
        'web9 | SUCCESS => {"ansible_facts": {"ansible_distribution": "Rocky",'
        ' "ansible_distribution_version": "8.9"}, "changed": false}\n',
    )
    assert detect_reader(source).name == "ansible"
    assert rows(read_assets(AnsibleReader(), source)) == [
        ("web9", "os", "Rocky", "8.9", "setup.txt:2")
    ]
    assert skipped == []


def _fact_cache(short: str) -> str:
    """A jsonfile fact-cache entry as Ansible writes it (facts without ``ansible_facts``)."""
    return (
        "{\n"
        '    "ansible_distribution": "Debian",\n'
        '    "ansible_distribution_major_version": "11",\n'
        '    "ansible_distribution_version": "11.11",\n'
        f'    "ansible_hostname": "{short}",\n'
        '    "ansible_os_family": "Debian",\n'
        '    "_ansible_facts_gathered": true\n'
        "}\n"
    )


def test_fact_cache_files_are_hosts_by_inventory_name_not_short_name(tmp_path: Path) -> None:
    """17 machines in three sites, whose short names repeat: 17 hosts, never 11."""
    from eolscan.inventory.registry import read_inventories

    cache = tmp_path / "facts"
    cache.mkdir()
    names = [f"web0{n}.{site}.example.com" for site in ("fra", "ams") for n in range(1, 7)]
    names += ["10.20.0.5", "10.20.0.6", "db01.fra.example.com", "db01.ams.example.com", "nas"]
    for name in names:
        (cache / name).write_text(_fact_cache(name.split(".")[0]))
    assets = list(read_inventories([str(cache)]))
    assert sorted(a.host for a in assets) == sorted(names)
    assert {a.client for a in assets} == {"facts"}
