"""Fixtures for recognition tests: the bundled database and rules, and the real-world corpus."""

from __future__ import annotations

import pytest

from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher


@pytest.fixture(scope="session")
def database() -> LifecycleDB:
    """The bundled lifecycle database."""
    from eolscan.cli.options import open_database

    return open_database(None)


@pytest.fixture(scope="session")
def matcher(database: LifecycleDB) -> Matcher:
    """The bundled rules over the bundled database."""
    from eolscan.cli.options import open_matcher

    return open_matcher(database)
