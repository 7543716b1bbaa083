"""Time and peak memory of each agent-inventory reader on a generated 100,000-row export.

Each export (2,000 distinct names in a few versions, as fleets repeat their software) is
written once into a temporary folder, then read alone and scanned to JSON, each in a child
process; the table shows wall time and peak RSS of both.
Run: ``python bench/bench_agents.py [--rows N] [--only TEXT]``. POSIX only (peak RSS from
``resource``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def _dpkg(rows: int) -> str:
    head = (
        "Desired=Unknown/Install/Remove/Purge/Hold\n"
        "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n"
        "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n"
        "||/ Name           Version      Architecture Description\n"
        "+++-==============-============-============-=================================\n"
    )
    body = "".join(
        f"ii  pkg{i % 2000:<10} 1.{i % 3}.{i % 2}-1ubuntu1 amd64 package {i}\n" for i in range(rows)
    )
    return head + body


def _rpm(rows: int) -> str:
    return "".join(f"pkg{i % 2000}-1.{i % 3}.{i % 2}-{i % 2}.el8.x86_64\n" for i in range(rows))


def _apt(rows: int) -> str:
    lines = (f"pkg{i % 2000}/jammy,now 1.{i % 3}-{i % 2} amd64 [installed]\n" for i in range(rows))
    return "Listing... Done\n" + "".join(lines)


def _yum(rows: int) -> str:
    lines = (
        f"pkg{i % 2000}.x86_64    1.{i % 3}.{i % 2}-{i % 2}.el7    @base\n" for i in range(rows)
    )
    return "Loaded plugins: fastestmirror\nInstalled Packages\n" + "".join(lines)


def _apk(rows: int) -> str:
    return "".join(f"pkg{i % 2000}-1.{i % 3}.{i % 2}-r{i % 2}\n" for i in range(rows))


def _glpi_json(rows: int) -> str:
    softwares = [
        {
            "name": f"App {i % 2000}",
            "version": f"{i % 4}.{i % 2}",
            "publisher": "ACME",
            "from": "registry",
        }
        for i in range(rows)
    ]
    content = {
        "hardware": {"name": "pc-bench"},
        "operatingsystem": {
            "full_name": "Microsoft Windows 10 Pro",
            "kernel_name": "MSWin32",
            "kernel_version": "10.0.19045",
        },
        "softwares": softwares,
    }
    return json.dumps({"action": "inventory", "deviceid": "pc-bench-2024", "content": content})


def _glpi_xml(rows: int) -> str:
    items = "".join(
        f"<SOFTWARES><NAME>App {i % 2000}</NAME><VERSION>{i % 4}.{i % 2}</VERSION>"
        "<FROM>registry</FROM></SOFTWARES>\n"
        for i in range(rows)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><CONTENT><HARDWARE><NAME>pc-bench</NAME>'
        "</HARDWARE><OPERATINGSYSTEM><FULL_NAME>Microsoft Windows 10 Pro</FULL_NAME>"
        "<KERNEL_NAME>MSWin32</KERNEL_NAME><KERNEL_VERSION>10.0.19045</KERNEL_VERSION>"
        f"</OPERATINGSYSTEM>\n{items}</CONTENT><QUERY>INVENTORY</QUERY></REQUEST>\n"
    )


def _wazuh(rows: int) -> str:
    items = [
        {
            "name": f"pkg{i % 2000}",
            "version": f"1.{i % 3}-{i % 2}",
            "format": "deb",
            "agent_id": f"{i % 500:03d}",
        }
        for i in range(rows)
    ]
    return json.dumps({"data": {"affected_items": items, "total_affected_items": rows}, "error": 0})


def _fleet(rows: int) -> str:
    hosts = [
        {
            "hostname": f"host{i}",
            "os_version": "Ubuntu 22.04.4 LTS",
            "platform": "ubuntu",
            "osquery_version": "5.12.1",
            "build": "",
        }
        for i in range(rows)
    ]
    return json.dumps({"hosts": hosts})


def _winget(rows: int) -> str:
    head = (
        "Name                Id                  Version       Available   Source\n"
        + "-" * 74
        + "\n"
    )
    rows_text = (
        f"{f'App {i % 2000}':<20}{f'Vendor.App{i % 2000}':<20}{f'{i % 4}.{i % 2}':<26}winget\n"
        for i in range(rows)
    )
    return head + "".join(rows_text)


def _intune(rows: int) -> str:
    head = "DeviceId,DeviceName,OSVersion,ManagedBy,OS,ApplicationName,ApplicationVersion\n"
    return head + "".join(
        f"id{i},PC-{i // 50:05d},10.0.19045.4780,Intune,Windows,App {i % 50},{i % 4}.{i % 2}\n"
        for i in range(rows)
    )


def _pdq(rows: int) -> str:
    head = (
        "Computer Name,Computer O/S Name,Computer O/S Version,Application Name,"
        "Application Version\r\n"
    )
    return head + "".join(
        f"PC-{i // 50:05d},Microsoft Windows 10 Pro,10.0.19045,App {i % 2000},{i % 4}.{i % 2}\r\n"
        for i in range(rows)
    )


def _computerinfo(rows: int) -> str:
    """``Invoke-Command -ComputerName ... { Get-ComputerInfo -Property ... } | ConvertTo-Json
    -Compress``: one object per host, ``rows`` hosts (indented, 100,000 hosts pass the 32 MiB
    limit of a JSON document)."""
    hosts = [
        {
            "WindowsBuildLabEx": "19041.1.amd64fre.vb_release.191206-1406",
            "WindowsEditionId": "Professional",
            "WindowsProductName": "Windows 10 Pro",
            "WindowsVersion": "2009",
            "CsName": f"PC-{i:06d}",
            "OsName": "Microsoft Windows 10 Pro" if i % 2 else "Microsoft Windows 11 Pro",
            "OsVersion": "10.0.19045" if i % 2 else "10.0.22631",
            "OsBuildNumber": "19045" if i % 2 else "22631",
            "OsProductType": 1,
            "PSComputerName": f"PC-{i:06d}",
        }
        for i in range(rows)
    ]
    return json.dumps(hosts, separators=(",", ":"))


EXPORTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "dpkg -l": ("web01-dpkg.txt", _dpkg),
    "rpm -qa": ("web02-rpm-qa.txt", _rpm),
    "apt list": ("web03-apt-list.txt", _apt),
    "yum list installed": ("web04-yum-list.txt", _yum),
    "apk info -v": ("web05-apk-info.txt", _apk),
    "GLPI JSON": ("pc-bench.json", _glpi_json),
    "GLPI XML": ("pc-bench.xml", _glpi_xml),
    "Wazuh packages": ("wazuh-packages.json", _wazuh),
    "Fleet hosts": ("fleet-hosts.json", _fleet),
    "winget list": ("pc-bench-winget-list.txt", _winget),
    "Intune discovered apps (preset)": ("intune-apps.csv", _intune),
    "PDQ Inventory report (preset)": ("pdq-report.csv", _pdq),
    "Get-ComputerInfo, one object per host": ("hosts-computerinfo.json", _computerinfo),
}


def _run(path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of scanning ``path`` to JSON in a child process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run([sys.executable, '-m', 'eolscan', 'scan', sys.argv[1], '-f', 'json',"
        " '-o', sys.argv[2], '--as-of', '2026-12-06'], capture_output=True)\n"
        "wall = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(wall, peak, done.returncode)\n"
    )
    out = path.with_suffix(".report.json")
    result = subprocess.run(
        [sys.executable, "-c", code, str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, peak, status = result.stdout.split()
    if status not in ("0", "1"):
        raise SystemExit(f"{path.name}: scan failed with exit {status}")
    return float(wall), float(peak)


def _read(path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of only reading ``path`` (detect, then every row)."""
    code = (
        "import resource, sys, time\n"
        "start = time.perf_counter()\n"
        "from eolscan.inventory.registry import Input, read_input_rows\n"
        "count = sum(1 for _ in read_input_rows(Input(sys.argv[1]), None, None, None))\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(time.perf_counter() - start, peak, count)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    wall, peak, _ = result.stdout.split()
    return float(wall), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", default="", help="run the exports whose label holds this text")
    options = parser.parse_args()
    rows = options.rows
    print(
        f"| export ({rows:,} rows) | size | read | read peak RSS | scan to JSON | scan peak RSS |"
    )
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, make) in EXPORTS.items():
            if options.only.lower() not in label.lower():
                continue
            path = Path(folder) / name
            path.write_text(make(rows), encoding="utf-8")
            read_wall, read_peak = _read(path)
            wall, peak = _run(path)
            size = path.stat().st_size / 1e6
            print(
                f"| {label} | {size:.1f} MB | {read_wall:.2f} s | {read_peak:.0f} MB "
                f"| {wall:.2f} s | {peak:.0f} MB |"
            )


if __name__ == "__main__":
    main()
