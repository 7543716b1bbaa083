"""``/etc/os-release`` (and ``lsb-release``): one host each, or one per ``# host:`` line.

The host is named by a ``# host: NAME`` comment, else by the folder the file was
collected into (``hosts/web01/os-release`` or ``web01/etc/os-release``).
"""

from __future__ import annotations

import platform
import re
from collections.abc import Generator, Iterator
from pathlib import Path

from eolscan.inventory.interface import InventoryError, InventoryReader, Source
from eolscan.inventory.rows import make_row
from eolscan.model import AssetRow, Kind
from eolscan.support.visible import quoted

_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_HOST = re.compile(r"^#\s*host\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_SYSTEM_DIRS = {"etc", "usr", "lib", ""}
_NAME_KEYS = ("NAME", "DISTRIB_ID", "ID")
_VERSION_KEYS = ("VERSION_ID", "DISTRIB_RELEASE", "VERSION", "VERSION_CODENAME", "DISTRIB_CODENAME")
MAX_LINE_CHARS = 64 * 1024
_SHELL_TOKEN = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"?'  # a double-quoted part (unrolled: no per-character group)
    r"|'[^']*'?"  # a single-quoted part
    r"|\s+"
    r"|[^\s\"'\\]*(?:\\.[^\s\"'\\]*)+|[^\s\"'\\]+"  # a bare word, escapes included
    r"|\\"  # a backslash at the very end
)
_ESCAPED = re.compile(r"\\(.)")
_CLOSED_DOUBLE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_QUOTED_ESCAPE = re.compile(r'\\([\\"$`\n])')
"""Inside double quotes the shell drops a backslash only before these characters."""
_RELEASE_LINE = re.compile(r"\brelease \d", re.IGNORECASE)
_STANDARD_NAME = re.compile(r"^[A-Za-z]+[-_](?:release|version)$")
_NAME_SUFFIX = re.compile(
    r"(?:[._-](?:etc[._-])?(?:os|lsb|[a-z]+)[-_]release)?(?:\.(?:txt|conf|out|log))?$",
    re.IGNORECASE,
)


def host_and_client(path: Path) -> tuple[str, str | None]:
    """The host a collected file stands for and the client folder above it, from its path."""
    names = [p.name for p in path.absolute().parents if p.name not in _SYSTEM_DIRS]
    if not names:
        return platform.node() or "localhost", None
    host = names[0]
    rest = names[1:]
    if rest and rest[0] == "hosts":
        rest = rest[1:]
    return host, rest[0] if rest else None


def host_from_file_name(base: str) -> str:
    """``web01.os-release``, ``web01_os-release.txt`` -> ``web01``; ``""`` for the standard
    names (``os-release``, ``redhat-release``), which leave the host to the folder."""
    if base in ("os-release", "lsb-release") or _STANDARD_NAME.match(base):
        return ""
    return _NAME_SUFFIX.sub("", base) or base


def unquote(value: str) -> str:
    """Shell-style value of an os-release line: quotes and backslash escapes removed.

    A linear tokenizer, not ``shlex`` (whose cost grew with the square of a long value),
    with the shell's rules: in double quotes a backslash escapes only ``\\ " $ ` ``,
    single-quoted parts are literal, and words are joined with one space.
    """
    value = value.strip()
    if not value or value[0] not in "\"'":
        return value
    words: list[str] = []
    current: list[str] = []
    for token in _SHELL_TOKEN.findall(value):
        if token.isspace():
            words.append("".join(current))
            current = []
        elif token.startswith('"'):
            if not _CLOSED_DOUBLE.fullmatch(token):
                return value.strip("\"'")
            current.append(_QUOTED_ESCAPE.sub(r"\1", token[1:-1]))
        elif token.startswith("'"):
            if len(token) < 2 or not token.endswith("'"):
                return value.strip("\"'")
            current.append(token[1:-1])
        else:
            current.append(_ESCAPED.sub(r"\1", token))
    words.append("".join(current))
    return " ".join(word for word in words if word)


