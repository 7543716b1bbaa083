"""The client's copy: no paths, lines, overlay marks or rule names; branding; client.toml."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from tests.formats.helpers import scan
from tests.helpers import AS_OF, ASSETS, REPO

LOGO = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Er"
    "kJggg=="
)
"""A 1x1 PNG: the smallest real image the report can embed."""


@pytest.fixture
def client_folder(tmp_path: Path) -> Path:
    """clients/acme/ holding an export without a client name and a client.toml."""
    folder = tmp_path / "clients" / "acme"
    folder.mkdir(parents=True)
    text = (ASSETS / "reports" / "acme-dental.yaml").read_text(encoding="utf-8")
    (folder / "inventory.yaml").write_text(text.replace("client: Acme Dental\n", ""), "utf-8")
    (folder / "client.toml").write_text(
        'name = "Acme Dental Practice Ltd"\n'
        'contacts = ["Dr Jane Molar <jane@acme.example>"]\n'
        'contracts = ["Managed IT until 2027-03-31"]\n'
        "[[ignore]]\n"
        'name = "Acme Dental Charting*"\n'
        'reason = "line-of-business app, supported by its vendor"\n',
        encoding="utf-8",
    )
    (tmp_path / "logo.png").write_bytes(base64.b64decode(LOGO))
    (tmp_path / "eolscan.toml").write_text(
        'audience = "client"\n[report]\nbrand_name = "North IT Services"\n'
        'brand_contact = "help@northit.example"\nbrand_logo = "logo.png"\n',
        encoding="utf-8",
    )
    return tmp_path


def _report(root: Path, fmt: str, *args: str) -> str:
    """The report in ``fmt``; a table as wide as its longest cells (nothing folded)."""
    config = ["--config", str(root / "eolscan.toml"), "--as-of", AS_OF]
    args = (str(root / "clients"), *config, "-f", fmt, "--fail-on", "never", *args)
    result = CliRunner().invoke(cli, ["scan", *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_client_copy_has_no_paths_lines_or_overlay_marks(client_folder: Path) -> None:
    for fmt in ("html", "markdown", "table"):
        text = _report(client_folder, fmt)
        assert "inventory.yaml" not in text and str(client_folder) not in text
        assert not re.search(r"\bline \d+", text) and "(overlay)" not in text
        assert "Windows 10 version 22H2" in text, fmt  # a plain name, not "10 22H2"
        assert "Windows 11 version 25H2 (Home/Pro)" in text, fmt  # not "11 25H2 (W)"
        assert not re.search(r"\((W|E)\)", text), fmt  # no edition codes
        assert "SQL Server 2014 SP3" in text and "Hekaton" not in text, fmt  # no codenames


def test_technician_copy_keeps_the_detail(client_folder: Path) -> None:
    text = _report(client_folder, "html", "--audience", "technician")
    assert "inventory.yaml:" in text and "11 25H2 (W)" in text
    table = _report(client_folder, "table", "--audience", "technician")
    assert "11 25H2 (W)" in table and "2014 'Hekaton' SP3" in table


def test_branding_is_embedded_and_the_page_makes_no_request(client_folder: Path) -> None:
    html = _report(client_folder, "html")
    assert f'<img class="logo" src="data:image/png;base64,{LOGO}"' in html
    assert "North IT Services" in html and "help@northit.example" in html
    assert re.findall(r'src="([^":]*):', html) == ["data"]  # the logo, embedded
    assert "<link" not in html and "<script" not in html


def test_client_toml_names_the_client_and_silences_its_noise(client_folder: Path) -> None:
    html = _report(client_folder, "html")
    assert "<h1>End-of-life report: Acme Dental Practice Ltd</h1>" in html
    for fmt in ("table", "markdown"):
        assert "Acme Dental Practice Ltd" in _report(client_folder, fmt), fmt
    assert "Dr Jane Molar &lt;jane@acme.example&gt;" in html
    report = json.loads(_report(client_folder, "json"))
    charting = next(f for f in report["findings"] if f["name"].startswith("Acme Dental Chart"))
    assert charting["status"] == "ignored"


def test_an_ignore_in_client_toml_covers_only_that_folder(client_folder: Path) -> None:
    other = client_folder / "clients" / "other"
    other.mkdir()
    (other / "inventory.yaml").write_text(
        "hosts:\n  - name: X1\n    software:\n      - Acme Dental Charting Suite\n", "utf-8"
    )
    report = json.loads(_report(client_folder, "json"))
    statuses = {
        (f["client"], f["status"]) for f in report["findings"] if f["name"].startswith("Acme Dent")
    }
    assert ("acme", "ignored") in statuses and ("other", "unknown") in statuses


def test_a_logo_that_is_not_an_image_names_the_setting(client_folder: Path) -> None:
    (client_folder / "logo.png").write_text("not a png", encoding="utf-8")
    result = scan(str(client_folder / "clients"), "--config", str(client_folder / "eolscan.toml"))
    assert result.exit_code == 3
    assert f"{client_folder / 'eolscan.toml'}:5: brand_logo 'logo.png' is not a PNG image" in (
        result.stderr
    )


def test_validate_checks_client_toml(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eolscan.cli.main import cli
    from tests.helpers import EXAMPLES

    good = CliRunner().invoke(cli, ["validate", str(EXAMPLES / "harbour-dental" / "client.toml")])
    assert (good.exit_code, good.stdout) == (0, "")
    bad = tmp_path / "client.toml"
    bad.write_text('name = 3\ncolour = "red"\n[[ignore]]\nhost = "PC1"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        f"{bad}:2: unknown key 'colour' (expected name, contacts, contracts, ignore)",
        f"{bad}:1: 'name' must be text",
        f"{bad}: ignore entry 1: ignore entry needs 'name' (a glob) or 'product' (an id)",
        f"{bad}: ignore entry 1: ignore entry needs 'reason' (why it is noise)",
    ]


def test_an_overlay_contract_is_not_named_in_the_clients_copy() -> None:
    from tests.helpers import EXAMPLES

    overlay = str(ASSETS / "overlay" / "acme-overlay.yaml")
    args = [str(EXAMPLES / "acme-dental.yaml"), "--overlay", overlay, "--fail-on", "never"]
    technician = scan(*args, "-f", "html").stdout
    assert "acme-overlay.yaml:" in technician and "(overlay)" in technician
    for fmt in ("markdown", "html"):  # the HTML, last, also shows the reason
        text = scan(*args, "--audience", "client", "-f", fmt).stdout
        assert "acme-overlay" not in text and "overlay)" not in text
    words = re.sub(r"<[^>]+>", "", text)  # a date is kept whole in a span of its own
    assert "extended support contract until 2027-10-12: custom support agreement" in words


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_not_checked_names_a_file_without_its_folder_or_line_in_the_clients_copy(
    client_folder: Path, fmt: str
) -> None:
    (client_folder / "cut.csv").write_text("client,host,kind,name,version\nacme,PC1,os\n")
    args = [str(client_folder), "-f", fmt, "--fail-on", "never"]
    client = scan(*args, "--audience", "client").stdout
    technician = scan(*args).stdout
    assert "Not checked" in client and "cut.csv" in client
    assert str(client_folder) not in client and "cut.csv:2" not in client
    assert "cut.csv:2" in technician  # the technician's copy keeps the line


def test_the_clients_table_at_80_columns_keeps_the_upgrade_column() -> None:
    """The client's plain words (``Windows 11 version 25H2 (Home/Pro)``) wrap at spaces:
    none so long that the narrowest table has to leave out "Upgrade to"."""
    example = str(REPO / "examples" / "harbour-dental")
    args = ["scan", example, "--as-of", AS_OF, "--audience", "client", "--fail-on", "never"]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.strip().startswith("Host"))
    assert header.split() == ["Host", "Item", "Status", "Ends", "Upgrade", "to"]
    rows = [line for line in result.stdout.splitlines() if line.startswith(" ")]
    assert max(map(len, rows)) <= 80


def test_the_clients_table_names_a_file_not_read_without_folder_or_advice(
    client_folder: Path,
) -> None:
    (client_folder / "clients" / "acme" / "notes.txt").write_text("call Bob\n", encoding="utf-8")
    config = ["--config", str(client_folder / "eolscan.toml"), "--as-of", AS_OF]
    for fmt in ("table", "markdown", "html"):
        args = ["scan", str(client_folder / "clients"), *config, "-f", fmt]
        result = CliRunner().invoke(cli, args, env={"COLUMNS": "200"})
        assert result.exit_code == 3, result.output
        text = result.stdout
        assert "notes.txt" in text and str(client_folder) not in text, fmt
        assert "clients/acme" not in text and "(tried:" not in text, fmt
        assert "--input-format" not in text and ".eolscanignore" not in text, fmt
    technician = CliRunner().invoke(
        cli, ["scan", str(client_folder / "clients"), *config, "--audience", "technician"]
    )
    assert "(tried:" in technician.stdout  # the technician keeps the advice
