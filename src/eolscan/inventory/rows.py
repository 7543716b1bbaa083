"""Rows as every reader yields them, held to the field-length limit.

A reader builds each row with ``make_row`` from the fields it read, its file and line kept
apart (never a ``file:line`` text to parse again). The large tabular readers build their
row tuples in bulk and pass them through ``rows_within_limits`` only when a value may not
be one cell of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eolscan.inventory.text import MAX_FIELD_CHARS, field_too_long
from eolscan.model import AssetRow, Item, Kind, row_location


def make_row(
    client: str,
    host: str,
    kind: Kind,
    name: str,
    version: str = "",
    extended: bool = False,
    *,
    file: str,
    line: int = 0,
    pointer: str = "",
    tags: tuple[str, ...] = (),
    purl: str = "",
    identifier: str = "",
) -> AssetRow:
    """One item on one host as a row, refused when a field is past ``MAX_FIELD_CHARS``.

    ``line`` 0: no line; ``pointer`` is a place in the file that is not a line (the JSON
    path ``programs[2]`` of ``APP01.json``), kept apart from ``file`` as the line is.
    """
    if len(client) + len(host) + len(name) + len(version) > MAX_FIELD_CHARS:
        where = row_location(file, line, pointer).text
        _refuse_long_field(where, client, host, name, version)
    item: Item = (kind, name, version, extended)
    if purl or identifier:
        item = (kind, name, version, extended, purl, identifier)
    return client, host, item, file, line, tags, pointer


def rows_within_limits(rows: Iterable[AssetRow]) -> Iterator[AssetRow]:
    """Pass rows through, refusing any past the limit: for CSV readers whose values may not
    all be one cell (a ``--client`` given for the file, an OS name with its service pack)."""
    limit = MAX_FIELD_CHARS
    for row in rows:
        client, host, item, file, line, _, pointer = row
        name, version = item[1], item[2]
        if len(client) + len(host) + len(name) + len(version) > limit:
            where = row_location(file, line, pointer).text
            _refuse_long_field(where, client, host, name, version)
        yield row


def _refuse_long_field(where: str, client: str, host: str, name: str, version: str) -> None:
    """Raise for the first of these fields past ``MAX_FIELD_CHARS`` (their sum is; one may be)."""
    fields = {"client": client, "host": host, "name": name, "version": version}
    for field, value in fields.items():
        if len(value) > MAX_FIELD_CHARS:
            raise field_too_long(where, repr(field))
