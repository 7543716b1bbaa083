"""A product's cycles as a table like endoflife.date's, with the status at a date (``db show``)."""

from __future__ import annotations

import sys
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from eolscan.formats.table import STYLES, visible
from eolscan.formats.values import ends_text, text_date
from eolscan.judgement.policy import Policy
from eolscan.judgement.risk import assess_cycle
from eolscan.model import Cycle, Product


def stdout_console() -> Console:
    """A rich console on stdout: 120 columns when piped, no markup read from the data."""
    return Console(
        file=sys.stdout,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if sys.stdout.isatty() else 120,
    )


SHOW_COLUMNS = [
    "Cycle",
    "Name",
    "Released",
    "Active ends",
    "Security ends",
    "Extended ends",
    "Latest",
    "Status",
]


def _cycle_cells(cycle: Cycle, status: str) -> list[str]:
    """One row; an end given only as a flag reads "ended" or "not announced", never a bare
    "no" under "Security support", which reads as "no security support"."""
    lts = " (LTS)" if cycle.lts and "LTS" not in cycle.label else ""  # labels often say it
    label = cycle.label + lts + (" (overlay)" if cycle.overlay else "")
    ends = (cycle.support_end, cycle.eol, cycle.extended_end)
    release = text_date(cycle.release)
    return [cycle.id, label, release, *(ends_text(d) for d in ends), cycle.latest or "", status]


def cycle_table(product: Product, as_of: date, warn_days: int) -> Table:
    """A rich table like endoflife.date's: cycle, dates, latest version and status at ``as_of``."""
    policy = Policy(as_of=as_of, warn_days=warn_days)
    title = f"{product.label} ({product.id}) at {as_of.isoformat()}"
    title += " - local overlay" if product.overlay else ""
    table = Table(title=Text(visible(title), style="bold"), title_justify="left")
    for column in SHOW_COLUMNS:
        table.add_column(column, overflow="fold")
    for cycle in product.cycles:
        status = assess_cycle(cycle, policy, extended_support=False).status
        row = [Text(visible(c)) for c in _cycle_cells(cycle, str(status))]
        row[-1].stylize(STYLES[status])
        table.add_row(*row)
    return table
