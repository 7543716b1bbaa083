"""Two ``db update`` processes at once (two cron jobs) take turns and leave a valid database."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from eolscan.lifecycles.lock import database_lock
from eolscan.lifecycles.store import load_db
from eolscan.lifecycles.update import previous_path
from tests.helpers import CURATED_PRODUCTS
from tests.lifecycles.apiserver import ApiServer


def _update(api: ApiServer, target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eolscan",
            "db",
            "update",
            "--url",
            api.base_url,
            "--db",
            str(target),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_updates_leave_a_valid_database(api: ApiServer, db_file: Path) -> None:
    first, second = _update(api, db_file), _update(api, db_file)
    results = [p.communicate(timeout=60) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    waited = "eolscan: waiting up to 120s for another eolscan update"
    messages = sorted(
        line.split(":")[0]
        for _, err in results
        for line in err.splitlines()
        if not line.startswith(waited)
    )
    assert messages == ["database is up to date", "updated " + str(db_file)]
    assert load_db(db_file).info().products == 60 + CURATED_PRODUCTS  # the update adds them
    assert load_db(previous_path(db_file)).info().products == 60
    assert sorted(p.name for p in db_file.parent.iterdir()) == [
        "lifecycles.yaml",
        "lifecycles.yaml.lock",
        "lifecycles.yaml.meta.json",
        "lifecycles.yaml.previous",
    ]


def test_update_waits_for_the_lock_held_by_another_process(api: ApiServer, db_file: Path) -> None:
    with database_lock(db_file):
        waiting = _update(api, db_file)
        time.sleep(1.0)
        assert waiting.poll() is None, "the second update must wait for the lock"
        assert api.requests == []
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert err == (
        f"eolscan: waiting up to 120s for another eolscan update ({db_file}.lock)\n"
        f"updated {db_file}: 60 products, 180 cycles\n"
    )
