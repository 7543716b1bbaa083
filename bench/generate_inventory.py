"""Write a large, seeded, realistic inventory in eolscan's native CSV (or YAML) format.

The same seed always writes the same file, so benchmark runs are comparable. The mix
imitates an MSP's book of business: a few dozen products everyone runs (browsers,
Office, Java, databases, Windows and Linux releases), each in a handful of versions,
and a long tail of line-of-business software nobody else has, drawn with Zipf-like
weights so the head is common and the tail is rare.

    python bench/generate_inventory.py --hosts 100000 --software-rows 1000000 -o bench/out/large.csv
    python bench/generate_inventory.py --hosts 25 --format yaml -o bench/out/client-25.yaml
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

OPERATING_SYSTEMS: list[tuple[str, list[str]]] = [
    ("Microsoft Windows 10 Pro", ["10.0.19045", "10.0.19044", "10.0.18363", "10.0.17763"]),
    ("Microsoft Windows 11 Pro", ["10.0.22631", "10.0.22621", "10.0.26100"]),
    ("Microsoft Windows 10 Enterprise LTSC 2019", ["10.0.17763"]),
    ("Microsoft Windows Server 2012 R2 Standard", ["6.3.9600"]),
    ("Microsoft Windows Server 2016 Standard", ["10.0.14393"]),
    ("Microsoft Windows Server 2019 Datacenter", ["10.0.17763"]),
    ("Microsoft Windows Server 2022 Standard", ["10.0.20348"]),
    ("Ubuntu 18.04.6 LTS", [""]),
    ("Ubuntu 20.04.6 LTS", [""]),
    ("Ubuntu 22.04.4 LTS", [""]),
    ("Red Hat Enterprise Linux Server 7.9", ["7.9"]),
    ("CentOS Linux 7", ["7.9.2009"]),
    ("Debian GNU/Linux 10", ["10"]),
    ("Debian GNU/Linux 12", ["12"]),
    ("macOS", ["12.7.1", "13.6.1", "14.2"]),
]
"""Operating systems, most common first."""

SOFTWARE: list[tuple[str, list[str]]] = [
    ("Google Chrome", ["131.0.6778.86", "130.0.6723.117", "128.0.6613.120", "119.0.6045.200"]),
    ("Microsoft Edge", ["131.0.2903.51", "130.0.2849.80"]),
    ("Mozilla Firefox", ["115.12.0", "128.5.0", "133.0"]),
    ("Java 8 Update 381", ["8.0.3810.9"]),
    ("Java 8 Update 202", ["8.0.2020.8"]),
    ("Microsoft Office Professional Plus 2016", ["16.0.4266.1001"]),
    ("Microsoft Office Professional Plus 2021", ["16.0.14332.20255"]),
    ("Adobe Acrobat Reader DC", ["24.002.20933", "23.008.20470"]),
    ("7-Zip 19.00 (x64)", ["19.00"]),
    ("Notepad++", ["8.5.8", "8.6.9", "7.9.5"]),
    ("Microsoft Visual C++ 2015-2019 Redistributable (x64)", ["14.29.30133"]),
    ("Zoom", ["5.16.10", "6.2.11"]),
    ("VMware Tools", ["12.1.5", "11.3.5"]),
    ("Python 3.9.13 (64-bit)", ["3.9.13"]),
    ("Python 3.12.4 (64-bit)", ["3.12.4"]),
    ("Node.js", ["16.20.2", "18.19.0", "20.11.1", "22.11.0"]),
    ("PostgreSQL 12", ["12.17"]),
    ("PostgreSQL 16", ["16.4"]),
    ("Microsoft SQL Server 2014 (64-bit)", ["12.0.6024.0"]),
    ("Microsoft SQL Server 2019 (64-bit)", ["15.0.2000.5"]),
    ("MySQL Server 5.7", ["5.7.44"]),
    ("nginx", ["1.18.0", "1.24.0"]),
    ("OpenSSL", ["1.1.1w", "3.0.13"]),
    ("PHP", ["7.4.33", "8.1.2", "8.3.7"]),
    ("Apache Tomcat 9", ["9.0.80"]),
    ("Redis", ["6.2.14", "7.2.4"]),
    ("Docker Engine", ["20.10.24", "24.0.7"]),
    ("Veeam Backup & Replication", ["11.0.1.1261", "12.1.2.172"]),
    ("Git", ["2.39.2", "2.45.1"]),
    ("Go", ["1.20.5", "1.22.3"]),
    ("Ruby", ["2.7.8", "3.2.2"]),
    ("Citrix Workspace", ["23.9.1"]),
]
"""Software everyone runs, most common first."""

VENDORS = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Woodgrove",
    "Litware",
    "Adatum",
    "Proseware",
]
APPS = [
    "Practice Manager",
    "Imaging Suite",
    "Ledger",
    "Scheduler",
    "Backup Agent",
    "CAD Viewer",
    "Label Printer",
]


def long_tail(rng: random.Random, count: int) -> list[tuple[str, list[str]]]:
    """Line-of-business software: many names, each with a few versions, mostly unrecognised."""
    tail = []
    for index in range(count):
        name = f"{rng.choice(VENDORS)} {rng.choice(APPS)} {index}"
        versions = [
            f"{rng.randint(1, 12)}.{rng.randint(0, 9)}.{rng.randint(0, 999)}"
            for _ in range(rng.randint(1, 4))
        ]
        tail.append((name, versions))
    return tail


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    """Cumulative weights: the first items common, the last ones rare."""
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def rows(hosts: int, software_rows: int, clients: int, seed: int) -> Iterator[list[str]]:
    """Every CSV row, host by host: one OS row, then that host's software."""
    rng = random.Random(seed)
    software = SOFTWARE + long_tail(rng, 400)
    os_weights = zipf_weights(len(OPERATING_SYSTEMS), 0.8)
    sw_weights = zipf_weights(len(software))
    per_host, extra = divmod(software_rows, hosts)
    for index in range(hosts):
        client = f"Client {index % clients:04d}"
        host = f"HOST-{index:06d}"
        os_name, os_versions = rng.choices(OPERATING_SYSTEMS, cum_weights=os_weights)[0]
        extended = "true" if "2012" in os_name and rng.random() < 0.3 else ""
        yield [client, host, "os", os_name, rng.choice(os_versions), extended]
        count = per_host + (1 if index < extra else 0)
        for name, versions in rng.choices(software, cum_weights=sw_weights, k=count):
            yield [client, host, "software", name, rng.choice(versions), ""]


