"""What the user asked to be warned about: the date, the warning window, the failure level."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from eolscan.model import Status

DEFAULT_WARN_DAYS = 180


class FailOn(enum.StrEnum):
    """Which statuses make ``scan`` exit 1."""

    EOL = "eol"
    WARN = "warn"
    UNKNOWN = "unknown"
    NEVER = "never"

    def trips(self, status: Status) -> bool:
        """True when a finding with ``status`` should fail the run."""
        return status in _FAILING[self]


_FAILING: dict[FailOn, frozenset[Status]] = {
    FailOn.EOL: frozenset({Status.EOL}),
    FailOn.WARN: frozenset({Status.EOL, Status.EXTENDED, Status.WARN}),
    FailOn.UNKNOWN: frozenset({Status.EOL, Status.EXTENDED, Status.WARN, Status.UNKNOWN}),
    FailOn.NEVER: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Policy:
    """Thresholds for one run; ``as_of`` always comes from the caller, never from the clock here."""

    as_of: date
    warn_days: int = DEFAULT_WARN_DAYS
    fail_on: FailOn = FailOn.EOL
