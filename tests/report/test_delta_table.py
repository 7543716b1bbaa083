"""The on-disk table of a large comparison's differences keeps every finding apart."""

from __future__ import annotations

from eolscan.judgement.changes import Change, Delta, Entry
from eolscan.model import Status
from eolscan.report.delta_table import DeltaTable


def test_names_holding_any_character_stay_distinct_findings() -> None:
    """A separator inside names (here the unit separator) must not make two findings one."""
    first = Entry("Acme", "PC-01", "software", "Tool\x1fA", Status.EOL, "1.0")
    second = Entry("Acme", "PC-01", "software\x1fTool", "A", Status.WARN, "1.0")
    table = DeltaTable()
    try:
        table.add(0, Delta(Change.NEW, first))
        table.add(1, Delta(Change.NEW, second))
        table.finish()
        assert len(table) == 2 and table.count(Change.NEW) == 2
        assert table[first.key].entry == first and table[second.key].entry == second
        assert [delta.entry for delta in table.ordered()] == [first, second]
    finally:
        table.close()
