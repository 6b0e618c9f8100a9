"""HTML fragments of the audit page. Every text goes through :func:`esc`; every word through the
:class:`~followup.audit.i18n.Catalogue` of the page's language."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

from followup.audit.i18n import Catalogue
from followup.audit.model import RowView
from followup.audit.pages import PageImage
from followup.audit.palette import EMPTY_COLOUR
from followup.records import FINDING_LEVEL_ORDER, Finding, finding_level
from followup.summary import NO_STATUS, Summary

#: Finding lists of a level longer than this start folded (info findings always do).
OPEN_FINDINGS = 20

#: Columns of the compact row table (besides nr, flags and the sign-off), in order.
TABLE_COLUMNS = ("perspective", "goal", "activity", "deadline", "status")

#: Symbols of the levels in the flags column (with colour and a title naming the findings).
LEVEL_SYMBOLS = {"error": "!", "warning": "▲", "info": "i"}


def esc(value: object) -> str:
    """Escape text for element content and quoted attributes."""
    return html.escape(str(value), quote=True)


def pt(value: float) -> str:
    """PDF points as written in data attributes (two decimals, like the CSV output)."""
    return f"{value:.2f}"


def pct(fraction: float) -> str:
    return f"{fraction * 100:.3f}%"


def json_script(element_id: str, data: object) -> str:
    """``data`` as JSON in a ``<script type="application/json">`` that no text can close."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _style(colours: dict[str, str], status: str) -> str:
    return f"--c:{colours.get(status, EMPTY_COLOUR)}"


def _status_class(status: str) -> str:
    return "" if status else " nostatus"


def level_chip(level: str, count: int, cat: Catalogue, *, link: bool = True) -> str:
    label = cat.level(level, plural=count != 1)
    inner = f'<span class="level-count">{count}</span> {esc(label)}'
    zero = " zero" if count == 0 else ""
    if link:
        return (
            f'<button type="button" class="level-chip lvl-{level}{zero}" data-level="{level}">'
            f"{inner}</button>"
        )
    return f'<span class="level-chip lvl-{level}{zero}" data-level="{level}">{inner}</span>'


def header(
    cat: Catalogue,
    name: str,
    sha: str,
    pages: int,
    rows: int,
    counts: dict[str, int],
    identity: list[tuple[str, str]],
) -> str:
    chips = "".join(level_chip(level, counts[level], cat) for level in FINDING_LEVEL_ORDER)
    extra = "".join(f"<dt>{esc(cat.field(c))}</dt><dd>{esc(v)}</dd>" for c, v in identity)
    return (
        f"<header><h1>{esc(cat.t('title'))}</h1>"
        f'<dl class="meta"><dt>{esc(cat.t("file"))}</dt><dd id="meta-file">{esc(name)}</dd>'
        f"{extra}"
        f'<dt>SHA-256</dt><dd id="meta-sha256" class="mono">{sha}</dd>'
        f'<dt>{esc(cat.t("pages"))}</dt><dd id="meta-pages">{pages}</dd>'
        f'<dt>{esc(cat.t("rows"))}</dt><dd id="meta-rows">{rows}</dd>'
        f'<dt>{esc(cat.t("findings"))}</dt><dd id="meta-findings">'
        f'<span class="total">{sum(counts.values())}</span> {chips}</dd></dl></header>'
    )


def summary_section(summary: Summary, colours: dict[str, str], cat: Catalogue) -> str:
    word = summary.done_word
    suffix = "" if word in (None, "Klar") else cat.t("done_suffix", word=word)

    def name(p: str) -> str:
        return p or cat.t("no_perspective")

    def status_name(s: str) -> str:
        return cat.t("no_status") if s == NO_STATUS else s

    def done_line(part: str, done: int, total: int) -> str:
        return (
            esc(cat.t("done_line", part="\0", done="\1", total="\2", suffix=suffix))
            .replace("\0", part)
            .replace("\1", f'<span class="done-count">{done}</span>')
            .replace("\2", f'<span class="total-count">{total}</span>')
        )

    lines: list[str] = []  # "done" per perspective
    body: list[str] = []  # a table row per perspective
    for p in summary.perspectives:
        label, total_p = esc(name(p)), summary.totals[p]
        lines.append(
            f'<li data-perspective="{esc(p)}">{done_line(label, summary.done[p], total_p)}</li>'
        )
        cells = "".join(
            f'<td class="n" data-status="{esc(s)}">{summary.counts.get((p, s), 0)}</td>'
            for s in summary.statuses
        )
        body.append(
            f'<tr data-perspective="{esc(p)}"><th>{label}</th>{cells}'
            f'<td class="n total">{total_p}</td></tr>'
        )
    lines.append(
        f'<li class="all"><strong>'
        f"{done_line(esc(cat.t('total')), summary.total_done, summary.total)}</strong></li>"
    )
    head = "".join(f'<th class="n">{esc(status_name(s))}</th>' for s in summary.statuses)
    foot = "".join(f'<td class="n">{summary.column_total(s)}</td>' for s in summary.statuses)
    legend = "".join(
        f'<span class="item"><span class="swatch{_status_class(s if s != NO_STATUS else "")}"'
        f' style="{_style(colours, s if s != NO_STATUS else "")}"></span>'
        f"{esc(status_name(s))}</span>"
        for s in summary.statuses
    )
    total = esc(cat.t("total"))
    return (
        f'<section class="block" id="summary"><h2>{esc(cat.t("summary"))}</h2>'
        f'<ul class="done">{"".join(lines)}</ul>'
        f'<table class="summary"><thead><tr><th>{esc(cat.t("perspective"))}</th>'
        f'{head}<th class="n">{total}</th></tr></thead><tbody>{"".join(body)}</tbody>'
        f'<tfoot><tr><th>{total}</th>{foot}<td class="n">{summary.total}</td></tr></tfoot>'
        f'</table><p class="legend">{legend}</p></section>'
    )


