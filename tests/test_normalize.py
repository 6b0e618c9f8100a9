"""Text, status and deadline normalizers: examples from real reports and properties."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.normalize.deadline import deadline_to_date
from followup.normalize.report import find_organisation, report_identity, title_to_report
from followup.normalize.status import StatusMatch, lines_to_legend, match_status, match_symbol
from followup.normalize.text import SOFT_HYPHEN, clean_text
from followup.schema import BUILTIN_STATUSES


def test_ligatures_expanded_and_nfc() -> None:
    assert clean_text("e\ufb03cient ") == "efficient"
    assert clean_text("Pa\u030aga\u030aende") == "Pågående"


TEXT = st.lists(
    st.sampled_from(list("abcåäöÅÄÖ -–.,\u00ad\n\t\ufb01é”“") + ["e\u0301", "a\u030a"]), max_size=40
).map("".join)


@given(TEXT)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) is once  # a clean text is returned as it is, not copied


@given(TEXT)
def test_clean_text_drops_no_visible_character_but_soft_hyphens(text: str) -> None:
    expected = unicodedata.normalize("NFC", text.replace("\ufb01", "fi")).replace(SOFT_HYPHEN, "")
    visible = [ch for ch in expected if not ch.isspace()]
    assert [ch for ch in clean_text(text) if not ch.isspace()] == visible


@pytest.mark.parametrize(
    ("raw", "status", "score"),
    [
        ("Klar", "Klar", 100),
        ("Klar.", "Klar", 100),
        ("KLAR", "Klar", 100),
        ("Pausad*", "Pausad", 100),
        ("Pågaende", "Pågående", 88),
        ("Anpassat s", "Anpassats", 100),
        ("Okänd", "", None),
        ("", "", 0),
    ],
)
def test_status_variants(raw: str, status: str, score: int | None) -> None:
    match = match_status(raw, BUILTIN_STATUSES, 80)
    assert match.status == status
    assert match.raw == clean_text(raw)
    if score is not None:
        assert match.score == score
    else:
        assert match.score < 80


def test_legend_from_introduction() -> None:
    legend = lines_to_legend(
        [
            "Inledande text om uppföljningen.",
            "Genomförd = åtgärden är genomförd",
            "Pågår = arbetet pågår",
            "Försenad = arbetet är försenat",
            "Ej påbörjad = arbetet har inte startat",
        ]
    )
    assert [e.word for e in legend] == ["Genomförd", "Pågår", "Försenad", "Ej påbörjad"]
    assert lines_to_legend(["Klar = bara en rad"]) == []


@pytest.mark.parametrize(
    ("deadline", "iso"),
    [
        ("Tertial 1", "2020-04-30"),
        ("Tertial 2", "2020-08-31"),
        ("Tertial 3", "2020-12-31"),
        ("April 2020", "2020-04-30"),
        ("Jan 2020", "2020-01-31"),
        ("Q3 2021", "2021-09-30"),
        ("Q1 2024", "2024-03-31"),
        ("Feb 2024", "2024-02-29"),
        ("Löpande under året", ""),
        ("", ""),
    ],
)
def test_deadlines(deadline: str, iso: str) -> None:
    assert deadline_to_date(deadline, 2020) == iso


def test_symbol_matches_legend_by_shape_and_nearest_colour() -> None:
    legend = lines_to_legend(
        ["Klar = genomförd", "Pausad = pausad", "Utgått = utgått"],
        ["circle #2e7d32", "circle #9e9e9e", "square #c62828"],
    )
    assert match_symbol("circle #2e7d32", legend, 80) == StatusMatch("Klar", "circle #2e7d32", 100)
    near = match_symbol("circle #307f30", legend, 80)  # the same green, converted from CMYK
    assert near.status == "Klar" and 95 <= near.score < 100
    assert match_symbol("square #2e7d32", legend, 80).status == ""  # shape decides too
    assert match_symbol("circle #ff00ff", legend, 80).status == ""  # no colour near enough


# ---------------------------------------------------------------- report identity


@pytest.mark.parametrize(
    ("title", "report"),
    [
        (
            "Uppföljning av Verksamhetsstöd och services verksamhet och utveckling 2020",
            "Verksamhetsstöd och services verksamhet och utveckling",
        ),
        (
            "Kultur- och fritidsnämnden – Uppföljning av verksamhetsplan 2022",
            "Kultur- och fritidsnämnden – verksamhetsplan",
        ),
        ("Uppföljning av verksamhetsplan för år 2021", "Verksamhetsplan"),
        ("Verksamhetsplan 2021–2023, uppföljning per den 31 december 2021", "Verksamhetsplan"),
        ("Tekniska nämnden: Uppföljning 2022-12-31", "Tekniska nämnden"),
        ("Uppföljning av verksamhetsplan (helår 2020)", "Verksamhetsplan"),
    ],
)
def test_title_to_report(title: str, report: str) -> None:
    assert title_to_report(title) == report


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_title_to_report_is_idempotent_and_yearless(title: str) -> None:
    once = title_to_report(title)
    assert title_to_report(once) == once
    assert not re.search(r"(?<!\d)20\d\d(?!\d)", once) or re.search(r"20\d\d\d|\d20\d\d", title)


@given(st.integers(1990, 2039), st.integers(1990, 2039))
def test_same_report_every_year(a: int, b: int) -> None:
    title = "Uppföljning av Socialnämndens verksamhetsplan {}"
    assert title_to_report(title.format(a)) == title_to_report(title.format(b))


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Linköpings kommun · Verksamhetsstöd och service · Uppföljning 2020", "Linköpings kommun"),
        ("Region Östergötland", "Region Östergötland"),
        ("Upplands Väsby kommun, Kommunstyrelsen", "Upplands Väsby kommun"),
        ("Stockholms stad", "Stockholms stad"),
        ("Uppföljning av verksamhetsplan 2021", ""),
        ("kommunens nämnder", ""),
    ],
)
def test_find_organisation(text: str, organisation: str) -> None:
    assert find_organisation(text) == organisation


def test_report_identity_prefers_large_title_over_running_header() -> None:
    lines = [
        ("Linköpings kommun · VSS · Uppföljning 2020", 8.0, 20.0),
        ("Uppföljning av Verksamhetsstöd och services verksamhet och", 15.0, 60.0),
        ("utveckling 2020", 15.0, 78.0),
        ("Aktiviteter i verksamhetsplanen syftar till att", 10.0, 100.0),
        ("Klar = genomförd enligt plan", 10.0, 120.0),
        ("Tillsammans med övriga förvaltningar i Mjölby kommun", 10.0, 300.0),
    ]
    assert report_identity(lines, 842.0) == (
        "Verksamhetsstöd och services verksamhet och utveckling",
        "Linköpings kommun",
    )
    # an organisation named only inside the tables is not the report's
    assert report_identity(lines[1:], 842.0)[1] == ""


@pytest.mark.parametrize(
    ("lines", "symbols"),
    [
        (["Klar = genomförd enligt plan", "Pausad = arbetet pågår ej"], None),
        (["Klar – genomförd enligt plan", "Pausad – arbetet pågår ej"], None),
        (["Klar: genomförd enligt plan", "Pausad: arbetet pågår ej"], None),
        (
            ["Klar genomförd enligt plan", "Pausad arbetet pågår ej"],
            ["circle #2e7d32", "circle #9e9e9e"],
        ),
        (["= Klar", "= Pausad"], ["circle #2e7d32", "circle #9e9e9e"]),
    ],
    ids=["equals", "dash", "colon", "symbol-word-meaning", "symbol-equals-word"],
)
def test_legend_forms(lines: list[str], symbols: list[str] | None) -> None:
    legend = lines_to_legend(lines, symbols)
    assert [e.word for e in legend] == ["Klar", "Pausad"]
    if symbols:
        assert [e.symbol for e in legend] == symbols


def test_legend_word_meaning_needs_a_symbol() -> None:
    # without a symbol left of it, "Word meaning" is prose, not a legend line
    assert lines_to_legend(["Klar genomförd enligt plan", "Pausad arbetet pågår ej"]) == []
    two_words = lines_to_legend(
        ["Ej påbörjad arbetet har inte startat", "Pågår arbetet pågår"], ["circle #9e9e9e", None]
    )
    assert two_words == []  # one entry is not a legend
    pair = lines_to_legend(
        ["Ej påbörjad arbetet har inte startat", "Pågår arbetet pågår"],
        ["circle #9e9e9e", "circle #ef6c00"],
    )
    assert [e.word for e in pair] == ["Ej påbörjad", "Pågår"]


@pytest.mark.parametrize(
    ("activity", "marker", "split"),
    [
        ("Ta fram en plan.", "", ("Ta fram en plan.", "")),
        (
            "Ta fram en plan. Strategiskt utvecklingsuppdrag i Budget 2020",
            "",
            ("Ta fram en plan.", "Strategiskt utvecklingsuppdrag i Budget 2020"),
        ),
        (
            "Ta fram en plan. Prioriterat uppdrag från kommunfullmäktige",
            "",
            ("Ta fram en plan.", "Prioriterat uppdrag från kommunfullmäktige"),
        ),
        (
            "Ta fram en plan.",
            "Uppdrag i budget 2022",
            ("Ta fram en plan.", "Uppdrag i budget 2022"),
        ),
    ],
)
def test_marker_split(activity: str, marker: str, split: tuple[str, str]) -> None:
    from followup.extract.records import split_marker

    assert split_marker(activity, marker) == split
