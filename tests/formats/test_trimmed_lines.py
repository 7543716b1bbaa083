"""A plain table written to a file keeps no spaces at its lines' ends."""

from __future__ import annotations

import io

from eolscan.support.trimmed import TrimmedLines


def test_each_ended_line_loses_its_end_spaces_and_nothing_else() -> None:
    out = io.StringIO()
    trimmed = TrimmedLines(out)
    text = " Host  Item   \n  ─────  \n\t tab \t \nlast line, not ended  "
    assert trimmed.write(text) == len(text)  # what was given, as write() says
    assert out.getvalue() == " Host  Item\n  ─────\n\t tab \t\nlast line, not ended  "
    assert trimmed.encoding == out.encoding  # rich asks the stream for its encoding
