"""SBOM limits from the second hostile review (#18): a document's size and its component
count are refused with one line and exit 3 (60 MB of SBOM JSON once cost 1.6 GB before it
was refused; SPDX had no package limit). The limits are made small here, the refusals are
the ones a real run gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eolscan.cli.main import cli
from eolscan.inventory import cyclonedx, jsondoc, spdx
from tests.helpers import AS_OF


def scan(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["scan", "--as-of", AS_OF, str(path)])
    return result.exit_code, result.stderr.strip().splitlines()[-1]


def cyclonedx_json(components: int) -> str:
    items = [{"type": "library", "name": f"lib{n}", "version": "1.0"} for n in range(components)]
    return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": items})


def spdx_json(packages: int) -> str:
    items = [
        {"SPDXID": f"SPDXRef-{n}", "name": f"pkg{n}", "versionInfo": "1.0"} for n in range(packages)
    ]
    return json.dumps(
        {
            "spdxVersion": "SPDX-2.3",
            "SPDXID": "SPDXRef-DOCUMENT",
            "name": "web01",
            "packages": items,
        }
    )


def test_an_sbom_json_past_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsondoc, "MAX_JSON_CHARS", 1 << 20)
    path = tmp_path / "web01.cdx.json"
    path.write_text(cyclonedx_json(20_000), encoding="utf-8")
    assert path.stat().st_size > 1 << 20
    assert scan(path) == (
        3,
        f"eolscan: error: {path}: JSON document is larger than the 1 MiB limit "
        "(an SBOM with file lists? export packages only)",
    )


@pytest.mark.parametrize(
    ("module", "name", "document", "what"),
    [
        (cyclonedx, "web01.cdx.json", cyclonedx_json, "components"),
        (spdx, "web01.spdx.json", spdx_json, "packages"),
    ],
    ids=["cyclonedx", "spdx"],
)
def test_components_up_to_the_limit_are_read_and_more_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    name: str,
    document: object,
    what: str,
) -> None:
    monkeypatch.setattr(module, "MAX_COMPONENTS", 50)
    assert callable(document)
    path = tmp_path / name
    path.write_text(document(50), encoding="utf-8")
    assert scan(path)[0] in (0, 1)
    path.write_text(document(51), encoding="utf-8")
    assert scan(path) == (3, f"eolscan: error: {path}: more than 50 {what} (the limit)")
