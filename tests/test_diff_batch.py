"""Diff of real batches: reports paired across years, pairing in context, sides and inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from followup.batch import write_dataset
from followup.cli import app
from followup.diff import (
    CONTEXT_MIN_SIMILARITY,
    DIFF_COLUMNS,
    diff_frames,
    diff_wide,
    load_sides,
    pair_activities,
    similarity,
)
from followup.diff.context import Side
from followup.tableio import frame_to_csv_text, read_table
from tests.test_diff import frame

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = SAMPLES / "data"
EXPECTED = SAMPLES / "expected"
MATCHED = ("unchanged", "status_changed", "reworded")
runner = CliRunner()


def _truth(name: str) -> list[dict[str, object]]:
    activities: list[dict[str, object]] = json.loads((DATA / name).read_text(encoding="utf-8"))[
        "activities"
    ]
    return activities


def _pairs(name: str) -> dict[str, str]:
    truth = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
    return dict(zip(truth.iloc[:, 0], truth.iloc[:, 1], strict=True))


# --- a batch of four reports per side ------------------------------------------------------------

#: Four boards whose plans share one template (the VSS sample): every board keeps a different
#: three quarters of the activities, so the same activity text stands in several reports of a
#: side. Titles are reworded from year to year; one board is dropped, one is new.
BOARDS_2020 = {
    "Kommunstyrelsen": "Uppföljning av kommunstyrelsens verksamhetsplan 2020",
    "Tekniska nämnden": "Tekniska nämnden – Uppföljning av verksamhetsplan 2020",
    "Socialnämnden": "Uppföljning av Socialnämndens verksamhetsplan 2020",
    "Kultur- och fritidsnämnden": "Uppföljning av Kultur- och fritidsnämndens verksamhetsplan 2020",
}
BOARDS_2021 = {
    "Tekniska nämnden": "Uppföljning av Tekniska nämndens verksamhetsplan 2021",  # reworded
    "Kultur- och fritidsnämnden": "Uppföljning av Kultur- och fritidsnämndens verksamhetsplan 2021",
    "Miljönämnden": "Uppföljning av Miljönämndens verksamhetsplan 2021",
    "Kommunstyrelsen": "Uppföljning av kommunstyrelsens verksamhetsplan per 31 december 2021",
}


def _board_rows(board: str, data: str, year: int) -> list[dict[str, object]]:
    from followup.normalize.report import title_to_report

    titles = BOARDS_2020 if year == 2020 else BOARDS_2021
    k = sorted(set(BOARDS_2020) | set(BOARDS_2021)).index(board)
    rows = []
    for n, a in enumerate(_truth(data)):
        if n % 4 == k:
            continue  # this board does not have this activity
        rows.append(
            {
                **{f: a[f] for f in ("perspective", "goal", "activity", "deadline", "status")},
                "source": f"{board.split()[0].lower()}-{year}.pdf",
                "report": title_to_report(titles[board]),
                "organisation": "Linköpings kommun",
                "page": 1 + n // 10,
            }
        )
    return rows


def _batch(year: int) -> pd.DataFrame:
    data = "vss_2020.json" if year == 2020 else "vss_2021.json"
    boards = BOARDS_2020 if year == 2020 else BOARDS_2021
    rows = [r for b in boards for r in _board_rows(b, data, year)]
    return frame(rows, year=year)


def test_batch_of_four_reports_per_side_pairs_reports_then_activities() -> None:
    old, new = _batch(2020), _batch(2021)
    assert old["report"].nunique() == new["report"].nunique() == 4
    out = diff_frames(old, new)
    assert list(out.columns) == DIFF_COLUMNS
    # whole reports without a partner: one row each, not one row per activity
    whole = out[out["change"].isin(["report_added", "report_removed"])]
    assert sorted(zip(whole["change"], whole["report"], strict=True)) == [
        ("report_added", "Miljönämndens verksamhetsplan"),
        ("report_removed", "Socialnämndens verksamhetsplan"),
    ]
    # each paired report's activities are paired with its own previous year only
    truth = _pairs("pairs_2020_2021.csv")
    for board in ("Kommunstyrelsen", "Tekniska nämnden", "Kultur- och fritidsnämnden"):
        o = {r["activity"] for r in _board_rows(board, "vss_2020.json", 2020)}
        n = {r["activity"] for r in _board_rows(board, "vss_2021.json", 2021)}
        want = {(a, b) for a, b in truth.items() if a in o and b in n}
        src_old = f"{board.split()[0].lower()}-2020.pdf"
        part = out[(out["source_old"] == src_old) & out["change"].isin(MATCHED)]
        assert set(zip(part["activity_old"], part["activity_new"], strict=True)) == want, board
        assert (part["source_new"] == f"{board.split()[0].lower()}-2021.pdf").all()
        removed = out[(out["source_old"] == src_old) & (out["change"] == "removed")]
        assert len(removed) == len(o) - len(want)
    # every row of the new batch is accounted for exactly once
    miljo = len(_board_rows("Miljönämnden", "vss_2021.json", 2021))
    assert (out["change"] != "report_added").sum() + miljo == len(new) + (
        out["change"].isin(["removed", "report_removed"]).sum()
    )


def test_pooling_the_batch_would_have_paired_across_reports() -> None:
    """The failure the report pairing prevents: one side read as a single report."""
    old, new = _batch(2020), _batch(2021)
    pooled = diff_frames(
        old.assign(source="2020.csv", report=""), new.assign(source="2021.csv", report="")
    )
    crossed = pooled[pooled["change"].isin(MATCHED)]
    board_of = {
        r["activity"]: b for b in BOARDS_2021 for r in _board_rows(b, "vss_2021.json", 2021)
    }
    assert "Miljönämnden" in set(crossed["activity_new"].map(board_of))  # a new board, "paired"


def test_organisations_that_differ_are_never_paired() -> None:
    rows = [{"activity": "Ta fram en plan för ökad tillgänglighet.", "report": "Verksamhetsplan"}]
    a = frame([{**rows[0], "organisation": "Linköpings kommun", "source": "a.pdf"}])
    b = frame([{**rows[0], "organisation": "Norrköpings kommun", "source": "b.pdf"}])
    c = frame([{**rows[0], "organisation": "Linköpings kommun", "source": "c.pdf"}], year=2021)
    d = frame([{**rows[0], "organisation": "Norrköpings kommun", "source": "d.pdf"}], year=2021)
    out = diff_frames(pd.concat([a, b]), pd.concat([d, c]))
    assert set(zip(out["source_old"], out["source_new"], strict=True)) == {
        ("a.pdf", "c.pdf"),
        ("b.pdf", "d.pdf"),
    }


# --- pairing in context -----------------------------------------------------------------------


def _side(*rows: tuple[str, str, str, str]) -> Side:
    """rows: (goal, activity, deadline, status), all under one perspective."""
    return Side(
        ["Verksamhet"] * len(rows),
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
    )


ANCHOR = "Genomföra systematisk uppföljning av samtliga tjänsteleveranser."
OLD = "Ta fram en samlad bild av efterfrågan på tjänster."
NEW = "Ta fram en samlad bild av efterfrågan på tjänster för att utveckla tjänsteutbudet."


def test_only_plausible_partner_under_the_same_goal_is_paired_in_context() -> None:
    assert CONTEXT_MIN_SIMILARITY <= similarity(OLD, NEW) < 80
    old = _side(
        ("God kundsamverkan", ANCHOR, "Tertial 3", "Pågående"),
        ("God kundsamverkan", OLD, "Tertial 3", "Pågående"),
    )
    new = _side(
        ("God kundsamverkan", ANCHOR, "Tertial 3", "Klar"),
        ("God kundsamverkan", NEW, "Tertial 3", "Klar"),
    )
    pairs = pair_activities(old, new, 80)
    assert [(p.old, p.new, p.reason) for p in pairs] == [(0, 0, "text"), (1, 1, "context")]


@pytest.mark.parametrize(
    ("old_rows", "new_rows", "why"),
    [
        # another goal
        (
            [("God kundsamverkan", OLD, "Tertial 3", "Pågående")],
            [("God styrning av tjänsteproduktion", NEW, "Tertial 3", "Pågående")],
            "goal",
        ),
        # the old activity was finished: a successor is a new activity
        (
            [("God kundsamverkan", OLD, "Tertial 3", "Klar")],
            [("God kundsamverkan", NEW, "Tertial 3", "Pågående")],
            "finished",
        ),
        # two plausible partners: not each other's only one
        (
            [
                ("God kundsamverkan", OLD, "Tertial 3", "Pågående"),
                (
                    "God kundsamverkan",
                    "Ta fram en bild av efterfrågan på tjänster inom VSS.",
                    "Tertial 3",
                    "Pågående",
                ),
            ],
            [("God kundsamverkan", NEW, "Tertial 3", "Pågående")],
            "ambiguous",
        ),
        # the pair would cross a paired neighbour
        (
            [
                ("God kundsamverkan", OLD, "Tertial 3", "Pågående"),
                ("God kundsamverkan", ANCHOR, "Tertial 3", "Pågående"),
            ],
            [
                ("God kundsamverkan", ANCHOR, "Tertial 3", "Pågående"),
                ("God kundsamverkan", NEW, "Tertial 3", "Pågående"),
            ],
            "crossing",
        ),
        # too different even in context
        (
            [
                (
                    "God kundsamverkan",
                    "Etablera fokusgrupper med förvaltningarna.",
                    "Tertial 3",
                    "Pågående",
                )
            ],
            [("God kundsamverkan", NEW, "Tertial 3", "Pågående")],
            "text",
        ),
    ],
)
def test_context_pairing_refuses(
    old_rows: list[tuple[str, str, str, str]],
    new_rows: list[tuple[str, str, str, str]],
    why: str,
) -> None:
    pairs = pair_activities(_side(*old_rows), _side(*new_rows), 80)
    assert [p for p in pairs if p.reason == "context"] == [], why


def test_context_score_prefers_same_goal_position_and_deadline_among_equal_texts() -> None:
    text = "Genomföra regelbundna kundmätningar."
    old = _side(
        ("God service", text, "Tertial 1", "Pågående"),
        ("God kundsamverkan", text, "Tertial 3", "Pågående"),
    )
    new = _side(("God kundsamverkan", text, "Tertial 3", "Pågående"))
    assert [(p.old, p.new) for p in pair_activities(old, new, 80)] == [(1, 0)]
    old = _side(
        ("God service", text, "Tertial 1", "Pågående"),
        ("God service", text, "Tertial 3", "Pågående"),
    )
    new = _side(("God service", text, "Tertial 3", "Pågående"))
    assert [(p.old, p.new) for p in pair_activities(old, new, 80)] == [(1, 0)]


# --- sides: order, same year, inputs ------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_reversed_arguments_warn_and_give_the_same_diff(tmp_path: Path) -> None:
    old, new = EXPECTED / "vss-2020-grid.csv", EXPECTED / "vss-2021-hrules.csv"
    code, out, err = _cli("diff", str(new), str(old))
    assert code == 0
    assert out == (EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv").read_text(encoding="utf-8")
    assert err.startswith("warning: reports given out of year order")
    assert "comparing 2020 → 2021" in err


def test_cli_same_year_refused_with_a_reason() -> None:
    a, b = EXPECTED / "vss-2020-grid.csv", EXPECTED / "vss-2020-plain.csv"
    code, out, err = _cli("diff", str(a), str(b))
    assert code == 1 and out == ""
    assert err == (
        f"error: {a} and {b} are both from 2020: a diff compares two different years "
        "(put one year's reports on each side)\n"
    )


def test_dataset_folders_and_a_dataset_holding_several_years(tmp_path: Path) -> None:
    years = {
        y: read_table(EXPECTED / f"{s}.csv")
        for y, s in [(2020, "vss-2020-grid"), (2021, "vss-2021-hrules")]
    }
    for year, rows in years.items():
        write_dataset(rows, tmp_path / f"d{year}")
    want = (EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv").read_text(encoding="utf-8")
    code, out, err = _cli("diff", str(tmp_path / "d2020"), str(tmp_path / "d2021"))
    assert (code, err) == (0, "") and out == want
    write_dataset(pd.concat(years.values(), ignore_index=True), tmp_path / "all")
    code, out, err = _cli("diff", str(tmp_path / "all"))  # one dataset, split by year
    assert (code, err) == (0, "") and out == want


def test_folders_of_pdfs_use_the_cache_and_pair_reports(tmp_path: Path) -> None:
    for year, names in {
        2021: ["vss-2021-hrules.pdf"],
        2022: ["vss-2022-grid.pdf", "kfn-2022-ansvarig.pdf"],
    }.items():
        (tmp_path / str(year)).mkdir()
        for name in names:
            shutil.copy(SAMPLES / name, tmp_path / str(year) / name)
    args = [str(tmp_path / "2021"), str(tmp_path / "2022")]
    first = load_sides(args, cache_dir=tmp_path / "cache", jobs=1)
    assert (first.extracted, first.cached) == (3, 0)
    again = load_sides(args, cache_dir=tmp_path / "cache", jobs=1)
    assert (again.extracted, again.cached) == (0, 3)
    code, out, err = _cli(
        "diff", *args, "--cache", str(tmp_path / "cache"), "-o", str(tmp_path / "diff.csv")
    )
    assert (code, out, err) == (0, "", "")
    got = read_table(tmp_path / "diff.csv")
    kfn = got[got["change"] == "report_added"]
    assert kfn["report"].tolist() == ["Kultur- och fritidsnämnden – verksamhetsplan"]
    vss = got[got["change"] != "report_added"].reset_index(drop=True)
    want = read_table(EXPECTED / "diff_vss-2021-hrules_vss-2022-grid.csv")
    assert frame_to_csv_text(vss) == frame_to_csv_text(want)


def test_password_is_passed_to_the_extraction(tmp_path: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf not installed")
    locked = tmp_path / "vss-2020-grid.pdf"
    subprocess.run(
        [
            qpdf,
            "--encrypt",
            "hemligt",
            "hemligt",
            "256",
            "--",
            str(SAMPLES / "vss-2020-grid.pdf"),
            str(locked),
        ],
        check=True,
    )
    new = str(EXPECTED / "vss-2021-hrules.csv")
    code, out, err = _cli("diff", str(locked), new, "--no-cache")
    assert code == 1 and "encrypted: pass --password" in err
    code, out, err = _cli("diff", str(locked), new, "--no-cache", "--password", "hemligt")
    assert code == 0, err
    want = read_table(EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv")
    got = pd.read_csv(pd.io.common.StringIO(out), dtype=str, keep_default_na=False)
    assert got["activity_old"].tolist() == want["activity_old"].fillna("").tolist()


# --- three years, wide ---------------------------------------------------------------------------


def test_wide_follows_every_activity_across_three_years() -> None:
    frames = [
        read_table(EXPECTED / f"{s}.csv")
        for s in ("vss-2022-grid", "vss-2020-grid", "vss-2021-hrules")
    ]
    with pytest.warns(UserWarning, match="out of year order"):
        wide = diff_wide(frames)
    status_cols = ["status_2020", "status_2021", "status_2022"]
    assert list(wide.columns) == [
        "report",
        "perspective",
        "goal",
        "activity",
        *status_cols,
        "changes",
        "page_2020",
        "page_2021",
        "page_2022",
    ]
    p1, p2 = _pairs("pairs_2020_2021.csv"), _pairs("pairs_2021_2022.csv")
    a20, a21, a22 = (_truth(f"vss_{y}.json") for y in (2020, 2021, 2022))
    # lineages from the true pairs: each 2020 activity, then those new in 2021, then 2022
    chains: list[list[object]] = []
    for a in a20:
        chain = [a["activity"]]
        if chain[-1] in p1:
            chain.append(p1[chain[-1]])
            if chain[-1] in p2:
                chain.append(p2[chain[-1]])
        chains.append(chain)
    for a in a21:
        if a["activity"] not in p1.values():
            chains.append([a["activity"], *([p2[a["activity"]]] if a["activity"] in p2 else [])])
    chains += [[a["activity"]] for a in a22 if a["activity"] not in p2.values()]
    assert len(wide) == len(chains) == 77
    assert wide["activity"].tolist() == [c[-1] for c in chains]
    present = wide[status_cols].notna().sum(axis=1).tolist()
    assert present == [len(c) for c in chains]
    row = wide[wide["activity"].str.startswith("Ta fram frågor och svar")].iloc[0]
    assert [row[c] for c in status_cols] == ["Pågående", "Pågående", "Pågående"]
    assert row["changes"] == "2021 reworded (context 78); 2022 reworded (context 65)"


def test_cli_wide_three_years_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "wide.csv"
    files = [
        str(EXPECTED / f"{s}.csv") for s in ("vss-2020-grid", "vss-2021-hrules", "vss-2022-grid")
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "followup", "diff", *files, "--wide", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    wide = read_table(out)
    assert len(wide) == 77
    assert (wide["status_2020"] != "").sum() == 62 and (wide["status_2022"] != "").sum() == 24


def test_wide_parquet_keeps_page_numbers_as_integers(tmp_path: Path) -> None:
    files = [str(EXPECTED / f"{s}.csv") for s in ("vss-2020-grid", "vss-2021-hrules")]
    out = tmp_path / "wide.parquet"
    code, _, err = _cli("diff", *files, "--wide", "-o", str(out))
    assert (code, err) == (0, "")
    wide = pd.read_parquet(out)
    assert str(wide["page_2020"].dtype) == "Int64" and wide["page_2021"].isna().sum() == 33


def test_one_dataset_of_every_sample_year_and_repeated_reports(tmp_path: Path) -> None:
    stems = sorted(p.stem for p in SAMPLES.glob("*.pdf"))
    rows = pd.concat([read_table(EXPECTED / f"{s}.csv") for s in stems], ignore_index=True)
    write_dataset(rows, tmp_path / "all")
    code, out, err = _cli("diff", str(tmp_path / "all"), "-o", str(tmp_path / "diff.csv"))
    assert code == 0
    # the 2020 report printed in four layouts is compared once, with a warning per repeat
    assert err.count("the same report twice in one year; compared once") == 3
    got = read_table(tmp_path / "diff.csv")
    assert got[["from_year", "to_year"]].drop_duplicates().values.tolist() == [
        ["2020", "2021"],
        ["2021", "2022"],
    ]
    assert got[got["change"].str.startswith("report_")]["report"].tolist() == [
        "Kultur- och fritidsnämnden – verksamhetsplan"
    ]
    for (a, b), part in got.groupby(["from_year", "to_year"]):
        old, new = {"2020": "vss-2020-grid", "2021": "vss-2021-hrules"}[a], f"vss-{b}-"
        new = next(s for s in stems if s.startswith(new) and not s.startswith("kfn"))
        want = read_table(EXPECTED / f"diff_{old}_{new}.csv")
        vss = part[~part["change"].str.startswith("report_")].drop(columns=["from_year", "to_year"])
        assert frame_to_csv_text(vss.reset_index(drop=True)) == frame_to_csv_text(want)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_row_is_accounted_for_once(data: st.DataObject) -> None:
    """Any subsets of two sample years, split into any reports: each old and each new row is in
    exactly one output row, and pairs are one-to-one."""
    a20, a21 = _truth("vss_2020.json"), _truth("vss_2021.json")
    keep_old = data.draw(st.lists(st.booleans(), min_size=len(a20), max_size=len(a20)))
    keep_new = data.draw(st.lists(st.booleans(), min_size=len(a21), max_size=len(a21)))
    split = data.draw(st.integers(1, 3))
    fields = ("perspective", "goal", "activity", "deadline", "status")

    def side(acts: list[dict[str, object]], keep: list[bool], year: int) -> pd.DataFrame:
        rows = [
            {**{f: a[f] for f in fields}, "source": f"r{k % split}.pdf", "report": f"R{k % split}"}
            for k, (a, kept) in enumerate(zip(acts, keep, strict=True))
            if kept
        ]
        return frame(rows, year=year)

    old, new = side(a20, keep_old, 2020), side(a21, keep_new, 2021)
    if not len(old) or not len(new):
        return
    out = diff_frames(old, new)
    whole_new = out.loc[out["change"] == "report_added", "source_new"]
    whole_old = out.loc[out["change"] == "report_removed", "source_old"]
    new_rows = out["activity_new"].notna().sum() + new["source"].isin(whole_new).sum()
    old_rows = out["activity_old"].notna().sum() + old["source"].isin(whole_old).sum()
    assert (new_rows, old_rows) == (len(new), len(old))
    matched = out[out["change"].isin(MATCHED)]
    assert not matched.duplicated(["source_old", "activity_old", "page_old"]).any()
    assert not matched.duplicated(["source_new", "activity_new", "page_new"]).any()
