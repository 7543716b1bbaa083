"""People-facing words shared by the human formats: product names, days, status names, plurals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from eolscan.model import DateOrFlag, Finding, Skipped, Status
from eolscan.support.lazy_regex import LazyRegex

STATUS_TITLES = {
    Status.EOL: "End of life",
    Status.EXTENDED: "Paid extended support",
    Status.WARN: "Ends soon",
    Status.UNKNOWN: "Not identified",
    Status.ACCEPTED: "Risk accepted",
    Status.SUPPORTED: "Supported",
    Status.IGNORED: "Ignored",
}
"""A status as a client reads it."""
UPDATE_DUE = "Update due"
"""A ``warn`` with no end date: behind the newest release, nothing has ended (7-Zip)."""


def status_title(status: Status, due: DateOrFlag) -> str:
    """The status as a client reads it, "Update due" for a release behind the newest one."""
    return UPDATE_DUE if status is Status.WARN and due is None else STATUS_TITLES[status]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 machine``, ``3 machines``."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


@lru_cache(maxsize=4096)  # a plan names each release once per decision: thousands of times
def product_text(
    product_label: str | None, cycle_label: str | None, candidates: tuple[str, ...] = ()
) -> str:
    """Product and cycle without repeating words both share.

    ``Microsoft Windows Server`` + ``Windows Server 2012 R2 (LTSC)`` gives
    ``Microsoft Windows Server 2012 R2 (LTSC)``, not the product name twice. Kept per
    distinct pair: every human format names the product of every item.
    """
    product = (product_label or "").split()
    if len(candidates) > 3:  # a long list of ids is noise; the reason lists them all
        shared = _shared_release(candidates)
        if shared:
            cycle_label = cycle_label or f"{shared} (one of {len(candidates)} releases)"
        candidates = (candidates[0], f"{len(candidates) - 1} other releases")
    cycle = cycle_label or (" or ".join(candidates) if candidates else "")
    words = cycle.split()
    lowered = [w.lower() for w in words]
    for start in range(len(product)):
        tail = [w.lower() for w in product[start:]]
        if lowered[: len(tail)] == tail:
            return " ".join(product[:start] + words)
    return " ".join(_before_its_own_name(product, lowered[:2]) + words)


_FORMER_NAMES: dict[tuple[str, ...], str] = {("os", "x"): "macos", ("mac", "os"): "macos"}
"""A release named as its product was then (``OS X 10.11``): the product's word it stands for."""


def _before_its_own_name(product: list[str], first: list[str]) -> list[str]:
    """The product's words to put before a release label that names the product itself:
    ``Nokia Mobile`` + ``Nokia C210`` gives ``Nokia C210``, ``Samsung Galaxy Watch`` +
    ``Galaxy Watch9`` ``Samsung Galaxy Watch9``, ``Microsoft 365 and Office for Mac`` +
    ``Office 2019 for Mac`` ``Microsoft Office 2019 for Mac`` (the vendor, not the half of
    a pair), ``Apple macOS`` + ``OS X 10.11`` ``Apple OS X 10.11``."""
    lowered = [word.lower() for word in product]
    named = _FORMER_NAMES.get(tuple(first), first[0] if first else "")
    if len(product) < 2 or named not in lowered:
        return product
    start = lowered.index(named)
    return product[:1] if "and" in lowered[:start] else product[:start]


def _shared_release(candidates: tuple[str, ...]) -> str:
    """The release every candidate id belongs to (``10`` for ``10-22h2``, ``10-21h2-w``...),
    cut where an id's parts are cut; blank when they share none."""
    shared = candidates[0]
    for candidate in candidates[1:]:
        while not candidate.startswith(shared):
            shared = shared[:-1]
    whole = [c for c in candidates if len(c) == len(shared)]
    if whole:  # one id is the shared part itself: it is a release of its own, not a family
        return ""
    cut = max(shared.rfind("-"), shared.rfind("."))
    return shared[:cut] if cut > 0 else ""


