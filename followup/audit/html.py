"""HTML fragments of the audit page. Every text goes through :func:`esc`."""

from __future__ import annotations

import html
from collections.abc import Iterable

from followup.audit.model import NO_STATUS, RowView, Summary
from followup.audit.pages import PageImage
from followup.audit.palette import EMPTY_COLOUR, field_label, finding_label
from followup.records import Finding

#: Finding lists longer than this start folded.
OPEN_FINDINGS = 20


def esc(value: object) -> str:
    """Escape text for element content and quoted attributes."""
    return html.escape(str(value), quote=True)


def pt(value: float) -> str:
    """PDF points as written in data attributes (two decimals, like the CSV output)."""
    return f"{value:.2f}"


def pct(fraction: float) -> str:
    return f"{fraction * 100:.3f}%"


def _style(colours: dict[str, str], status: str) -> str:
    return f"--c:{colours.get(status, EMPTY_COLOUR)}"


def _status_class(status: str) -> str:
    return "" if status else " nostatus"


def _no_perspective(name: str) -> str:
    return name or "(utan perspektiv)"


def summary_section(summary: Summary, colours: dict[str, str]) -> str:
    word = summary.done_word
    suffix = "" if word in (None, "Klar") else f" (status {word})"
    lines = [
        f'<li data-perspective="{esc(p)}">{esc(_no_perspective(p))}: '
        f'<span class="done-count">{summary.done[p]}</span> av '
        f'<span class="total-count">{summary.totals[p]}</span> klara{esc(suffix)}</li>'
        for p in summary.perspectives
    ]
    lines.append(
        f'<li class="all"><strong>Totalt: {summary.total_done} av {summary.total} klara'
        f"{esc(suffix)}</strong></li>"
    )
    head = "".join(f'<th class="n">{esc(s)}</th>' for s in summary.statuses)
    body = []
    for p in summary.perspectives:
        cells = "".join(
            f'<td class="n" data-status="{esc(s)}">{summary.counts.get((p, s), 0)}</td>'
            for s in summary.statuses
        )
        body.append(
            f'<tr data-perspective="{esc(p)}"><th>{esc(_no_perspective(p))}</th>{cells}'
            f'<td class="n total">{summary.totals[p]}</td></tr>'
        )
    foot = "".join(f'<td class="n">{summary.column_total(s)}</td>' for s in summary.statuses)
    legend = "".join(
        f'<span class="item"><span class="swatch{_status_class(s if s != NO_STATUS else "")}"'
        f' style="{_style(colours, s if s != NO_STATUS else "")}"></span>{esc(s)}</span>'
        for s in summary.statuses
    )
    return (
        '<section class="block" id="summary"><h2>Sammanfattning</h2>'
        f'<ul class="done">{"".join(lines)}</ul>'
        '<table class="summary"><thead><tr><th>Perspektiv</th>'
        f'{head}<th class="n">Totalt</th></tr></thead><tbody>{"".join(body)}</tbody>'
        f'<tfoot><tr><th>Totalt</th>{foot}<td class="n">{summary.total}</td></tr></tfoot></table>'
        f'<p class="legend">{legend}</p></section>'
    )


def _finding_link(number: int, finding: Finding, views: list[RowView]) -> str:
    where = f"s. {finding.page}"
    if finding.row is not None and 0 <= finding.row < len(views):
        n = views[finding.row].number
        return f'<a href="#row-{n}" data-row="{n}">{esc(where)}, rad {n}</a>'
    if finding.bbox is not None:
        return f'<a href="#finding-{number}">{esc(where)}</a>'
    return f'<a href="#page-{finding.page}">{esc(where)}</a>'


def findings_section(
    groups: list[tuple[str, list[tuple[int, Finding]]]], views: list[RowView]
) -> str:
    total = sum(len(items) for _, items in groups)
    counts = "".join(
        f'<tr data-kind="{esc(kind)}"{"" if items else " class=zero"}>'
        f"<td>{esc(finding_label(kind))}"
        f' <code>{esc(kind)}</code></td><td class="n count">{len(items)}</td></tr>'
        for kind, items in groups
    )
    lists = []
    for kind, items in groups:
        if not items:
            continue
        entries = "".join(
            f'<li class="finding" data-kind="{esc(kind)}">'
            f"{_finding_link(n, f, views)}: {esc(f.message)}</li>"
            for n, f in items
        )
        is_open = " open" if len(items) <= OPEN_FINDINGS else ""
        lists.append(
            f'<details class="kind" data-kind="{esc(kind)}"{is_open}><summary>'
            f"{esc(finding_label(kind))} ({len(items)})</summary>"
            f'<ul class="findings">{entries}</ul></details>'
        )
    return (
        f'<section class="block" id="findings"><h2>Fynd ({total})</h2>'
        f'<table class="finding-counts"><tbody>{counts}</tbody>'
        f'<tfoot><tr><td>Totalt</td><td class="n">{total}</td></tr></tfoot></table>'
        f"{''.join(lists)}</section>"
    )


