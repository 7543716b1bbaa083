"""Helpers shared by the tests in this folder (fixtures stay in conftest.py)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

MEMORY_LIMIT = 1 << 30
"""Address space allowed to a child eolscan (1 GiB): a bomb that expands fails, not the machine."""
TIMEOUT = 60
"""Seconds a child eolscan may run; a hang fails the test instead of blocking it."""


def limits(memory: int = MEMORY_LIMIT, file_size: int | None = None) -> Callable[[], None]:
    """A ``preexec_fn`` capping memory and, optionally, the size of any file written."""

    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        # A suite started in the background by a non-interactive shell (``cmd &``) passes
        # SIGINT on as ignored, and Python then keeps ignoring it; Ctrl-C tests need it live.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return apply


def eolscan_command(*args: str) -> list[str]:
    """The command line that runs eolscan's real entry point (signal handling included)."""
    return [sys.executable, "-m", "eolscan", *args]


def run_eolscan(
    args: Sequence[str],
    cwd: Path | None = None,
    file_size: int | None = None,
    memory: int = MEMORY_LIMIT,
) -> subprocess.CompletedProcess[str]:
    """Run eolscan to completion in a child process under the limits above."""
    return subprocess.run(
        eolscan_command(*args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=limits(memory, file_size),
        check=False,
    )


def write_big_inventory(path: Path, hosts: int) -> Path:
    """A valid CSV inventory, two items per host; large enough that its report takes a while."""
    rows = ["client,host,kind,name,version"]
    for i in range(hosts):
        rows.append(f"Acme,HOST-{i:06d},os,Ubuntu 18.04.6 LTS,")
        rows.append(f"Acme,HOST-{i:06d},software,PHP,7.4.{i % 40}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
