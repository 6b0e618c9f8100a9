"""Settings of one extraction run, and every number the stages use, each with a name and a reason.

:class:`ExtractOptions` is what a user sets (the cache key includes all of it); its ``tolerances``
hold every geometry number of the stages (distances in PDF points unless the name says ``ems``, a
multiple of the font size, or ``share``, a fraction). The module constants below them are the
stages' other numbers: fuzzy scores, counts and lengths. No stage module writes a number of its
own (``tests/test_settings.py`` checks that).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Tolerances:
    """Every geometry number of the extraction, in the order the stages use them."""

    # layout: pdfplumber page → words, rules, symbols
    word_x_tolerance: float = 1.5  # pdfplumber x_tolerance: a wider gap between glyphs ends a word
    word_y_tolerance: float = 2.0  # pdfplumber y_tolerance: glyphs this far apart share a line
    glyph_overlap_share: float = 0.5  # a glyph covering more of its left neighbour (of the
    #                                   narrower one) is another text printed over it, not kerning
    rule_min_length: float = 15.0  # shorter strokes are glyph parts or symbols, not table rules
    rule_join_gap: float = 1.0  # collinear rules whose ends are this close are one rule (browsers
    #                             draw a table's rule as one thin rectangle per cell edge)
    rule_join_offset: float = 0.5  # ... when they lie this close to one line
    rule_max_thickness: float = 2.5  # a filled rectangle this thin is a rule drawn as a rectangle
    symbol_min_size: float = 3.0  # a filled shape from this size on (both sides) is a symbol ...
    symbol_max_size: float = 30.0  # ... up to this size; larger fills are cell shading
    square_slack: float = 1.0  # a four-cornered symbol whose sides differ less is a square
    # layout: words → printed lines
    line_top_slack: float = 2.0  # words whose tops differ this little share a printed line ...
    line_top_ems: float = 0.3  # ... or this share of the first word's size, when larger
    body_size: float = 10.0  # font size assumed for a page without body text
    # margins: running headers, footers, page numbers
    margin_share: float = 0.1  # the top and bottom tenth of a page hold running headers and footers
    margin_gap_ems: float = 0.5  # ... set apart from the body by more than this (× line height);
    #                              closer, a line in that zone continues the text next to it
    # header rows
    cell_gap_ems: float = 0.6  # header words closer than this (× size) belong to one header cell
    header_wrap_ems: float = 0.8  # a line closer than this (× size) under a header continues it
    header_wrap_slack: float = 3.0  # a wrapped header word joins a cell starting this far right
    header_above_ems: float = 0.3  # a header line above the one found may end this far (× size)
    #                                above it: cells centred vertically put a two-line header's
    #                                first line above the one-line headers beside it
    header_size_slack: float = 0.5  # ... and its font size may differ this much
    rule_slack: float = 0.5  # a rule this far outside a span still separates it
    header_rule_ems: float = 1.5  # the rule closing a header row lies within this (× size)
    header_rule_above: float = 1.0  # ... and at most this far above the header text's bottom
    header_rule_reach: float = 30.0  # ... and spans the header to within this at both ends
    vertical_rule_slack: float = 2.0  # a vertical rule reaching this near a header crosses it
    boundary_min_gap: float = 2.0  # a rule this close to the previous header's text is not a border
    boundary_text_slack: float = 0.5  # a rule this far right of a header text starts its cell
    unruled_padding: float = 3.0  # an unruled column starts this far left of its header text
    last_column_min_width: float = 10.0  # the last column's right rule lies this far past it
    # regions
    heading_size_ratio: float = 1.15  # a line this much larger than the body text is a heading
    region_top_slack: float = 0.5  # text this far above a region's top still belongs to it
    heading_below_top: float = 1.0  # a heading ends a region only this far below its top
    continuation_pad: float = 1.0  # a continued region starts this far above its first text
    region_rule_slack: float = 2.0  # horizontal rules this far outside a region still belong to it
    # perspective heading
    perspective_slack: float = 0.5  # a heading line may reach this far below the header's top
    # legend
    symbol_touch: float = 1.0  # a legend symbol may overlap its text line by this much ...
    symbol_reach: float = 40.0  # ... and lie at most this far left of it
    # columns
    gutter_pad: float = 0.5  # a fitted boundary sits this far inside the gutter's right end
    # segments
    line_gap: float = 2.0  # gap between wrapped lines when a region has no wrapped line
    wrap_gap_pad: float = 1.5  # lines further apart than a wrap plus this start a text block
    row_rule_reach: float = 3.0  # a row rule spans the activity column to within this
    row_rule_slack: float = 2.0  # a row rule may lie this far outside its region
    rule_merge: float = 1.5  # rules closer than this are one rule drawn twice (cell borders)
    anchor_merge: float = 4.0  # deadline/status blocks starting this close start the same row
    cut_above_anchor: float = 1.0  # a row without rules starts this far above its first text
    centred_slack: float = 1.0  # cells whose centres (or tops) differ this little are centred
    #                             (top-aligned) on one row line
    same_edge: float = 0.01  # two edges this close are the same edge
    footnote_gap_lines: float = 3.0  # text this many wraps (plus the pad) below a row is prose ...
    footnote_gap_pad: float = 6.0  # ... the pad
    goal_rule_inset: float = 1.0  # goal rules this near a region's edge are the region's border
    goal_band_slack: float = 1.0  # a goal's text or a row this far above its band still belongs
    goal_top_slack: float = 0.5  # a first goal this far below the region's top leaves a band above
    marker_size_drop: float = 0.5  # activity lines this much smaller than the body text (or in
    #                                italics), ending the cell, are its priority marker
    # rows
    carried_goal_offset: float = 1.5  # a row this far below its goal band's top carries the goal
    # cells: line joining
    cell_overflow_slack: float = 0.25  # two word pieces wider than the cell less this overflow it
    exact_edge_slack: float = 0.3  # a line ends at a ruled cell's edge within a glyph plus this
    estimated_edge_chars: float = 1.3  # ... or within this many glyphs when the edge is estimated
    # tagged PDFs
    spaced_line_slack: float = 0.5  # a space glyph this near a line's top/bottom ends that line
    header_left_slack: float = 8.0  # a cell's text may start this far left of its header's text
    same_row_top: float = 3.0  # tagged and geometry rows starting this close are the same row
    overlap_share: float = 0.5  # a page row over this share of a tagged row's height lies on it
    nested_content_ems: float = 1.0  # glyphs after a nested marked-content sequence continue the
    #                                   outer one while they start this near (× size) below it


@dataclass(frozen=True)
class ExtractOptions:
    year: int | None = None  # overrides the detected year
    password: str | None = None  # for encrypted PDFs
    max_pages: int | None = None  # refuse longer documents
    status_threshold: int = 80  # minimum fuzzy score (0-100) to accept a status word
    header_threshold: int = 80  # minimum fuzzy score to accept a header cell
    structure: str = "auto"  # rows from the tags, the geometry, or both checked ("auto")
    tolerances: Tolerances = field(default_factory=Tolerances)
    ocr: str = "auto"  # auto: pages without a usable text layer; always: every page; never
    ocr_cache: str | None = None  # folder of the OCR store (None: OCR results are not kept)
    #: pages read by OCR for this reading (set by ``extract.ocr``; not a setting, not in the key)
    ocr_pages: Any = field(default=None, compare=False, repr=False)
    page_jobs: int = 1  # processes parsing a long document's pages (the output is the same)

    def cache_key(self) -> dict[str, Any]:
        """The settings that change the output (password, OCR store, ``page_jobs`` do not)."""
        data = asdict(self)
        data.pop("password")
        data.pop("ocr_cache")
        data.pop("ocr_pages")
        data.pop("page_jobs")
        if self.tolerances == Tolerances():
            data.pop("tolerances")  # the defaults are part of the version
        return data


# fuzzy scores (0-100)
HEADER_WORD_SCORE = 88  # a lone header word (or pair) needs this score at least: short words
#                        match many synonyms loosely
NAME_SCORE = 85  # a perspective heading or an extra column's label matches its name at this score
# header words
MIN_ROLE_LETTERS = 3  # shorter words never start a header cell
MIN_PREFIX_LETTERS = 6  # a word cut by a narrow cell ("Förvaltningsm") is recognised from here
HEADER_MAX_LINES = 4  # a header row wraps onto at most this many lines
ROLE_CACHE_SIZE = 1 << 16  # distinct header texts whose role scores are kept
# margins
MIN_REPEATED_LETTERS = 3  # a repeated margin line needs this many letters to be a running header
# document context
TITLE_PAGES = 2  # the title is on the first pages ...
TITLE_LINES = 8  # ... among their first lines
PERSPECTIVE_LINES = 4  # the perspective is named on one of the lines just above a header ...
HEADING_LINES = 3  # ... else a heading among the nearest of them is the perspective
HEADING_MAX_WORDS = 8  # a heading is a short line
# findings
ACTIVITY_CHARS = 60  # activities are quoted in findings up to this length
UNCOVERED_CHARS = 80  # uncovered text is quoted up to this length
# page-parallel parsing (parallel.py)
CHUNK_PAGES = 8  # pages per task: few enough that the first layouts come soon and every process
#                  stays busy to the last page, enough that pickling and scheduling cost little
PARALLEL_MIN_PAGES = 24  # shorter documents are parsed in one process: starting workers costs
#                          more than it saves
# pdfminer's font cache (fontcache.py)
FONT_CACHE_FONTS = 32  # fonts kept: a report uses a handful, a document assembled from parts a
#                        handful per part
# PDF text arithmetic, as pdfminer's render_string does it (parse.py)
PERCENT = 0.01  # Tz scales glyphs by a percentage
TEXT_SPACE_UNIT = 0.001  # TJ offsets are thousandths of a text space unit
SPACE_CODE = 32  # the single-byte code Tw word spacing applies to
DECODED_BYTES = 4  # strings this short (a browser shows a glyph at a time) are decoded once a page
# reading content streams (content.py)
PIECES_KEPT = 4096  # white-space-separated pieces whose tokens are kept (glyph codes, advances,
#                     operators, a structure tree's names and references); forgotten at once when
#                     full
LINE_KEPT_BYTES = 96  # content-stream lines up to this long are kept whole too (a glyph's
#                       move and show, a font change); a longer line (a line of text shown at
#                       once) is read piece by piece
# reading a file's objects (objects.py)
FILE_HELD_BYTES = 32 * 2**20  # a file up to this size is read once and its objects taken
#                                from memory; a larger one is read object by object
OBJECT_READ_BYTES = 8192  # read at once from an object's offset: a structure element is a few
#                           hundred bytes; a longer object is left to pdfminer's parser
# symbols
COLOR_SCALE = 255  # 8-bit colour channels
TRIANGLE_CORNERS = 3
QUAD_CORNERS = 4
# line joining
MIN_PIECE_LETTERS = 3  # a shorter piece after a line break is never taken for a word of its own
MIN_WORD_COUNT = 2  # ... a longer one is when printed whole this often elsewhere in the document
# tagged PDFs
MAX_STRUCT_ELEMENTS = 500_000  # a larger structure tree is not read (hostile input)
MAX_SPAN = 1000  # a RowSpan/ColSpan above this is taken as this
PERSPECTIVE_BLOCKS = 3  # the perspective is named in one of the text blocks just before a table
PAIR_SCORE = 60  # two unaligned rows of tags and geometry are one row at this activity similarity
# segments
WRAP_GAP_QUANTILE = 4  # a region's wrap gap is the lower quartile of its line gaps
# OCR (extract.ocr)
OCR_STAMP_CHARS = 40  # fewer characters than this on a page-sized image: a scan with a stamp
OCR_IMAGE_COVER = 0.5  # share of the page an image must cover to count as a scan
OCR_SURE_CONFIDENCE = 80  # a Swedish-read word this sure teaches the document's å ä ö spelling
