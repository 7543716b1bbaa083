"""One exception root for eolscan, a subclass per layer, and the named exit codes.

The CLI catches ``EolscanError`` once and turns it into one line on stderr and an
exit code, so a user's mistake never shows a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
"""Nothing at or above ``--fail-on``."""
EXIT_FINDINGS = 1
"""Findings at or above ``--fail-on``."""
EXIT_USAGE = 2
"""Bad command line (click's own code for usage errors)."""
EXIT_INPUT = 3
"""Bad input, database or network error."""


class EolscanError(Exception):
    """Root of every error eolscan reports to the user as one line."""

    exit_code = EXIT_INPUT


class InputError(EolscanError):
    """An inventory (or other user file) cannot be read; the message names file and line."""


class DatabaseError(EolscanError):
    """The lifecycle database is missing, corrupt or cannot be built."""


class NetworkError(EolscanError):
    """Fetching lifecycle data failed."""


class OutputError(EolscanError):
    """A report cannot be written."""


class UsageError(EolscanError):
    """Options that make no sense together, found after click parsed them."""

    exit_code = EXIT_USAGE