def finding_product(finding: Finding) -> str:
    """What a finding was recognised as, in one phrase; blank when not recognised."""
    text = product_text(finding.product_label, finding.cycle_label, finding.candidates)
    return f"{text} (overlay)" if finding.overlay and text else text


_PLAIN_REASONS = frozenset({"", "no end of life announced"})


def note_text(finding: Finding) -> str:
    """What a person should read beside the status: the reason (distribution maintenance,
    free phases, out-of-range versions, assumptions) and "behind the latest patch"."""
    notes = [] if finding.reason in _PLAIN_REASONS else [finding.reason]
    if finding.maintained_by and finding.reason.startswith("maintained by "):
        notes = ["; ".join(finding.reason.split("; ")[:2])]  # "...until ...; upstream ..."
    if finding.behind_latest and finding.latest:
        notes.append(f"behind the latest patch ({finding.latest})")
    return "; ".join(notes)


_SHORT_NAMES = {
    "Red Hat Enterprise Linux ": "RHEL ",
    "SUSE Linux Enterprise Server ": "SLES ",
}
"""The names people use for the two longest distribution labels (a terminal cell is narrow)."""


def maintainer_text(finding: Finding) -> str:
    """``Ubuntu 24.04``: the distribution release that maintains a distribution build (its
    reason starts "maintained by Ubuntu 24.04 until ..."), blank for anything else."""
    if not finding.maintained_by or not finding.reason.startswith("maintained by "):
        return ""
    name = finding.reason.removeprefix("maintained by ").split(" until ", 1)[0]
    for long, short in _SHORT_NAMES.items():
        name = name.replace(long, short)
    return name


def archive_group(finding: Finding) -> str:
    """``other packages of Ubuntu 22.04``: what an unidentified package of its host's
    distribution is gathered under (a server's listing has hundreds: they follow their
    release); blank for anything else."""
    if finding.product is not None or finding.status is not Status.UNKNOWN:
        return ""
    release = maintainer_text(finding)
    return f"other packages of {release}" if release else ""


def archive_note(release_group: str, names: Iterable[str]) -> str:
    """What the report says of a gathered group of packages, naming every one of them."""
    listed = ", ".join(sorted(set(names), key=str.lower))
    release = release_group.removeprefix("other packages of ")
    return (
        f"from {release}'s archive, with no lifecycle of their own in the data: supported as "
        f"long as {release} if they are among its own packages ({listed})"
    )


def patch_text(finding: Finding) -> str:
    """``2.4.68 (patch)``: the cycle's newest release where the installed one is older."""
    return f"{finding.latest} (patch)" if finding.behind_latest and finding.latest else ""


def item_text(name: str, version: str) -> str:
    """An inventory item with its version, unless the name already says it."""
    if not version or version in name:
        return name
    return f"{name} {version}"


def days_text(days_left: int | None, short: bool = True) -> str:
    """``405 overdue`` / ``231 left`` (short), or ``405 days ago`` / ``in 231 days``."""
    if days_left is None:
        return ""
    if short:
        return f"{-days_left:,} overdue" if days_left < 0 else f"{days_left:,} left"
    if days_left < 0:
        return f"{plural(-days_left, 'day')} ago"
    return "today" if days_left == 0 else f"in {plural(days_left, 'day')}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = 31 if month == 11 else (date(year, month + 2, 1) - _ONE_DAY).day
    return date(year, month + 1, min(day.day, last))


_ONE_DAY = timedelta(days=1)


def deadline(finding: Finding) -> DateOrFlag:
    """The date ``days_left`` counts to: end of paid extended support when that runs, else EOL."""
    return finding.extended_end if finding.status is Status.EXTENDED else finding.eol


_NO_FIXES = "software that no longer receives security fixes."


def verb(count: int, one: str, many: str) -> str:
    """``runs`` for one, ``run`` for several."""
    return one if count == 1 else many


