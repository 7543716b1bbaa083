"""What a consultant sets once for every report: costs per product, branding, client details.

Read from the ``[costs]`` and ``[report]`` tables of ``eolscan.toml`` and from a client
folder's ``client.toml``. Each reader returns the values and every problem as a
``file:line: message`` line, so ``validate`` lists them all and ``scan`` stops at the first.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COST_KEYS = ("hours", "price", "esu")
"""Per machine: hours of work, price of the upgrade, price of a year of extended support."""
REPORT_KEYS = ("brand_name", "brand_contact", "brand_logo")
CLIENT_KEYS = ("name", "contacts", "contracts", "ignore")
LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
LOGO_LIMIT = 512 * 1024
"""A logo larger than this would bloat every report it is embedded in."""


@dataclass(frozen=True, slots=True)
class Cost:
    """Effort and prices per machine for one product or product cycle."""

    hours: float | None = None
    price: float | None = None
    esu: float | None = None


@dataclass(frozen=True, slots=True)
class Costs:
    """``[costs]``: a currency and costs by ``product`` or ``product/cycle``."""

    currency: str = ""
    entries: dict[str, Cost] = field(default_factory=dict)

    def lookup(self, product: str, cycle: str) -> Cost | None:
        """The cycle's own entry, else the product's, else None."""
        return self.entries.get(f"{product}/{cycle}") or self.entries.get(product)


@dataclass(frozen=True, slots=True)
class Brand:
    """``[report]``: who sends the report. ``logo`` is a ``data:`` URI, never a link."""

    name: str = ""
    contact: str = ""
    logo: str = ""


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """A client folder's ``client.toml``: the name to print and whom the report is for."""

    name: str = ""
    contacts: tuple[str, ...] = ()
    contracts: tuple[str, ...] = ()


def key_line(text: str, key: str) -> int:
    """The 1-based line where ``key`` is written (tomllib keeps no positions)."""
    name = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    found = re.search(rf"^\s*(?:\[+\s*)?(?:[\w.\"'-]+\.)?{name}\s*[=\].]", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None
    return float(value) if isinstance(value, float) else value


def read_costs(table: Any, path: Path, text: str) -> tuple[Costs | None, list[str]]:
    """``[costs]``: ``currency = "EUR"`` and ``windows = {hours = 2, price = 150}`` entries."""
    if not isinstance(table, dict):
        return None, [f"{path}:{key_line(text, 'costs')}: 'costs' must be a table"]
    problems: list[str] = []
    currency = table.get("currency", "")
    if not isinstance(currency, str):
        problems.append(f"{path}:{key_line(text, 'currency')}: 'currency' must be text")
        currency = ""
    entries: dict[str, Cost] = {}
    for key, value in table.items():
        if key == "currency":
            continue
        where = f"{path}:{key_line(text, key)}"
        if not isinstance(value, dict):
            problems.append(
                f"{where}: costs for {key!r} must be a table such as {{hours = 2, price = 150}}"
            )
            continue
        numbers: dict[str, float | None] = {}
        for name, number in value.items():
            if name not in COST_KEYS:
                problems.append(
                    f"{where}: unknown key {name!r} in costs (expected {', '.join(COST_KEYS)})"
                )
            elif (checked := _number(number)) is None:
                problems.append(f"{where}: {key}.{name} must be a number of 0 or more")
            else:
                numbers[name] = checked
        entries[key] = Cost(**numbers)
    return Costs(currency, entries), problems


def read_brand(table: Any, path: Path, text: str) -> tuple[Brand | None, list[str]]:
    """``[report]``: brand name, contact line and a local PNG/SVG logo embedded as data."""
    if not isinstance(table, dict):
        return None, [f"{path}:{key_line(text, 'report')}: 'report' must be a table"]
    problems: list[str] = []
    values: dict[str, str] = {}
    for key, value in table.items():
        where = f"{path}:{key_line(text, key)}"
        if key not in REPORT_KEYS:
            problems.append(
                f"{where}: unknown key {key!r} in [report] (expected {', '.join(REPORT_KEYS)})"
            )
        elif not isinstance(value, str):
            problems.append(f"{where}: {key} must be text")
        else:
            values[key] = value
    logo = ""
    if values.get("brand_logo"):
        logo, problem = logo_uri(path.parent / values["brand_logo"])
        if problem:
            problems.append(f"{path}:{key_line(text, 'brand_logo')}: {problem}")
    brand = Brand(values.get("brand_name", ""), values.get("brand_contact", ""), logo)
    return brand, problems


def logo_uri(path: Path) -> tuple[str, str]:
    """(``data:image/png;base64,...``, "") or ("", what is wrong): the page never fetches it."""
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        return "", f"brand_logo {path.name!r} must be a .png or .svg file"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", f"brand_logo {str(path)!r}: cannot read: {exc.strerror or exc}"
    if len(data) > LOGO_LIMIT:
        return "", f"brand_logo {path.name!r} is larger than {LOGO_LIMIT // 1024} KB"
    if kind == "image/png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "", f"brand_logo {path.name!r} is not a PNG image"
    if kind == "image/svg+xml" and b"<svg" not in data[:4096]:
        return "", f"brand_logo {path.name!r} is not an SVG image"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}", ""


def _texts(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def read_client_file(path: Path) -> tuple[ClientInfo | None, list[dict[str, Any]], list[str]]:
    """``client.toml``: (details, its ``[[ignore]]`` entries as written, problems)."""
    # tomllib (~2 ms) only for a client.toml; eolscan.toml is read through the parse cache
    import tomllib

    try:
        text = path.read_text(encoding="utf-8-sig")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [], [f"{path}: cannot read: {exc}"]
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+)", str(exc))
        return None, [], [f"{path}:{found.group(1) if found else 1}: invalid TOML: {exc}"]
    problems: list[str] = []
    for key in document:
        if key not in CLIENT_KEYS:
            problems.append(
                f"{path}:{key_line(text, key)}: unknown key {key!r} "
                f"(expected {', '.join(CLIENT_KEYS)})"
            )
    name = document.get("name", "")
    if not isinstance(name, str):
        problems.append(f"{path}:{key_line(text, 'name')}: 'name' must be text")
        name = ""
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("contacts", "contracts"):
        values = _texts(document.get(key, []))
        if values is None:
            problems.append(f"{path}:{key_line(text, key)}: '{key}' must be a list of text")
        lists[key] = values or ()
    ignores = document.get("ignore", [])
    if not isinstance(ignores, list) or not all(isinstance(i, dict) for i in ignores):
        problems.append(f"{path}:{key_line(text, 'ignore')}: 'ignore' must be [[ignore]] tables")
        ignores = []
    info = ClientInfo(name.strip(), lists["contacts"], lists["contracts"])
    return info, ignores, problems
