"""OS names as Trivy's SBOMs, RMM tools and release files write them."""

from __future__ import annotations

import pytest

from tests.inventory.exports.helpers import scan, verdicts


@pytest.fixture(scope="module")
def found() -> dict[str, tuple[str | None, str | None, str]]:
    return {h: v for (h, _), v in verdicts(scan("os-strings.yaml")).items()}


@pytest.mark.parametrize(
    ("host", "verdict"),
    [
        ("h00", ("alpine-linux", "3.18", "eol")),  # Trivy: alpine 3.18.4
        ("h01", ("amazon-linux", "2", "eol")),  # amazon "2 (Karoo)"
        ("h02", ("amazon-linux", "2023", "supported")),
        ("h04", ("centos", "7", "eol")),
        ("h06", ("debian", "12", "supported")),  # "bookworm/sid"; free Debian LTS
        ("h08", ("oracle-linux", "8", "supported")),  # Trivy's family "oracle"
        ("h11", ("rhel", "8", "supported")),  # Trivy's family "redhat"
        ("h13", ("almalinux", "9", "supported")),
        ("h15", ("opensuse", "15.5", "eol")),  # Trivy's family "opensuse.leap"
        ("h28", ("centos", "8", "eol")),
        ("h29", ("rhel", "6", "eol")),
        ("h30", ("sles", "12.4", "eol")),
        ("h32", ("amazon-linux", "2018.03", "eol")),
        ("h33", ("freebsd", "13.2", "eol")),
        ("h35", ("esxi", "6.7", "eol")),
        ("h42", ("windows-server", "2016", "warn")),  # Evaluation edition
        ("h43", ("windows-server", "2008-r2-sp1", "eol")),  # Small Business Server 2011
        ("h44", ("windows", "11-24h2-w", "eol")),  # build in parentheses
    ],
)
def test_os_strings(
    found: dict[str, tuple[str | None, str | None, str]],
    host: str,
    verdict: tuple[str, str, str],
) -> None:
    assert found[host] == verdict


def test_distributions_without_lifecycle_data_stay_unknown(
    found: dict[str, tuple[str | None, str | None, str]],
) -> None:
    for host in ("h03", "h19", "h20", "h38", "h39"):  # Mariner, Wolfi, Azure Linux, DSM, XenServer
        assert found[host] == (None, None, "unknown"), host
