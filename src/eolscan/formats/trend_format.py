"""``eolscan trend`` output: a table, Markdown, JSON, or HTML with an inline SVG chart.

The HTML page, like the report, holds no script and makes no request: the chart is SVG
drawn here, one line for machines past end of life and one for end-of-life items.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import TextIO

from eolscan.app.trend import ClientTrend, Point
from eolscan.formats.html_style import CSS, csp
from eolscan.formats.markdown import escape as md
from eolscan.model import Status

TREND_FORMATS = ("table", "markdown", "json", "html")
_SHOWN = (Status.EOL, Status.EXTENDED, Status.WARN, Status.UNKNOWN, Status.SUPPORTED)
_HEADERS = (
    "As of",
    "Machines",
    "Past end of life",
    "EOL",
    "Extended",
    "Warn",
    "Unknown",
    "Supported",
    "Better",
    "Worse",
)


def _cells(point: Point) -> list[str]:
    return [
        point.as_of,
        f"{point.hosts:,}",
        f"{point.past:,}",
        *(f"{point.counts[s]:,}" for s in _SHOWN),
        f"{point.improved:,}",
        f"{point.regressed:,}",
    ]


def trend_dict(trends: list[ClientTrend]) -> dict[str, object]:
    """The JSON document: per client, its points in date order."""
    return {
        "eolscan_trend_version": 1,
        "clients": [
            {
                "client": trend.client,
                "points": [
                    {
                        "as_of": p.as_of,
                        "hosts": p.hosts,
                        "hosts_past_eol": p.past,
                        "by_status": {str(s): p.counts[s] for s in Status},
                        "improved": p.improved,
                        "regressed": p.regressed,
                    }
                    for p in trend.points
                ],
            }
            for trend in trends
        ],
    }


def _table(trends: list[ClientTrend], out: TextIO) -> None:
    # rich only for the terminal table; trend --format json does without it
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, width=120, color_system=None, highlight=False, markup=False)
    for trend in trends:
        table = Table(title=Text(trend.client, style="bold"), title_justify="left")
        for header in _HEADERS:
            table.add_column(header, justify="left" if header == "As of" else "right")
        for point in trend.points:
            table.add_row(*_cells(point))
        console.print(table)


def _markdown(trends: list[ClientTrend], out: TextIO) -> None:
    out.write("# End-of-life trend\n")
    for trend in trends:
        out.write(f"\n## {md(trend.client)}\n\n")
        out.write("| " + " | ".join(_HEADERS) + " |\n")
        out.write("| " + " | ".join(["---"] * len(_HEADERS)) + " |\n")
        for point in trend.points:
            out.write("| " + " | ".join(_cells(point)) + " |\n")


_W, _H, _PAD = 640, 220, 40


def chart(trend: ClientTrend) -> str:
    """An SVG line chart: machines past end of life and end-of-life items, per report date."""
    points = trend.points
    top = max([1, *(max(p.past, p.counts[Status.EOL]) for p in points)])
    step = (_W - 2 * _PAD) / max(len(points) - 1, 1)

    def xy(at: int, value: int) -> str:
        return f"{_PAD + at * step:.1f},{_H - _PAD - (_H - 2 * _PAD) * value / top:.1f}"

    parts = [
        f'<svg class="trend" viewBox="0 0 {_W} {_H}" role="img" '
        f'aria-label="{escape(trend.client)}: machines past end of life over time" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line class="axis" x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}"/>',
        f'<text class="tick" x="{_PAD - 6}" y="{_PAD + 4}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{_PAD - 6}" y="{_H - _PAD + 4}" text-anchor="end">0</text>',
    ]
    series: list[tuple[str, Callable[[Point], int]]] = [
        ("s-past", lambda p: p.past),
        ("s-eol", lambda p: p.counts[Status.EOL]),
    ]
    for name, value in series:
        line = " ".join(xy(at, value(p)) for at, p in enumerate(points))
        parts.append(f'<polyline class="{name}" points="{line}"/>')
        for at, p in enumerate(points):
            x, y = xy(at, value(p)).split(",")
            parts.append(
                f'<circle class="{name}" cx="{x}" cy="{y}" r="4"><title>'
                f"{escape(p.as_of)}: {value(p)}</title></circle>"
            )
    for at, p in enumerate(points):
        x = xy(at, 0).split(",")[0]
        parts.append(
            f'<text class="tick" x="{x}" y="{_H - _PAD + 18}" '
            f'text-anchor="middle">{escape(p.as_of)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_CHART_CSS = (
    "svg.trend{width:100%;max-width:720px;height:auto;border:1px solid var(--line);"
    "border-radius:6px}svg.trend polyline{fill:none;stroke-width:2.5}"
    "svg.trend polyline.s-past{stroke:var(--eol)}svg.trend polyline.s-eol{stroke:var(--warn)}"
    "svg.trend circle.s-past{fill:var(--eol)}svg.trend circle.s-eol{fill:var(--warn)}"
    ".key i{display:inline-block;width:14px;height:3px;margin:0 4px 3px 12px}"
    ".key i.past{background:var(--eol)}.key i.eol{background:var(--warn)}"
)


def _html(trends: list[ClientTrend], out: TextIO) -> None:
    style = CSS + _CHART_CSS
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(style)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>End-of-life trend</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n"
        '<header class="doc"><h1>End-of-life trend</h1>'
        '<p class="meta">Machines past end of life and end-of-life items, report by report'
        "</p></header>\n"
    )
    for trend in trends:
        out.write(f'<section class="client"><h2>{escape(trend.client)}</h2>\n')
        out.write(
            '<p class="key"><i class="past"></i>machines past end of life'
            '<i class="eol"></i>end-of-life items</p>\n'
        )
        out.write(chart(trend) + "\n<table><thead><tr>")
        out.write("".join(f"<th>{h}</th>" for h in _HEADERS) + "</tr></thead><tbody>\n")
        for point in trend.points:
            out.write("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in _cells(point)))
            out.write("</tr>\n")
        out.write("</tbody></table></section>\n")
    out.write("</main>\n</body>\n</html>\n")


def render_trend(trends: list[ClientTrend], format_name: str, out: TextIO) -> None:
    """Write ``trends`` in ``format_name`` (one of ``TREND_FORMATS``)."""
    if format_name == "json":
        out.write(json.dumps(trend_dict(trends), indent=2, ensure_ascii=False) + "\n")
    elif format_name == "markdown":
        _markdown(trends, out)
    elif format_name == "html":
        _html(trends, out)
    else:
        _table(trends, out)
