"""The database's product names, normalised, are kept in the cache for the database file as
it is on disk: the same index either way; a database changed since, or changed in memory by
an overlay, is indexed afresh."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from eolscan.lifecycles.paths import bundled_db_path, rules_path
from eolscan.lifecycles.store import LifecycleDB, load_db
from eolscan.matching import Matcher
from eolscan.matching.rules import RuleSet, load_rules


def unindexed(monkeypatch: pytest.MonkeyPatch) -> list[LifecycleDB]:
    """Record each database whose names are normalised here rather than read back."""
    indexed: list[LifecycleDB] = []
    build = Matcher._database_names

    def recorded(self: Matcher) -> dict[str, str]:
        indexed.append(self.db)
        return build(self)

    monkeypatch.setattr(Matcher, "_database_names", recorded)
    return indexed


@pytest.fixture
def copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, RuleSet, list[LifecycleDB]]:
    """A copy of the bundled database in a folder of its own, with a cache of its own; the
    bundled rules; and the databases indexed afresh from then on."""
    monkeypatch.setenv("EOLSCAN_CACHE_DIR", str(tmp_path / "cache"))
    database = tmp_path / "lifecycles.yaml"
    shutil.copyfile(bundled_db_path(), database)
    return database, load_rules(rules_path()), unindexed(monkeypatch)


def test_a_database_file_is_indexed_once_and_read_back_the_same(
    copied: tuple[Path, RuleSet, list[LifecycleDB]],
) -> None:
    database, rules, indexed = copied
    first = Matcher(load_db(database), rules)
    again = Matcher(load_db(database), rules)
    assert len(indexed) == 1
    assert again._names == first._names
    assert first._names["microsoft windows server"] == "windows-server"
    server = ("os", "Microsoft Windows Server 2012 R2 Standard", "6.3.9600")
    assert again.match(*server) == first.match(*server)


def test_a_database_changed_on_disk_or_in_memory_is_indexed_afresh(
    copied: tuple[Path, RuleSet, list[LifecycleDB]],
) -> None:
    database, rules, indexed = copied
    Matcher(load_db(database), rules)
    text = database.read_text(encoding="utf-8")
    database.write_text(text.replace("label: Microsoft Windows Server", "label: Windows Servers"))
    info = database.stat()
    os.utime(database, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    changed = load_db(database)
    assert Matcher(changed, rules)._names["windows servers"] == "windows-server"
    overlaid = load_db(database)
    overlaid.add_raw_product(
        "contoso-ledger",
        {"label": "Contoso Ledger", "category": "app", "aliases": [], "cycles": []},
    )
    assert Matcher(overlaid, rules)._names["contoso ledger"] == "contoso-ledger"
    assert len(indexed) == 3
