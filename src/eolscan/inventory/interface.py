"""The one interface every inventory reader implements, and its error."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from eolscan.errors import InputError
from eolscan.models import Asset


class InventoryError(InputError):
    """An inventory cannot be read; the message starts with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class Source:
    """One inventory input: its display name, decoded text and the default client name."""

    name: str
    text: str
    client: str


class InventoryReader(ABC):
    """Reads one input format into assets, saying file and line/row on errors."""

    name: str = ""
    description: str = ""

    @abstractmethod
    def detect(self, source: Source) -> bool:
        """True when ``source`` looks like this format (cheap: extension and first bytes)."""

    @abstractmethod
    def read(self, source: Source) -> Iterator[Asset]:
        """Yield every asset in ``source``; raise InventoryError for what cannot be read."""
