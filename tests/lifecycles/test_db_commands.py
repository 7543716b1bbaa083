"""``db show``, ``db search`` and ``db info`` on the bundled database at a fixed date."""

from __future__ import annotations

from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.lifecycles.paths import bundled_db_path
from tests.helpers import AS_OF, ASSETS, CURATED_CYCLES, CURATED_PRODUCTS

OVERLAY = ASSETS / "overlay" / "acme-overlay.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(stdout: str) -> dict[str, list[str]]:
    """Table rows keyed by their first cell (the cycle id)."""
    found = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) == 8 and cells[0]:
            found[cells[0]] = cells
    return found


def test_show_lists_cycles_with_dates_and_status() -> None:
    code, out, _ = invoke("db", "show", "windows-server", "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[0].strip() == f"Microsoft Windows Server (windows-server) at {AS_OF}"
    table = rows(out)
    assert table["2012-r2"][2:] == [
        "2013-11-25",
        "2018-10-09",
        "2023-10-10",
        "2026-10-13",
        "6.3.9600",
        "eol",
    ]
    assert table["2016"][-1] == "warn"
    assert table["2025"][-1] == "supported"


def test_show_accepts_a_name_and_the_date_changes_the_status() -> None:
    code, out, _ = invoke("db", "show", "Windows Server", "--as-of", "2016-01-01")
    assert code == 0
    assert rows(out)["2012-r2"][-1] == "supported"


def test_show_unknown_product_suggests_close_ones() -> None:
    code, _, err = invoke("db", "show", "sqlserv")
    assert (code, err) == (
        3,
        "eolscan: error: no product 'sqlserv' in the lifecycle database;"
        " did you mean: mssqlserver\n",
    )


def test_show_marks_overlay_cycles() -> None:
    code, out, _ = invoke("db", "show", "acme-pm", "--overlay", str(OVERLAY), "--as-of", AS_OF)
    assert code == 0
    assert "Acme Practice Manager (acme-pm) at 2026-11-23 - local overlay" in out
    table = rows(out)
    assert table["5"][1:] == ["5 (overlay)", "2021-03-01", "", "2026-06-30", "", "5.9", "eol"]
    assert table["6"][-1] == "supported"


def test_search_matches_id_label_alias_and_category() -> None:
    code, out, _ = invoke("db", "search", "sql server")
    assert code == 0
    assert out == (
        "mssqlserver\tMicrosoft SQL Server\tdatabase\t36 cycles\n"
        "ssms\tSQL Server Management Studio\tapp\t1 cycles\n"  # curated, found by its label
    )
    _, out, _ = invoke("db", "search", "acme", "--overlay", str(OVERLAY))
    assert out == "acme-pm\tAcme Practice Manager\tapp\t2 cycles\n"


def test_search_without_match() -> None:
    assert invoke("db", "search", "no-such-thing-at-all") == (
        0,
        "",
        "no product matches 'no-such-thing-at-all'\n",
    )


def test_info_lists_source_snapshot_age_counts_and_location() -> None:
    from datetime import date

    from eolscan.cli.options import open_database

    data_date = open_database(None).data_date[:10]  # the bundled data's newest date
    age = (date(2026, 12, 1) - date.fromisoformat(data_date)).days
    code, out, _ = invoke("db", "info", "--as-of", "2026-12-01")
    assert code == 0
    assert out == (
        "source:       endoflife.date API v1 (offline snapshot)\n"
        "snapshot:     2026-11-23T00:00:00+00:00 (when it was converted)\n"
        f"data date:    {data_date} (newest release or latest-version date in it)\n"
        f"age:          {age} days (from the data date)\n"
        f"products:     {464 + CURATED_PRODUCTS}\n"
        f"cycles:       {8351 + CURATED_CYCLES}\n"
        f"location:     {bundled_db_path()}\n"
        "overlay:      none\n"
    )


def test_info_counts_overlay_products() -> None:
    code, out, _ = invoke("db", "info", "--overlay", str(OVERLAY), "--as-of", AS_OF)
    assert code == 0
    assert f"products:     {465 + CURATED_PRODUCTS}\n" in out
    assert f"overlay:      {OVERLAY}\n" in out


HOSTILE = ASSETS / "overlay" / "hostile-names.yaml"


def test_hostile_names_are_shown_literally() -> None:
    code, out, _ = invoke("db", "search", "evil", "--overlay", str(HOSTILE))
    assert code == 0
    assert out == "evil-app\tEvil\\x1b[31m App [bold red]x[/bold red]\tapp\\x09cat\t1 cycles\n"
    code, out, _ = invoke("db", "show", "evil-app", "--overlay", str(HOSTILE), "--as-of", AS_OF)
    assert code == 0
    assert "\x1b" not in out and "\a" not in out
    assert "Evil\\x1b[31m App [bold red]x[/bold red] (evil-app)" in out
    assert "One\\x1b]0;pwned\\x07" in out


def test_show_marks_lts_once_when_the_label_already_says_it() -> None:
    result = CliRunner().invoke(
        cli, ["db", "show", "nodejs", "--as-of", AS_OF], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0
    assert rows(result.stdout)["24"][1] == "24 (LTS)"
    assert "(LTS) (LTS)" not in result.stdout
