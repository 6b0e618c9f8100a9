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
ALL = VSS_2020 + ["vss-2021-hrules", "kfn-2022-ansvarig"]
FIELDS = ["perspective", "goal", "activity", "strategic", "deadline", "status", "comment"]


def _truth(name: str) -> list[dict]:
    return json.loads((SAMPLES / "data" / name).read_text(encoding="utf-8"))["activities"]


def _expected(stem: str) -> pd.DataFrame:
    return read_table(EXPECTED / f"{stem}.csv")


def _pairs() -> list[tuple[str, str]]:
    with open(SAMPLES / "data" / "pairs_2020_2021.csv", encoding="utf-8", newline="") as fh:
        return [(r["activity_2020"], r["activity_2021"]) for r in csv.DictReader(fh)]


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


def test_vss_2021_matches_ground_truth() -> None:
    truth = _truth("vss_2021.json")
    frame = _expected("vss-2021-hrules")
    assert [r["activity"] for r in truth] == frame["activity"].tolist()
    assert (frame["year"] == 2021).all()


def test_expected_diff_agrees_with_pairs() -> None:
    pairs = _pairs()
    diff = read_table(EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv")
    matched = diff[diff["change"].isin(["unchanged", "status_changed", "reworded"])]
    got = zip(matched["activity_old"], matched["activity_new"], strict=True)
    assert sorted(got) == sorted(pairs)
    old = _truth("vss_2020.json")
    new = _truth("vss_2021.json")
    paired_old = {a for a, _ in pairs}
    paired_new = {b for _, b in pairs}
    added = diff[diff["change"] == "added"]["activity_new"].tolist()
    removed = diff[diff["change"] == "removed"]["activity_old"].tolist()
    assert added == [r["activity"] for r in new if r["activity"] not in paired_new]
    assert removed == [r["activity"] for r in old if r["activity"] not in paired_old]
    assert len(diff) == len(new) + len(removed)
    assert 8 <= len(added) <= 10
    assert {"unchanged", "status_changed", "reworded", "added", "removed"} <= set(diff["change"])
    for r in matched.itertuples():
        sim = int(r.similarity)
        assert sim == _similarity(r.activity_old, r.activity_new)
        assert (r.change == "reworded") == (sim < 100)
        if r.change == "unchanged":
            assert r.status_old == r.status_new
        if r.change == "status_changed":
            assert r.status_old != r.status_new
    assert (diff[diff["change"].isin(["added", "removed"])]["similarity"] == "").all()
    # at least one pair differs only in a year number
    assert any(a != b and a.replace("2021", "2022") == b for a, b in pairs)


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
    name = "expected/diff_vss-2020-grid_vss-2021-hrules.csv"
    assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes()
