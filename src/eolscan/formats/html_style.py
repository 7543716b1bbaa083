"""The HTML report's stylesheet and its SVG timeline: inline, so the file makes no requests."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import date
from html import escape

from eolscan.formats.words import add_months, plural
from eolscan.report.rollup import Milestone

CSS = """
:root{--eol:#b71c1c;--extended:#6a1b9a;--warn:#e65100;--unknown:#455a64;--accepted:#1565c0;
--supported:#2e7d32;--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--soft:#f4f6f9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:var(--ink);background:#fff}
main{max-width:1100px;margin:0 auto;padding:32px 28px 48px}
header.doc{border-bottom:3px solid var(--ink);padding-bottom:12px;margin-bottom:24px}
header.doc h1{margin:0;font-size:26px;letter-spacing:-.01em}
.meta{color:var(--muted);margin:4px 0 0}
h2{font-size:22px;margin:0 0 6px}
h3{font-size:15px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);
margin:28px 0 10px}
section.client,section.portfolio{margin-bottom:48px}
.lead{font-size:19px;font-weight:600;margin:6px 0 10px}
ul.points{margin:0 0 8px;padding-left:20px}
ul.points li{margin:2px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{flex:1 1 120px;border:1px solid var(--line);border-top:5px solid var(--muted);
border-radius:6px;padding:10px 12px;background:var(--soft)}
.card .n{font-size:26px;font-weight:700;line-height:1.1}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.eol{border-top-color:var(--eol)}.card.extended{border-top-color:var(--extended)}
.card.warn{border-top-color:var(--warn)}.card.unknown{border-top-color:var(--unknown)}
.card.accepted{border-top-color:var(--accepted)}.card.supported{border-top-color:var(--supported)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{background:var(--ink);color:#fff;font-weight:600;font-size:12px}
tr.host th{background:var(--soft);font-size:13px;border-top:2px solid var(--line)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.date{white-space:nowrap;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;
font-weight:600;white-space:nowrap}
.badge.eol{background:var(--eol)}.badge.extended{background:var(--extended)}
.badge.warn{background:var(--warn)}.badge.unknown{background:var(--unknown)}
.badge.accepted{background:var(--accepted)}.badge.supported{background:var(--supported)}
.change{display:inline-block;margin-left:4px;padding:0 6px;border:1px solid var(--ink);
border-radius:8px;font-size:11px}
.note{color:var(--muted);font-size:12px}
.overdue{color:var(--eol);font-weight:600}
a{color:#0b57d0}
svg.timeline{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
svg .axis{stroke:var(--line)}svg .tick{fill:var(--muted);font-size:11px}
svg .label{fill:var(--ink);font-size:12px}svg .now{stroke:var(--ink);stroke-dasharray:3 3}
svg .eol{fill:var(--eol)}svg .support_end{fill:var(--warn)}svg .extended_end{fill:var(--extended)}
.legend span{margin-right:14px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
.legend .eol{background:var(--eol)}.legend .support_end{background:var(--warn)}
.legend .extended_end{background:var(--extended)}
footer{border-top:1px solid var(--line);margin-top:32px;padding-top:10px;color:var(--muted);
font-size:12px}
td{overflow-wrap:break-word}
.source{overflow-wrap:anywhere}.name{white-space:nowrap}
td.ends{white-space:nowrap;font-variant-numeric:tabular-nums}
.phase{display:inline-block;min-width:4.6em;color:var(--muted);font-size:11px}
.brand{display:flex;align-items:center;gap:12px;margin-bottom:10px;color:var(--muted)}
.brand img.logo{max-height:44px;max-width:180px}
.brand-name{display:block;font-weight:700;color:var(--ink)}.brand-contact{display:block;font-size:12px}
ol.actions{margin:0 0 10px;padding-left:22px}ol.actions li{margin:4px 0}
.total{font-weight:600}
dl.contacts{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;font-size:13px}
dl.contacts dt{color:var(--muted)}dl.contacts dd{margin:0}
h3.part{color:var(--ink);border-bottom:2px solid var(--ink);padding-bottom:4px}
table.plan td:nth-child(2){min-width:14em}
@media screen and (max-width:1100px){
main{padding:20px 14px 32px}
td.ends{white-space:normal}.badge{white-space:normal}
th,td{padding:5px 6px}
}
@media screen and (max-width:760px){
main{padding:16px 10px}
table.items thead{display:none}
table.items tr,table.items td{display:block;border:0;padding:2px 8px}
table.items tr{border-bottom:1px solid var(--line);padding:6px 0}
table.items tr.host{display:table-row}
td.ends{white-space:normal}
}
@media print{
@page{size:A4 portrait;margin:14mm}
body{font-size:9.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:none;padding:0}
table{font-size:8.5pt}th,td{padding:3px 5px}.badge{white-space:normal}
section.client{break-before:page}
section.client:first-of-type{break-before:auto}
section.plan,section.detail{break-before:page}
section.client,section.portfolio{margin-bottom:0}
tr{break-inside:avoid}thead{display:table-header-group}tr.host{break-after:avoid}
h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
footer{break-inside:avoid}
}
""".strip()


def csp(style: str = CSS) -> str:
    """A policy that allows this stylesheet and nothing else: no scripts, no requests."""
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


_LEFT, _WIDTH, _ROW, _TOP = 360, 980, 24, 34
_SHOWN = 24


def _x(day: date, start: date, end: date) -> float:
    span = (end - start).days or 1
    return round(_LEFT + (_WIDTH - _LEFT - 40) * (day - start).days / span, 1)


def timeline(items: Sequence[Milestone], start: date, months: int = 18) -> str:
    """An SVG of what loses support between ``start`` and ``months`` later, one row per date."""
    end = add_months(start, months)
    shown = list(items[:_SHOWN])
    height = _TOP + _ROW * len(shown) + 12
    parts = [
        f'<svg class="timeline" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-label="Support ending in the next {months} months" xmlns="http://www.w3.org/2000/svg">'
    ]
    for step in range(0, months + 1, 3):
        tick = add_months(start, step)
        x = _x(tick, start, end)
        parts.append(f'<line class="axis" x1="{x}" y1="22" x2="{x}" y2="{height - 6}"/>')
        parts.append(f'<text class="tick" x="{x}" y="14" text-anchor="middle">{tick:%b %Y}</text>')
    parts.append(f'<line class="now" x1="{_LEFT}" y1="20" x2="{_LEFT}" y2="{height - 6}"/>')
    for row, item in enumerate(shown):
        y = _TOP + _ROW * row + 8
        x = _x(item.day, start, end)
        label = f"{item.product} ({plural(len(item.hosts), 'machine')})"
        tip = f"{item.day.isoformat()}: {item.product}, {item.what}"
        parts.append(
            f'<text class="label" x="{_LEFT - 10}" y="{y + 4}" text-anchor="end">'
            f"{escape(_clip(label))}</text>"
        )
        parts.append(f'<line class="axis" x1="{_LEFT}" y1="{y}" x2="{x}" y2="{y}"/>')
        parts.append(
            f'<circle class="{item.kind}" cx="{x}" cy="{y}" r="6">'
            f"<title>{escape(tip)}</title></circle>"
        )
        anchor = "end" if x > _WIDTH - 160 else "start"
        dx = -10 if anchor == "end" else 10
        parts.append(
            f'<text class="tick" x="{x + dx}" y="{y + 4}" text-anchor="{anchor}">'
            f"{item.day.isoformat()}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, limit: int = 54) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
