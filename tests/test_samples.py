"""The sample set: ground truth, expected CSVs and PDFs agree with each other."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from rapidfuzz import fuzz

from followup.schema import columns_for
from followup.tableio import read_table

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED = SAMPLES / "expected"
VSS_2020 = ["vss-2020-grid", "vss-2020-hrules", "vss-2020-plain", "vss-2020-symbols"]
ALL = VSS_2020 + ["vss-2021-hrules", "vss-2022-grid", "kfn-2022-ansvarig"]
#: expected diffs: (old stem, new stem, true pairs file, old data, new data)
DIFFS = [
    ("vss-2020-grid", "vss-2021-hrules", "pairs_2020_2021.csv", "vss_2020.json", "vss_2021.json"),
    ("vss-2021-hrules", "vss-2022-grid", "pairs_2021_2022.csv", "vss_2021.json", "vss_2022.json"),
]
FIELDS = ["perspective", "goal", "activity", "strategic", "deadline", "status", "comment"]


def _truth(name: str) -> list[dict]:
    return json.loads((SAMPLES / "data" / name).read_text(encoding="utf-8"))["activities"]


def _expected(stem: str) -> pd.DataFrame:
    return read_table(EXPECTED / f"{stem}.csv")


def _pairs(name: str) -> list[tuple[str, str]]:
    with open(SAMPLES / "data" / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return [(a, b) for a, b in rows[1:]]


@pytest.mark.parametrize("stem", VSS_2020)
def test_vss_2020_expected_matches_ground_truth(stem: str) -> None:
    truth = _truth("vss_2020.json")
    frame = _expected(stem)
    assert len(frame) == len(truth) == 62
    counts = frame["perspective"].value_counts().to_dict()
    assert counts == {"Medborgare": 10, "Ekonomi": 11, "Verksamhet": 33, "Medarbetare": 8}
    for got, want in zip(frame.to_dict("records"), truth, strict=True):
        assert {k: got[k] for k in FIELDS} == {k: want[k] for k in FIELDS}


@pytest.mark.parametrize("stem", ALL)
def test_expected_csv_shape(stem: str) -> None:
    frame = _expected(stem)
    extras = ["responsible"] if stem.startswith("kfn") else []
    assert list(frame.columns) == columns_for(extras)
    pdf = SAMPLES / f"{stem}.pdf"
    assert pdf.stat().st_size < 1_000_000
    assert set(frame["source"]) == {pdf.name}
    assert set(frame["source_sha256"]) == {hashlib.sha256(pdf.read_bytes()).hexdigest()}
    assert (frame["page"] <= frame["page_end"]).all()
    assert ((frame["x0"] < frame["x1"]) & (frame["top"] < frame["bottom"])).all()
    text = (EXPECTED / f"{stem}.csv").read_bytes()
    assert b"\r\n" not in text and not text.startswith(b"\xef\xbb\xbf")


def test_status_variants_and_scores() -> None:
    frame = _expected("vss-2020-hrules").set_index("status_raw")
    assert frame.loc["Pågaende", "status"] == "Pågående"
    assert frame.loc["Pågaende", "status_score"] == 88
    for raw in ("Klar.", "KLAR"):
        assert frame.loc[raw, "status"] == "Klar" and frame.loc[raw, "status_score"] == 100
    assert frame.loc["Pausad*", "status_score"] == 100
    symbols = _expected("vss-2020-symbols")
    assert (
        symbols["status_raw"].str.fullmatch(r"(circle|square|triangle|diamond) #[0-9a-f]{6}").all()
    )
    assert symbols.groupby("status")["status_raw"].nunique().eq(1).all()
    assert symbols["status_raw"].nunique() == 6


def test_kfn_matches_ground_truth() -> None:
    truth = _truth("kfn_2022.json")
    frame = _expected("kfn-2022-ansvarig")
    for got, want in zip(frame.to_dict("records"), truth, strict=True):
        assert {k: got[k] for k in [*FIELDS, "responsible"]} == {
            k: want[k] for k in [*FIELDS, "responsible"]
        }
    assert set(frame["status"]) == {"Genomförd", "Pågår", "Försenad", "Ej påbörjad"}


@pytest.mark.parametrize(("stem", "data"), [("vss-2021-hrules", 2021), ("vss-2022-grid", 2022)])
def test_later_vss_years_match_ground_truth(stem: str, data: int) -> None:
    truth = _truth(f"vss_{data}.json")
    frame = _expected(stem)
    for got, want in zip(frame.to_dict("records"), truth, strict=True):
        assert {k: got[k] for k in FIELDS} == {k: want[k] for k in FIELDS}
    assert (frame["year"] == data).all()
    # printed above the title: the organisation is part of the report's identity
    assert set(frame["organisation"]) == {"Linköpings kommun"}


def test_report_identity_of_samples() -> None:
    vss = "Verksamhetsstöd och services verksamhet och utveckling"
    for stem in ALL:
        frame = _expected(stem)
        want = "Kultur- och fritidsnämnden – verksamhetsplan" if stem.startswith("kfn") else vss
        assert set(frame["report"]) == {want}, stem
    # the organisation only where page 1 prints it outside the tables
    assert set(_expected("vss-2020-plain")["organisation"]) == {"Linköpings kommun"}
    assert set(_expected("vss-2020-grid")["organisation"]) == {""}


@pytest.mark.parametrize(("old_stem", "new_stem", "pairs_file", "old_data", "new_data"), DIFFS)
def test_expected_diff_agrees_with_pairs(
    old_stem: str, new_stem: str, pairs_file: str, old_data: str, new_data: str
) -> None:
    pairs = _pairs(pairs_file)
    diff = read_table(EXPECTED / f"diff_{old_stem}_{new_stem}.csv")
    matched = diff[diff["change"].isin(["unchanged", "status_changed", "reworded"])]
    got = zip(matched["activity_old"], matched["activity_new"], strict=True)
    assert sorted(got) == sorted(pairs)
    old = _truth(old_data)
    new = _truth(new_data)
    paired_old = {a for a, _ in pairs}
    paired_new = {b for _, b in pairs}
    added = diff[diff["change"] == "added"]["activity_new"].tolist()
    removed = diff[diff["change"] == "removed"]["activity_old"].tolist()
    assert added == [r["activity"] for r in new if r["activity"] not in paired_new]
    assert removed == [r["activity"] for r in old if r["activity"] not in paired_old]
    assert len(diff) == len(new) + len(removed)
    assert {"unchanged", "status_changed", "reworded", "added", "removed"} <= set(diff["change"])
    for r in matched.itertuples():
        sim = int(r.similarity)
        assert sim == _similarity(r.activity_old, r.activity_new)
        assert (r.change == "reworded") == (sim < 100)
        assert r.pair_reason == ("text" if sim >= 80 else "context")
        if r.change == "unchanged":
            assert r.status_old == r.status_new
        if r.change == "status_changed":
            assert r.status_old != r.status_new
    assert (diff[diff["change"].isin(["added", "removed"])]["similarity"] == "").all()
    # the harder rewordings: pairs below the text threshold, found only in context
    assert (matched["pair_reason"] == "context").sum() >= 4


def test_sample_years_hold_the_harder_rewordings() -> None:
    pairs = dict(_pairs("pairs_2020_2021.csv"))
    # "Ta fram X för Y" -> "Ta fram X för att utveckla Y", and a parenthesis rewritten
    a = "Ta fram en samlad bild av efterfrågan på tjänster."
    assert pairs[a] == a[:-1] + " för att utveckla tjänsteutbudet."
    b = next(k for k in pairs if k.startswith("Ta fram frågor och svar"))
    assert b.split("(")[0] == pairs[b].split("(")[0] and b.split("(")[1] != pairs[b].split("(")[1]
    assert all(65 <= _similarity(k, pairs[k]) < 80 for k in (a, b))
    # at least one pair differs only in a year number
    assert any(x != y and x.replace("2021", "2022") == y for x, y in pairs.items())


def _similarity(a: str, b: str) -> int:
    def norm(s: str) -> str:
        s = re.sub(r"(?:19|20)\d\d", "#", unicodedata.normalize("NFC", s).casefold())
        return " ".join("".join(c if c.isalnum() or c == "#" else " " for c in s).split())

    return math.floor(fuzz.token_sort_ratio(norm(a), norm(b)) + 0.5)


def test_regenerating_is_byte_identical(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    pytest.importorskip("pdfplumber")
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for stem in ALL:
        pdf = f"{stem}.pdf"
        assert (tmp_path / pdf).read_bytes() == (SAMPLES / pdf).read_bytes(), pdf
        csv_name = f"expected/{stem}.csv"
        assert (tmp_path / csv_name).read_bytes() == (SAMPLES / csv_name).read_bytes(), csv_name
    for old, new, *_ in DIFFS:
        name = f"expected/diff_{old}_{new}.csv"
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name
