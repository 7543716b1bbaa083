"""The one interface every inventory reader implements, and its error."""

from __future__ import annotations

import io
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from eolscan.errors import InputError
from eolscan.model import SKIPPED_ROW, AssetRow, Skipped

HEAD_CHARS = 64 * 1024
"""How much of an input detection may look at."""


class InventoryError(InputError):
    """An inventory cannot be read; the message starts with ``file:line:``."""


SkipHandler = Callable[[Skipped], None]
"""Called with each row a reader could not read but stepped over."""


def refuse_nul(text: str, name: str) -> str:
    """Text with a NUL character is binary (or UTF-16 we could not recognise): refuse it."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InventoryError(
            f"{name}:{line}: NUL byte in text (a binary file, or UTF-16 without a byte order mark?)"
        )
    return text


class Source:
    """One inventory input: display name, default client, and its decoded text.

    A source built from a file streams: ``open()`` gives a fresh text stream so a
    CSV of a million rows is never held in memory whole, while ``text`` reads it all
    for the formats that need the whole document (JSON, YAML, XML).
    """

    __slots__ = ("_document", "_first", "_head", "_on_skip", "_opener", "_text", "client", "name")

    def __init__(
        self,
        name: str,
        text: str | None = None,
        client: str = "",
        *,
        opener: Callable[[], TextIO] | None = None,
        on_skip: SkipHandler | None = None,
    ) -> None:
        if text is None and opener is None:
            raise ValueError("a Source needs text or an opener")
        self.name = name
        self.client = client
        self._text = text
        self._opener = opener
        self._on_skip = on_skip
        self._head: str | None = None
        self._first: dict[str, Any] | bool | None = False  # False: not looked at yet
        self._document: Any = None

    def __repr__(self) -> str:
        kind = "text" if self._text is not None else "file"
        return f"Source({self.name!r}, client={self.client!r}, {kind})"

    @property
    def text(self) -> str:
        """The whole decoded text (read once, then kept)."""
        if self._text is None:
            with self.open() as stream:
                self._text = refuse_nul(stream.read(), self.name)
        return self._text

    def head(self) -> str:
        """The first 64 KiB of text without a BOM: what ``detect`` looks at."""
        if self._head is None:
            if self._text is not None:
                head = self._text[:HEAD_CHARS]
            else:
                with self.open() as stream:
                    head = stream.read(HEAD_CHARS)
            self._head = refuse_nul(head.lstrip("\ufeff"), self.name)
        return self._head

    def json_object(self) -> dict[str, Any] | None:
        """The input's first JSON object, or None when it does not start with one: what
        detection reads, by its keys wherever they sit (Trivy sorts them, sbom-tool writes
        ``files`` first: ``spdxVersion`` is often past the first 64 KiB).

        Parsed once: from the head when the object ends there, else from the whole text,
        which is kept for the reader (``json_document``), so a large SBOM is parsed once.
        """
        if self._first is False:
            self._first = self._parse_first()
        return self._first if isinstance(self._first, dict) else None

    def _parse_first(self) -> dict[str, Any] | None:
        head = self.head().lstrip(" \t\r\n")
        if not head.startswith("{"):
            return None
        decoder = json.JSONDecoder()
        try:
            first, end = decoder.raw_decode(head)
        except (ValueError, RecursionError):
            if len(self.head()) < HEAD_CHARS:
                return None  # not valid JSON: the reader says where
            whole = self.text.lstrip("\ufeff \t\r\n")
            try:  # the object goes on past the head: the whole text, parsed once
                first, end = decoder.raw_decode(whole)
            except (ValueError, RecursionError):
                return None
            if not whole[end:].strip():
                self._document = first
            return first if isinstance(first, dict) else None
        if len(self.head()) < HEAD_CHARS and not head[end:].strip():
            self._document = first  # the head is the whole input
        return first if isinstance(first, dict) else None

    def json_document(self) -> Any:
        """The whole input as parsed by ``json_object``, or None when it was not (then the
        reader parses the text itself, and says where it is wrong)."""
        return self._document

    def forget_json(self) -> None:
        """Drop the parsed document (a reader that reads the text another way)."""
        self._document = None

    def open(self) -> TextIO:
        """A fresh text stream over the whole input; line endings are kept as written."""
        if self._opener is not None and self._text is None:
            return self._opener()
        return io.StringIO(self._text or "", newline="")

    def lines(self) -> Iterator[str]:
        """The lines of the input without line endings, read as they are needed."""
        with self.open() as stream:
            for line in stream:
                yield line.rstrip("\r\n")

    def skip(self, where: str, reason: str, what: str = SKIPPED_ROW) -> None:
        """Step over an unreadable row (or ``what`` else: a host): report it, or raise when
        nobody listens (strict)."""
        if self._on_skip is None:
            raise InventoryError(f"{where}: {reason}")
        self._on_skip(Skipped(where, reason, what, file=self.name))


class InventoryReader(ABC):
    """Reads one input format into rows, saying file and line/row on errors."""

    name: str = ""
    description: str = ""

    @abstractmethod
    def detect(self, source: Source) -> bool:
        """True when ``source`` looks like this format (cheap: extension and first bytes)."""

    @abstractmethod
    def rows(self, source: Source) -> Iterator[AssetRow]:
        """Yield every item in ``source`` as a row (``inventory.rows.make_row``), each field
        within the length limit; raise InventoryError for what cannot be read.

        A reader that can step over a bad row calls ``source.skip(where, reason)``
        and goes on; in strict mode that call raises.
        """