def write_csv(path: Path, hosts: int, software_rows: int, clients: int, seed: int) -> None:
    """The native CSV format: ``client,host,kind,name,version,extended_support``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["client", "host", "kind", "name", "version", "extended_support"])
        writer.writerows(rows(hosts, software_rows, clients, seed))


def write_yaml(path: Path, hosts: int, software_rows: int, seed: int) -> None:
    """One client in the native YAML format (JSON-style flow mappings are valid YAML)."""
    by_host: dict[str, dict[str, object]] = {}
    for _client, host, kind, name, version, extended in rows(hosts, software_rows, 1, seed):
        if kind == "os":
            by_host[host] = {
                "name": host,
                "os": name,
                "os_version": version,
                "extended_support": bool(extended),
            }
            by_host[host]["software"] = []
        else:
            software = by_host[host]["software"]
            assert isinstance(software, list)
            software.append({"name": name, "version": version})
    lines = ["client: Bench Client", "hosts:"]
    for entry in by_host.values():
        lines.append(f"  - {json.dumps(entry, ensure_ascii=False)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=100_000)
    parser.add_argument("--software-rows", type=int, default=None, help="default: 10 per host")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--format", choices=["csv", "yaml"], default="csv")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    software_rows = args.software_rows if args.software_rows is not None else args.hosts * 10
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "csv":
        write_csv(path, args.hosts, software_rows, args.clients, args.seed)
    else:
        write_yaml(path, args.hosts, software_rows, args.seed)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