def _box_data(view: RowView) -> str:
    attrs = [f'data-row="{view.number}"', f'data-index="{view.index}"']
    if view.page is not None:
        attrs.append(f'data-page="{view.page}"')
    if view.page_end is not None:
        attrs.append(f'data-page-end="{view.page_end}"')
    if view.box is not None:
        for name, value in zip(("x0", "top", "x1", "bottom"), view.box, strict=True):
            attrs.append(f'data-{name}="{pt(value)}"')
    attrs.append(f'data-status="{esc(view.status)}"')
    return " ".join(attrs)


def row_article(view: RowView, colours: dict[str, str]) -> str:
    fields = []
    for column, value in view.fields:
        fields.append(
            f'<dt>{esc(field_label(column))}</dt><dd data-field="{esc(column)}">{esc(value)}</dd>'
        )
    if view.box is not None:
        box = ", ".join(pt(v) for v in view.box)
        fields.append(f'<dt>{esc(field_label("box"))}</dt><dd data-field="box">{box}</dd>')
    found = "".join(
        f'<li data-kind="{esc(f.kind)}">{esc(finding_label(f.kind))}: {esc(f.message)}</li>'
        for f in view.findings
    )
    badge = f'<span class="badge">{esc(view.status)}</span>' if view.status else ""
    return (
        f'<article class="row{_status_class(view.status)}" id="row-{view.number}" '
        f'{_box_data(view)} style="{_style(colours, view.status)}">'
        f'<div class="head"><span class="num">{view.number}</span>{badge}'
        f'<span class="title">{esc(view.activity)}</span></div>'
        f"<dl>{''.join(fields)}</dl>"
        f"{f'<ul class=row-findings>{found}</ul>' if found else ''}</article>"
    )


def _place(bbox: tuple[float, float, float, float], page: PageImage) -> str:
    """CSS position of a PDF-point box as percentages of the page, so the overlay scales."""
    x0, top, x1, bottom = bbox
    ox, oy = page.origin
    w, h = page.width_pt or 1.0, page.height_pt or 1.0
    return (
        f"left:{pct((x0 - ox) / w)};top:{pct((top - oy) / h)};"
        f"width:{pct((x1 - x0) / w)};height:{pct((bottom - top) / h)}"
    )


def _box_div(view: RowView, page: PageImage, colours: dict[str, str]) -> str:
    assert view.box is not None
    style = f"{_place(view.box, page)};{_style(colours, view.status)}"
    title = f"{view.number}: {view.activity}"
    return (
        f'<div class="box{_status_class(view.status)}" id="box-{view.number}" {_box_data(view)} '
        f'style="{style}" title="{esc(title)}"><span class="num">{view.number}</span></div>'
    )


def _finding_div(number: int, finding: Finding, page: PageImage) -> str:
    assert finding.bbox is not None
    title = f"{finding_label(finding.kind)}: {finding.message}"
    return (
        f'<div class="fbox" id="finding-{number}" data-kind="{esc(finding.kind)}" '
        f'style="{_place(finding.bbox, page)}" title="{esc(title)}"></div>'
    )


def page_section(
    page: PageImage,
    starting: list[RowView],
    continuing: list[RowView],
    findings: Iterable[tuple[int, Finding]],
    colours: dict[str, str],
) -> str:
    overlay = [_box_div(v, page, colours) for v in starting if v.box is not None]
    overlay += [_finding_div(n, f, page) for n, f in findings if f.bbox is not None]
    conts = "".join(
        f'<span class="cont" id="cont-{v.number}-{page.number}" data-row="{v.number}" '
        f'data-page="{page.number}" style="{_style(colours, v.status)}" '
        f'title="Fortsättning av rad {v.number}">↳ {v.number}</span>'
        for v in continuing
    )
    if conts:
        overlay.append(f'<div class="conts">{conts}</div>')
    refs = "".join(
        f'<p class="cont-ref"><a href="#row-{v.number}" data-row="{v.number}">'
        f"↳ Fortsättning av rad {v.number} från sida {v.page}</a></p>"
        for v in continuing
    )
    rows = "".join(row_article(v, colours) for v in starting)
    if not rows and not refs:
        rows = '<p class="empty">Inga rader börjar på sidan.</p>'
    return (
        f'<section class="page" id="page-{page.number}" data-page="{page.number}">'
        f'<h2>Sida {page.number}</h2><div class="page-body">'
        f'<div class="figure" style="width:{page.width_px}px">'
        f'<img src="{page.data_uri}" width="{page.width_px}" height="{page.height_px}" '
        f'alt="Sida {page.number}">{"".join(overlay)}</div>'
        f'<div class="rows">{refs}{rows}</div>'
        "</div></section>"
    )


def unplaced_section(views: list[RowView], colours: dict[str, str]) -> str:
    if not views:
        return ""
    rows = "".join(row_article(v, colours) for v in views)
    return (
        '<section class="block" id="unplaced"><h2>Rader utan ruta på en sida '
        f'({len(views)})</h2><div class="rows">{rows}</div></section>'
    )