class OsReleaseReader(InventoryReader):
    """KEY=VALUE lines as systemd's os-release(5) defines them."""

    name = "os-release"
    description = "/etc/os-release (or lsb-release) files; host from '# host:' or the folder"

    def detect(self, source: Source) -> bool:
        base = Path(source.name).name
        if base in ("os-release", "lsb-release") or base.endswith("-release"):
            return True
        lines = [ln.strip() for ln in source.head().splitlines()[:50] if ln.strip()]
        pairs = [ln for ln in lines if not ln.startswith("#")]
        good = [ln for ln in pairs if _LINE.match(ln)]
        if not good or len(good) < 0.8 * len(pairs):
            return False
        keys = {ln.split("=", 1)[0] for ln in good}
        return bool(keys & {"ID", "VERSION_ID", "DISTRIB_ID"}) and bool(
            keys & {"NAME", "ID", "DISTRIB_ID"}
        )

    def rows(self, source: Source) -> Iterator[AssetRow]:
        default_host = self._default_host(source)
        block: dict[str, tuple[str, int]] = {}
        host, start, count = default_host, 1, 0
        plain: list[tuple[str, int]] = []  # a first line that is not KEY=VALUE, held back
        seen = False
        for number, line in enumerate(source.lines(), start=1):
            stripped = line.strip().lstrip("\ufeff")
            named = _HOST.match(stripped)
            if named:
                if block:
                    count += yield from self._host(source, host, block, start)
                host, start, block = named.group(1), number, {}
                continue
            if not stripped or stripped.startswith("#"):
                continue
            for _, held in plain:  # not a one-line release file after all
                source.skip(f"{source.name}:{held}", "expected KEY=VALUE (an os-release line)")
            first, seen = not seen, True
            pair = _LINE.match(stripped)
            if pair is None or len(stripped) > MAX_LINE_CHARS:
                plain = [(stripped[:MAX_LINE_CHARS], number)] if first else []
                if not first:
                    source.skip(
                        f"{source.name}:{number}", "expected KEY=VALUE (an os-release line)"
                    )
                continue
            plain = []
            block.setdefault(pair.group(1), (unquote(pair.group(2)), number))
        if block:
            count += yield from self._host(source, host, block, start)
        if not count and plain and _RELEASE_LINE.search(plain[0][0]):
            # /etc/redhat-release, /etc/centos-release: "CentOS release 6.10 (Final)"
            release, at = plain[0]
            yield make_row(source.client, host, Kind.OS, release, "", file=source.name, line=at)
            return
        for _, number in plain:
            source.skip(f"{source.name}:{number}", "expected KEY=VALUE (an os-release line)")
        if not count:
            raise InventoryError(
                f"{source.name}:1: no NAME= or ID= line (expected an os-release file)"
            )

    @staticmethod
    def _default_host(source: Source) -> str:
        if source.name == "<stdin>":
            return "stdin"
        path = Path(source.name)
        named = host_from_file_name(path.name)
        return named or host_and_client(path)[0]

    @staticmethod
    def _host(
        source: Source, host: str, block: dict[str, tuple[str, int]], start: int
    ) -> Generator[AssetRow, None, int]:
        """Yield the OS of one host block; a block without a name is stepped over."""
        name = next((block[k] for k in _NAME_KEYS if block.get(k, ("", 0))[0]), None)
        if name is None:
            source.skip(f"{source.name}:{start}", f"host {quoted(host)} has no NAME= or ID= line")
            return 0
        version = next((block[k][0] for k in _VERSION_KEYS if block.get(k, ("", 0))[0]), "")
        yield make_row(
            source.client, host, Kind.OS, name[0], version, file=source.name, line=name[1]
        )
        return 1


OS_RELEASE_LINE = _LINE
"""``KEY=VALUE``: one os-release line (other readers find os-release blocks with it)."""


def os_of_block(block: dict[str, tuple[str, int]]) -> tuple[str, str, int] | None:
    """(name, version, line) of an os-release block of ``KEY -> (value, line)``, or None."""
    name = next((block[k] for k in _NAME_KEYS if block.get(k, ("", 0))[0]), None)
    if name is None:
        return None
    version = next((block[k][0] for k in _VERSION_KEYS if block.get(k, ("", 0))[0]), "")
    return name[0], version, name[1]
