"""Bounded fuzzing of every loader of untrusted bytes: the outcome is a result or an EolscanError.

``EOLSCAN_FUZZ_EXAMPLES`` sets the examples per loader and strategy (default 100,
about half a minute for the whole module); raise it for a longer local run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eolscan.errors import EolscanError
from tests.hardening import strategies
from tests.hardening.loaders import LOADERS

EXAMPLES = int(os.environ.get("EOLSCAN_FUZZ_EXAMPLES", "100"))
STRATEGIES: dict[str, Callable[[], st.SearchStrategy[bytes]]] = {
    "bytes": lambda: st.binary(max_size=4096),
    "damaged": strategies.damaged_files,
    "shaped": strategies.shaped_documents,
    "mutated": strategies.mutated_documents,
    "csv": strategies.csv_files,
    "bombs": strategies.bombs,
}
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check_outcome(loader: str, data: bytes, scratch: Path) -> None:
    """Call the loader; a result is fine, an EolscanError must be one non-empty line."""
    try:
        LOADERS[loader](data, scratch)
    except EolscanError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message, message


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_loader_returns_or_raises_a_clear_error(loader: str, strategy: str, scratch: Path) -> None:
    @FUZZ
    @given(data=STRATEGIES[strategy]())
    def run(data: bytes) -> None:
        check_outcome(loader, data, scratch)

    run()


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_scan_command_exits_0_1_or_3_with_one_line_and_no_traceback(scratch: Path) -> None:
    """The same hostile bytes through ``eolscan scan`` in process, under each file extension."""
    from click.testing import CliRunner

    from eolscan.cli.main import cli
    from tests.helpers import AS_OF

    runner = CliRunner()

    @FUZZ
    @given(
        data=strategies.hostile_inputs(), suffix=st.sampled_from([".yaml", ".json", ".csv", ".txt"])
    )
    def run(data: bytes, suffix: str) -> None:
        path = scratch / f"cli{suffix}"
        path.write_bytes(data)
        result = runner.invoke(cli, ["scan", "--as-of", AS_OF, "--format", "json", str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code in (0, 1, 3)
        if result.exit_code == 3:
            assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(
                "eolscan: error: "
            )
            assert result.stdout == ""

    run()
