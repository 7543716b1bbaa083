"""Telling a document that is no inventory at all from an inventory in an unknown format.

A vulnerability scanner's CSV or an antivirus health report parses fine but names
no operating system and no software: saying so helps more than listing the formats tried.
"""

from __future__ import annotations

import re

from eolscan.inventory.csv_mapped import header_of, looks_tabular
from eolscan.inventory.interface import Source

NOT_AN_INVENTORY = "not an inventory: it has no operating system or software"
_JSON_KEY = re.compile(r'"([A-Za-z_@$][\w.@$ -]{0,60})"\s*:')
_INVENTORY_WORDS = re.compile(
    r"(?:^|[^a-z])(?:os|operating|platform|caption|distribution|distro|software|softwares|"
    r"application|applications|app|apps|program|programs|package|packages|product|products|"
    r"component|components|osname|osversion|ostype|displayname|productname|softwarename|"
    r"packagename|appname|programname|applicationname|operatingsystem)(?:[^a-z]|$)",
    re.IGNORECASE,
)
"""Words of a field that could hold an OS or a software item (a version alone says neither)."""
_FINDING_WORDS = re.compile(
    r"cve|cvss|plugin|qid|vulnerab|severity|risk|exploit|synopsis|remediation|finding|"
    r"antivirus|antispyware|antimalware|malware|threat|signature|detection|quarantine",
    re.IGNORECASE,
)
"""Words of a scanner's or an antivirus's findings: what such a document is, when it is no
inventory (a CSV in a language eolscan does not know is no scanner's; --map reads it)."""
MIN_FIELDS = 3
"""Fewer fields than this say too little to call a document no inventory."""


def _words(name: str) -> str:
    """``AMProductVersion`` -> ``AM Product Version``: camel case apart, for the word test."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def names_inventory_fields(names: list[str]) -> bool:
    """True when any of ``names`` (columns or keys) could hold an OS or a software item."""
    return any(_INVENTORY_WORDS.search(n) or _INVENTORY_WORDS.search(_words(n)) for n in names)


def field_names(source: Source) -> list[str]:
    """The keys a JSON head names, or the columns of a CSV header; [] when neither."""
    head = source.head()
    stripped = head.lstrip()
    if stripped.startswith(("{", "[")):
        return list(dict.fromkeys(_JSON_KEY.findall(head)))
    if looks_tabular(source):
        header = [cell.strip() for cell in header_of(source) if cell.strip()]
        return header if len(header) >= MIN_FIELDS else []
    return []


def not_an_inventory(source: Source) -> bool:
    """True when ``source`` is structured (JSON or a CSV with a header), names findings
    (CVE, severity, antivirus signature, ...) and no field of it could name an OS or software."""
    names = field_names(source)
    return (
        len(names) >= MIN_FIELDS
        and any(_FINDING_WORDS.search(name) for name in names)
        and not names_inventory_fields(names)
    )
