"""JSON documents are recognised by their top-level keys wherever they sit, parsed once.

Trivy writes SPDX keys sorted (``spdxVersion`` last) and Microsoft sbom-tool writes ``files``
first: with a real image's file list, ``spdxVersion`` is far past the 64 KiB detection used to
read. The samples are genuine (tests/corpora/spdx-key-order/README.md); the file lists are
padded here with entries of the same shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eolscan.inventory.interface import HEAD_CHARS
from eolscan.inventory.native import NativeDocumentReader
from eolscan.inventory.registry import Input, detect_reader, read_input_rows
from eolscan.inventory.text import read_source
from eolscan.model import row_asset

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "spdx-key-order"


def _padded_trivy(tmp_path: Path) -> Path:
    document = json.loads((CORPUS / "trivy-conda.spdx.json").read_text())
    document["files"] += [
        {"SPDXID": f"SPDXRef-File-{n:016x}", "fileName": f"usr/lib/python3/site-{n}.py"}
        for n in range(2000)
    ]
    path = tmp_path / "image.spdx.json"
    path.write_text(json.dumps(document, indent="\t"))  # still sorted: Trivy's order
    return path


def _padded_sbom_tool(tmp_path: Path) -> Path:
    document = json.loads((CORPUS / "sbom-tool-manifest.spdx.json").read_text())
    template = document["files"][0]
    document["files"] += [
        dict(template, fileName=f"./bin/app-{n}.dll", SPDXID=f"SPDXRef-File--bin-{n:040X}")
        for n in range(400)
    ]
    path = tmp_path / "manifest.spdx.json"
    path.write_text(json.dumps(document, indent=2))
    return path


@pytest.mark.parametrize("make", [_padded_trivy, _padded_sbom_tool])
def test_spdx_past_the_first_64_kib_is_spdx(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    text = path.read_text()
    assert text.index('"spdxVersion"') > HEAD_CHARS  # as in real images
    assert detect_reader(read_source(str(path))).name == "spdx"


def test_trivy_packages_are_read_from_the_one_parse(tmp_path: Path) -> None:
    rows = read_input_rows(Input(str(_padded_trivy(tmp_path))), None, None, None)
    assets = list(map(row_asset, rows))
    found = {(a.name, a.version, a.purl) for a in assets}
    assert found >= {
        ("openssl", "1.1.1q", "pkg:conda/openssl@1.1.1q"),
        ("pip", "22.2.2", "pkg:conda/pip@22.2.2"),
    }
    assert {a.host for a in assets} == {"testdata/fixtures/fs/conda"}  # the described root


def test_the_document_is_parsed_once_and_shared_with_the_reader(tmp_path: Path) -> None:
    source = read_source(str(_padded_sbom_tool(tmp_path)))
    first = source.json_object()
    assert first is not None and source.json_document() is first


def test_json_lines_keep_their_first_object_only(tmp_path: Path) -> None:
    path = tmp_path / "osqueryd.results.log"
    path.write_text('{"name":"pack_os","hostIdentifier":"web01"}\n{"name":"pack_os"}\n')
    source = read_source(str(path))
    assert source.json_object() == {"name": "pack_os", "hostIdentifier": "web01"}
    assert source.json_document() is None  # the reader streams the lines itself


FLEET_HOSTS = {  # GET /api/v1/fleet/hosts, as Fleet documents its response (abridged host)
    "hosts": [
        {
            "created_at": "2024-08-27T19:43:11Z",
            "updated_at": "2024-09-04T17:01:21Z",
            "id": 1,
            "detail_updated_at": "2024-09-04T16:49:19Z",
            "label_updated_at": "2024-09-04T16:49:19Z",
            "last_enrolled_at": "2024-08-27T19:43:12Z",
            "seen_time": "2024-09-04T17:01:21Z",
            "hostname": "web01.acme.local",
            "uuid": "392547dc-0000-0000-a87a-d701ff75bc65",
            "platform": "ubuntu",
            "osquery_version": "5.12.1",
            "os_version": "Ubuntu 22.04.4 LTS",
            "build": "",
            "platform_like": "debian",
            "code_name": "jammy",
            "computer_name": "web01",
            "display_name": "web01",
            "status": "online",
        }
    ]
}


def test_another_tools_hosts_list_is_not_read_as_eolscans(tmp_path: Path) -> None:
    path = tmp_path / "fleet-hosts.json"
    path.write_text(json.dumps(FLEET_HOSTS, indent=2))
    assert not NativeDocumentReader().detect(read_source(str(path)))


def test_eolscans_own_json_is_still_native(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    hosts = [{"name": "WEB01", "os": "Ubuntu", "os_version": "22.04"}]
    path.write_text(json.dumps({"client": "Acme", "hosts": hosts}))
    assert NativeDocumentReader().detect(read_source(str(path)))
