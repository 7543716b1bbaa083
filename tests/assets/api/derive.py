"""Derive the small committed API v1 fixture from the offline endoflife.date snapshot.

Run from the repository root: ``python tests/assets/api/derive.py ../shared/endoflife-api``.
It keeps 60 products (enough for the converter's sanity check) with at most three
release cycles each, plus the Windows Server cycles the contract tests use.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP = ("windows-server", "windows", "ubuntu", "python", "mssqlserver", "php")
WINDOWS_SERVER = ("2025", "2022", "2016", "2012-r2", "2012")
HERE = Path(__file__).resolve().parent


def main(snapshot: Path) -> None:
    full = json.loads((snapshot / "api/v1/products/full/index.json").read_text(encoding="utf-8"))
    products = [p for p in full["result"] if p["name"] in KEEP]
    products += [p for p in full["result"] if p["name"] not in KEEP][: 60 - len(products)]
    for product in products:
        if product["name"] == "windows-server":
            product["releases"] = [r for r in product["releases"] if r["name"] in WINDOWS_SERVER]
        else:
            product["releases"] = product["releases"][:3]
    products.sort(key=lambda p: p["name"])
    document = {**full, "total": len(products), "result": products}
    out = HERE / "v1" / "products" / "full" / "index.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