def _finding_link(number: int, finding: Finding, views: list[RowView], cat: Catalogue) -> str:
    if finding.page < 1:  # about the document, not a page
        return f'<span class="where">{esc(cat.t("document"))}</span>'
    where = cat.t("page_short", page=finding.page)
    if finding.row is not None and 0 <= finding.row < len(views):
        n = views[finding.row].number
        label = f"{where}, {cat.t('row_short', row=n)}"
        return f'<a href="#row-{n}" data-row="{n}">{esc(label)}</a>'
    if finding.bbox is not None:
        return f'<a href="#finding-{number}" data-finding="{number}">{esc(where)}</a>'
    return f'<a href="#page-{finding.page}">{esc(where)}</a>'


def finding_text(finding: Finding, views: list[RowView], cat: Catalogue) -> str:
    row = None
    if finding.row is not None and 0 <= finding.row < len(views):
        row = views[finding.row].values
    return cat.finding_text(finding, row)


def findings_section(
    groups: list[tuple[str, list[tuple[str, list[tuple[int, Finding]]]]]],
    views: list[RowView],
    cat: Catalogue,
) -> str:
    counts_rows = []
    lists = []
    total = 0
    for level, kinds in groups:
        for kind, items in kinds:
            total += len(items)
            counts_rows.append(
                f'<tr data-kind="{esc(kind)}" data-level="{level}">'
                f'<td><span class="dot lvl-{level}"></span>{esc(cat.level(level))}</td>'
                f"<td>{esc(cat.kind(kind))}</td>"
                f'<td class="n count">{len(items)}</td></tr>'
            )
        n_level = sum(len(items) for _, items in kinds)
        if not n_level:
            continue
        parts = []
        for kind, items in kinds:
            entries = "".join(
                f'<li class="finding" data-kind="{esc(kind)}" data-level="{level}" '
                f'data-message="{esc(f.message)}">{_finding_link(n, f, views, cat)}: '
                f"{esc(finding_text(f, views, cat))}</li>"
                for n, f in items
            )
            parts.append(
                f'<h3 data-kind="{esc(kind)}">{esc(cat.kind(kind))} ({len(items)})</h3>'
                f'<ul class="findings">{entries}</ul>'
            )
        is_open = " open" if level != "info" and n_level <= OPEN_FINDINGS else ""
        lists.append(
            f'<details class="level lvl-{level}" data-level="{level}"{is_open}><summary>'
            f"{esc(cat.level(level, plural=True))} ({n_level})</summary>{''.join(parts)}</details>"
        )
    head = (
        f"<thead><tr><th>{esc(cat.t('level'))}</th><th>{esc(cat.t('kind'))}</th>"
        f'<th class="n">{esc(cat.t("count"))}</th></tr></thead>'
    )
    return (
        f'<section class="block" id="findings"><h2>{esc(cat.t("findings"))} ({total})</h2>'
        f'<table class="finding-counts">{head}<tbody>{"".join(counts_rows)}</tbody>'
        f'<tfoot><tr><td colspan="2">{esc(cat.t("total"))}</td><td class="n">{total}</td></tr>'
        f"</tfoot></table>{''.join(lists)}</section>"
    )