def exposure(exposed: int, hosts: int) -> str:
    """``3 of 12 machines run software that no longer receives security fixes.``"""
    if not exposed:
        if hosts == 1:
            return "The machine runs no software past its end of life."
        return f"None of the {plural(hosts, 'machine')} runs software past its end of life."
    runs = verb(exposed, "runs", "run")
    return f"{exposed} of {plural(hosts, 'machine')} {runs} {_NO_FIXES}"


_WINDOWS_VERSION = LazyRegex(r"\b(Windows (?:10|11)) (\d\d[hH]\d|\d{4})\b")
_EDITION_MARKS = {
    "(W)": "(Home/Pro)",
    "(E)": "(Enterprise, Education)",  # words a narrow column can wrap
    "(IoT)": "(IoT Enterprise)",
}


_CODENAME = LazyRegex(r"(?<=\d) '[A-Z][^']*'")
"""A release's codename after its number: ``2014 'Hekaton' SP3``, ``22.04 'Jammy Jellyfish'``."""
_ELS_MARK = LazyRegex(r" \((?:Upcoming )?ELS\)")
"""endoflife.date's note that a paid Extended Life Cycle Support add-on exists or will
(``Red Hat Enterprise Linux 10 (Upcoming ELS)``): a vendor's jargon, not the release."""


def plain_product(text: str) -> str:
    """A product as a client reads it: ``Windows 11 version 25H2 (Home/Pro)``, not
    ``Windows 11 25H2 (W)`` (the database's short labels); ``SQL Server 2014 SP3``, not
    ``SQL Server 2014 'Hekaton' SP3`` (codenames tell a client nothing)."""
    text = _WINDOWS_VERSION.sub(lambda m: f"{m.group(1)} version {m.group(2).upper()}", text)
    text = _ELS_MARK.sub("", _CODENAME.sub("", text))
    for mark, words in _EDITION_MARKS.items():
        text = text.replace(mark, words)
    return text


def client_target(product_label: str | None, target: str | None) -> str:
    """An upgrade as a client reads it: the product named, in plain words (``Microsoft
    Windows 11 version 25H2 (Home/Pro)``, not ``11 25H2 (W)``); a product that updates
    itself is told to take ``the newest release, 26.001.21789`` as it is."""
    if not target:
        return ""
    if target.startswith("the "):
        return target
    return plain_product(product_text(product_label, target))


_WHERE = LazyRegex(r"^(?:[A-Za-z]:)?[^\s:]+(?::\d+)?: ")


def client_words(text: str) -> str:
    """A warning for the client's copy: without the ``file:line:`` it starts with."""
    return _WHERE.sub("", text, count=1)


_OVERLAY_NOTE = LazyRegex(r" ?\((?:local )?overlay(?:, [^)]*)?\)")


def client_source(skipped: Skipped) -> str:
    """Where a skipped input came from, for the client's copy: the file's name alone, with no
    folder, line number or JSON path."""
    file = skipped.file or skipped.source
    return file.replace("\\", "/").rsplit("/", 1)[-1] or skipped.source


_PATH = LazyRegex(r"(?:[A-Za-z]:)?(?:[^\s/\\:]*[/\\])+([^\s/\\:]+)")
_FILE_LINE = LazyRegex(r"\b([\w.\-]+\.\w+):\d+\b")


def client_text(text: str) -> str:
    """A skip reason for the client's copy: files by name, without folders or line numbers,
    and without the technician's advice (the formats tried, the options to use)."""
    text = text.split(" (tried: ", 1)[0]
    return _FILE_LINE.sub(r"\1", _PATH.sub(r"\1", text))


def client_reason(text: str) -> str:
    """A finding's reason for the client's copy: no overlay marks or the file they came from
    (``(local overlay, overlay.yaml:41)``)."""
    return _OVERLAY_NOTE.sub("", text)
