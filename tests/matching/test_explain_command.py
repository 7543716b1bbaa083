"""``eolscan explain`` shows the normalised form, evidence, candidates and chosen cycle."""

from __future__ import annotations

from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.helpers import AS_OF


def _explain(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["explain", *args, "--as-of", AS_OF])
    return result.exit_code, result.output.splitlines()


def test_windows_build_and_edition() -> None:
    code, lines = _explain("Microsoft Windows 10 Pro", "10.0.19045")
    assert code == 0
    assert lines == [
        "input:       'Microsoft Windows 10 Pro' version '10.0.19045' (as os)",
        "normalised:  'microsoft windows 10 pro'",
        "matched by:  rule windows-client",
        "product:     windows (Microsoft Windows)",
        "candidates:  10-22h2",
        "cycle:       10-22h2   because build/release 10-22h2, w edition cycle",
        "status:      eol at 2026-11-23",
        "eol:         2025-10-14   days left: -405",
        "upgrade to:  11 25H2 (W)",  # 26H1 ships on new devices only
    ]


def test_rpm_package_line_is_split_and_judged_as_software() -> None:
    code, lines = _explain("nginx-1.20.1-14.el9_2.1.x86_64")
    assert code == 0
    assert lines[0] == "input:       'nginx-1.20.1-14.el9_2.1.x86_64' version '' (as software)"
    assert lines[1] == "normalised:  package 'nginx' version 1.20.1"
    assert lines[5] == "cycle:       1.20   because version 1.20.1 starts with the cycle"


def test_curated_cpe_goes_through_the_rules() -> None:
    code, lines = _explain("cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*")
    assert code == 0
    assert lines[1] == "normalised:  cpe o:microsoft:windows_server_2012 version r2 update -"
    assert lines[2].startswith("matched by:  cpe o:microsoft:windows_server_2012 as ")
    assert lines[5].startswith("cycle:       2012-r2")


def test_unknown_product_says_why() -> None:
    code, lines = _explain("Acme Billing 4.2")
    assert code == 0
    assert lines[2] == "matched by:  -"
    assert (
        lines[-1]
        == "why:         product not recognised: 'Acme Billing 4.2' matches no rule or product name"
    )


def test_partial_name_lists_candidates_and_the_shared_status() -> None:
    code, lines = _explain("Windows 10 Pro")
    assert code == 0
    assert lines[4].startswith("candidates:  10-22h2, 10-21h2-w,")
    assert lines[5] == "cycle:       -"
    assert lines[6] == "status:      eol at 2026-11-23"
    assert lines[-1].endswith("are all eol; latest dates shown")