def page_index(pages: list[tuple[int, int, str]], cat: Catalogue) -> str:
    """Numbered links to every page: (page, rows starting on it, worst finding level)."""
    links = "".join(
        f'<a href="#page-{p}" data-page="{p}"{f" class=lvl-{level}" if level else ""} '
        f'title="{esc(cat.t("page_index_title", page=p, rows=rows))}">{p}</a>'
        for p, rows, level in pages
    )
    return (
        f'<nav id="page-index" aria-label="{esc(cat.t("page_index"))}">'
        f"<span>{esc(cat.t('page_index'))}:</span> {links}</nav>"
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


def _flags(view: RowView, cat: Catalogue) -> str:
    chips = []
    for level in view.levels:
        names = sorted({cat.kind(f.kind) for f in view.findings if finding_level(f.kind) == level})
        title = f"{cat.level(level)}: {', '.join(names)}"
        chips.append(
            f'<span class="flag lvl-{level}" title="{esc(title)}">{LEVEL_SYMBOLS[level]}</span>'
        )
    values = view.values
    confidence = values.get("ocr_confidence", "")
    if confidence:
        low = " low" if any(f.kind == "low_ocr_confidence" for f in view.findings) else ""
        chips.append(
            f'<span class="chip ocr{low}" title="{esc(cat.field("ocr_confidence"))}">'
            f"{esc(cat.t('ocr', value=confidence))}</span>"
        )
    structure = values.get("structure", "")
    if structure:
        chips.append(
            f'<span class="chip structure" title="{esc(cat.t("structure", value=structure))}">'
            f"{esc(structure)}</span>"
        )
    return "".join(chips)


def table_row(view: RowView, colours: dict[str, str], cat: Catalogue) -> str:
    values = view.values
    cells = []
    for column in TABLE_COLUMNS:
        value = values.get(column, "")
        if column == "status":
            raw = values.get("status_raw", "")
            shown = view.status or raw
            inner = (
                f'<span class="badge{_status_class(view.status)}" '
                f'style="{_style(colours, view.status)}">{esc(shown)}</span>'
                if shown
                else ""
            )
            cells.append(f'<td class="c-status">{inner}</td>')
        else:
            cells.append(f'<td class="c-{column}"><div class="clip">{esc(value)}</div></td>')
    label = esc(cat.t("check_row", row=view.number))
    return (
        f'<tr class="row{_status_class(view.status)}" id="row-{view.number}" {_box_data(view)} '
        f'data-perspective="{esc(values.get("perspective", ""))}" data-level="{view.level}" '
        f'data-rank="{view.rank}" style="{_style(colours, view.status)}">'
        f'<td class="n c-n">{view.number}</td>{"".join(cells)}'
        f'<td class="c-flags">{_flags(view, cat)}</td>'
        f'<td class="c-check"><input type="checkbox" class="check" data-row="{view.number}" '
        f'aria-label="{label}" title="{label}"><span class="note-mark" hidden>✎</span>'
        f'<div class="print-note"></div></td></tr>'
    )


def _options(values: Iterable[tuple[str, str]], cat: Catalogue) -> str:
    options = [f'<option value="">{esc(cat.t("all"))}</option>']
    options += [f'<option value="{esc(v)}">{esc(label)}</option>' for v, label in values]
    return "".join(options)


def row_panel(
    views: list[RowView],
    colours: dict[str, str],
    cat: Catalogue,
    perspectives: list[str],
    statuses: list[str],
) -> str:
    """Controls (search, filters, order, export) and the compact table of every row."""
    ordered = sorted(views, key=lambda v: (v.rank, v.number))
    levels = [(level, cat.level(level)) for level in FINDING_LEVEL_ORDER]
    levels += [("any", cat.t("level_any")), ("none", cat.t("level_none"))]
    controls = (
        '<div class="controls">'
        f'<label class="search">{esc(cat.t("search"))} '
        f'<input type="search" id="search" placeholder="{esc(cat.t("search_placeholder"))}" '
        'autocomplete="off"></label>'
        f'<label>{esc(cat.t("perspective"))} <select id="f-perspective">'
        f"{_options(((p, p or cat.t('no_perspective')) for p in perspectives), cat)}"
        "</select></label>"
        f'<label>{esc(cat.field("status"))} <select id="f-status">'
        f"{_options(((s, s if s != NO_STATUS else cat.t('no_status')) for s in statuses), cat)}"
        "</select></label>"
        f'<label>{esc(cat.t("filter_level"))} <select id="f-level">'
        f"{_options(levels, cat)}</select></label>"
        f'<label>{esc(cat.t("filter_signoff"))} <select id="f-signoff">'
        f"{_options([('open', cat.t('signoff_open')), ('done', cat.t('signoff_done'))], cat)}"
        "</select></label>"
        f'<label>{esc(cat.t("order"))} <select id="f-order">'
        f'<option value="findings">{esc(cat.t("order_findings"))}</option>'
        f'<option value="document">{esc(cat.t("order_document"))}</option></select></label>'
        '<div class="actions">'
        f'<button type="button" id="export">{esc(cat.t("export"))}</button>'
        f'<label class="button" id="import-label">{esc(cat.t("import"))}'
        '<input type="file" id="import" accept=".csv,text/csv" hidden></label>'
        '<span id="import-status" role="status"></span></div>'
        f'<p class="status-line"><span id="shown">'
        f"{esc(cat.t('shown', shown=len(views), total=len(views)))}</span> · "
        f'<span id="progress">{esc(cat.t("progress", checked=0, total=len(views)))}</span></p>'
        "</div>"
    )
    head = "".join(f'<th class="c-{c}">{esc(cat.field(c))}</th>' for c in TABLE_COLUMNS)
    table = (
        '<table id="row-table"><thead><tr>'
        f'<th class="n c-n">{esc(cat.t("col_n"))}</th>{head}'
        f'<th class="c-flags">{esc(cat.t("col_flags"))}</th>'
        f'<th class="c-check">{esc(cat.t("col_check"))}</th></tr></thead>'
        f"<tbody>{''.join(table_row(v, colours, cat) for v in ordered)}"
        f'<tr id="detail" class="detail" hidden><td colspan="{len(TABLE_COLUMNS) + 3}"></td></tr>'
        "</tbody></table>"
        f'<p id="no-match" class="empty" hidden>{esc(cat.t("no_match"))}</p>'
    )
    return (
        '<aside class="panel" id="panel">'
        f"{controls}{table}"
        f'<p class="keys">{esc(cat.t("keys"))}</p></aside>'
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
    level = f" lvl-{view.level}" if view.level in ("error", "warning") else ""
    return (
        f'<div class="box{_status_class(view.status)}{level}" id="box-{view.number}" '
        f'{_box_data(view)} style="{style}" title="{esc(title)}">'
        f'<span class="num">{view.number}</span></div>'
    )


def _finding_div(number: int, finding: Finding, page: PageImage, cat: Catalogue) -> str:
    assert finding.bbox is not None
    level = finding_level(finding.kind)
    title = f"{cat.level(level)}: {cat.kind(finding.kind)}"
    return (
        f'<div class="fbox lvl-{level}" id="finding-{number}" data-kind="{esc(finding.kind)}" '
        f'data-level="{level}" style="{_place(finding.bbox, page)}" title="{esc(title)}"></div>'
    )


def page_section(
    page: PageImage,
    starting: list[RowView],
    continuing: list[RowView],
    findings: Iterable[tuple[int, Finding]],
    colours: dict[str, str],
    cat: Catalogue,
) -> str:
    overlay = [_box_div(v, page, colours) for v in starting if v.box is not None]
    overlay += [_finding_div(n, f, page, cat) for n, f in findings if f.bbox is not None]
    conts = "".join(
        f'<span class="cont" id="cont-{v.number}-{page.number}" data-row="{v.number}" '
        f'data-page="{page.number}" style="{_style(colours, v.status)}" '
        f'title="{esc(cat.t("continued_tag", row=v.number))}">↳ {v.number}</span>'
        for v in continuing
    )
    if conts:
        overlay.append(f'<div class="conts">{conts}</div>')
    ratio = (page.width_pt or 1.0) / (page.height_pt or 1.0)
    title = esc(cat.t("page", page=page.number))
    image = (
        f'<img src="{page.data_uri}" width="{page.width_px}" height="{page.height_px}" '
        f'alt="{title}">'
    )
    shown = "".join(overlay)
    figure = f'<div class="figure" style="max-width:{page.width_px}px">{image}{shown}</div>'
    head = f'<section class="page" id="page-{page.number}" data-page="{page.number}" '
    return f'{head}style="--ar:{ratio:.4f}"><h2>{title}</h2>{figure}</section>'


def page_data(
    views: list[RowView], cat: Catalogue, sha: str, name: str, columns: list[str]
) -> dict[str, object]:
    """What the script needs: every row's fields and findings, and the texts it shows."""
    texts = {
        key: cat.t(key)
        for key in (
            "shown",
            "progress",
            "import_done",
            "import_other",
            "import_none",
            "details",
            "close",
            "note",
            "note_placeholder",
            "checked_label",
            "box",
            "findings",
            "export_name",
        )
    }
    rows = []
    for view in views:
        values = view.values
        found = [
            [
                finding_level(f.kind),
                cat.level(finding_level(f.kind)),
                cat.kind(f.kind),
                cat.finding_text(f, values),
            ]
            for f in sorted(
                view.findings, key=lambda f: FINDING_LEVEL_ORDER.index(finding_level(f.kind))
            )
        ]
        box = ", ".join(pt(v) for v in view.box) if view.box is not None else ""
        rows.append({"v": [values.get(c, "") for c in columns], "f": found, "box": box})
    return {
        "sha256": sha,
        "source": name,
        "no_status": NO_STATUS,
        "columns": [[c, cat.field(c)] for c in columns],
        "rows": rows,
        "t": texts,
    }
