"""Encodings are read as the tools that wrote them meant; binary is refused; fields are bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory.text import MAX_FIELD_CHARS
from tests.helpers import AS_OF, without_data_notes

CSV = "client,host,kind,name,version\nCafé Zoë,WEB01,os,Ubuntu 18.04.6 LTS,\n"


def scan(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "--format", "json", str(path)])
    return result.exit_code, result.stdout, without_data_notes(result.stderr)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_inventory_in_a_common_encoding_is_read(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "acme.csv"
    path.write_bytes(CSV.encode(encoding))
    code, stdout, stderr = scan(path)
    assert (code, stderr) == (1, "")
    finding = json.loads(stdout)["findings"][0]
    assert (finding["client"], finding["host"], finding["status"]) == ("Café Zoë", "WEB01", "eol")


def test_utf8_with_cp1252_lines_is_refused_with_file_and_line(tmp_path: Path) -> None:
    """A file in two encodings would give each name its own characters unnoticed (the docs
    say so: refused); a whole-cp1252 file reads (test above)."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(CSV.encode("utf-8") + "Zoë,PC02,os,Windows 10,\n".encode("cp1252"))
    code, stdout, stderr = scan(path)
    assert (code, stdout) == (3, "")
    assert stderr.strip() == (
        f"eolscan: error: {path}:3: mixed encodings: this line is not in the encoding of the "
        "lines before it (UTF-8 and Windows-1252 in one file; save it in one encoding)"
    )


@pytest.mark.parametrize(("size", "code"), [(MAX_FIELD_CHARS, 1), (MAX_FIELD_CHARS + 1, 3)])
def test_csv_field_limit_is_exact(size: int, code: int, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        f"host,kind,name,version\nWEB01,os,Ubuntu 18.04.6 LTS,\nWEB01,software,{'P' * size},1\n",
        encoding="utf-8",
    )
    exit_code, _stdout, stderr = scan(path)
    assert exit_code == code
    if code == 3:
        assert (
            stderr == f"eolscan: error: {path}:3: a field is longer than the 64 KiB field limit\n"
        )


def test_yaml_field_limit_names_the_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(
        "hosts:\n  - name: WEB01\n    software:\n"
        f"      - {{name: PHP, version: '{'7' * (MAX_FIELD_CHARS + 1)}'}}\n",
        encoding="utf-8",
    )
    exit_code, _stdout, stderr = scan(path)
    assert exit_code == 3
    assert stderr == f"eolscan: error: {path}:4: 'version' is longer than the 64 KiB field limit\n"


def test_a_client_given_for_a_csv_is_held_to_the_field_limit(tmp_path: Path) -> None:
    """The native reader trusts csv's limit for its cells; ``--client`` is not a cell."""
    path = tmp_path / "nc.csv"
    path.write_text("host,kind,name,version\nWEB01,os,Ubuntu 18.04.6 LTS,\n", encoding="utf-8")
    long_client = "c" * (MAX_FIELD_CHARS + 1)
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "--client", long_client, str(path)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"eolscan: error: {path}:2: 'client' is longer than the 64 KiB field limit\n"
    )


def test_an_os_name_grown_by_its_service_pack_is_held_to_the_field_limit(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(f"Name,OS,ServicePack\nPC1,{'W' * (MAX_FIELD_CHARS - 2)},2\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["scan", "--as-of", AS_OF, "--map", "host=Name,os=OS,service_pack=ServicePack", str(path)],
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"eolscan: error: {path}:2: 'name' is longer than the 64 KiB field limit\n"
    )


def test_a_bad_row_before_an_over_long_field_is_the_first_error_in_strict_mode(
    tmp_path: Path,
) -> None:
    """Rows read before csv.reader fails are still read (and judged) before its error."""
    path = tmp_path / "t1.csv"
    path.write_text(
        "client,host,kind,name,version,extended_support\n"
        "acme,h1,os,Ubuntu,20.04,false\nacme,h2,os\n"
        f'"acme",h3,os,"{"x" * (MAX_FIELD_CHARS + 10)}",1,false\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, "--strict", str(path)])
    assert result.exit_code == 3
    assert result.stderr == f"eolscan: error: {path}:3: 3 fields, expected 6\n"
