"""Year-over-year diff: matching, change kinds, warnings, errors, samples and CLI."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from followup.commands.diff import register
from followup.diff import (
    DEFAULT_MIN_SIMILARITY,
    DIFF_COLUMNS,
    ReversedSidesWarning,
    diff_frames,
    diff_many,
    norm,
    similarity,
)
from followup.diff.assign import max_weight_matching
from followup.errors import FollowupError
from followup.schema import columns_for
from followup.tableio import frame_to_csv_text, read_table, write_table

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "samples" / "expected"


def frame(rows: list[dict[str, object]], year: int | None = 2020) -> pd.DataFrame:
    """An extraction frame in the output schema; unspecified cells get plausible defaults."""
    records = []
    for k, row in enumerate(rows):
        rec: dict[str, object] = {c: None for c in columns_for([])}
        rec.update(
            source=f"vss-{year}.pdf",
            year=year,
            page=k + 1,
            page_end=k + 1,
            perspective="Medborgare",
            goal="God service",
            status="Klar",
            strategic=False,
        )
        rec.update(row)
        records.append(rec)
    out = pd.DataFrame.from_records(records, columns=columns_for([]))
    for col in ("year", "page", "page_end", "status_score"):
        out[col] = out[col].astype("Int64")
    return out


def acts(rows: pd.DataFrame, change: str) -> list[tuple[object, object]]:
    sub = rows[rows["change"] == change]
    return list(zip(sub["activity_old"], sub["activity_new"], strict=True))


# --- normalisation and similarity -------------------------------------------------------------


def test_norm_replaces_years_punctuation_and_case() -> None:
    assert norm("Strategiskt uppdrag i Budget 2020, plan för 2021-2023!") == (
        "strategiskt uppdrag i budget #plan för # #".replace("#plan", "# plan")
    )
    assert norm("LK-data (VSS:s) e\u0301") == "lk data vss s \u00e9"  # NFC: e + accent -> é
    assert norm("12019 och 2100 och 1899") == "12019 och 2100 och 1899"  # not year-like runs
    assert norm(None) == "" and norm(pd.NA) == ""


def test_similarity_rounds_half_up() -> None:
    # token_sort_ratio is exactly 62.5 here; Python's round() would give 62.
    assert similarity("modell tjänster", "tjänster modell en för ta process") == 63


def test_year_numbers_do_not_block_a_match() -> None:
    old = frame([{"activity": "Ta fram budgetunderlag inför budgetarbete 2021.", "status": "Klar"}])
    new = frame(
        [{"activity": "Ta fram budgetunderlag inför budgetarbete 2022.", "status": "Klar"}],
        year=2021,
    )
    out = diff_frames(old, new, min_similarity=100)
    assert out["change"].tolist() == ["unchanged"]
    assert out["similarity"].tolist() == [100]


# --- matching ---------------------------------------------------------------------------------

# Activity similarities: o1~n1 = 92 (the single best pair), o1~n2 = 75, o2~n1 = 71,
# o2~n2 = 47. Greedy takes o1~n1 and strands o2 and n2; the optimum pairs o1~n2 and o2~n1.
O1 = "Kunder för process: systematiskt ta interna modell."
O2 = "Arbete systematiskt tjänster process ta för."
N1 = "Systematiskt kunder modell tjänster process för interna."
N2 = "Process utveckla modell interna tjänster kunder."


def greedy(sim: np.ndarray, minimum: int) -> set[tuple[int, int]]:
    """Best pair first: what the diff must NOT do."""
    taken: set[tuple[int, int]] = set()
    cells = sorted(np.ndindex(*sim.shape), key=lambda ij: -sim[ij])
    for i, j in cells:
        if sim[i, j] >= minimum and all(i != a and j != b for a, b in taken):
            taken.add((i, j))
    return taken


def test_optimal_assignment_beats_greedy() -> None:
    sim = np.array([[similarity(o, n) for n in (N1, N2)] for o in (O1, O2)])
    assert sim.tolist() == [[92, 75], [71, 47]]
    assert greedy(sim, 70) == {(0, 0)}  # the fixture really separates greedy from optimal
    out = diff_frames(
        frame([{"activity": O1}, {"activity": O2}]),
        frame([{"activity": N1}, {"activity": N2}], year=2021),
        min_similarity=70,
    )
    assert out["change"].tolist() == ["reworded", "reworded"]
    assert acts(out, "reworded") == [(O2, N1), (O1, N2)]
    assert out["similarity"].tolist() == [71, 75]


def test_perspective_and_goal_break_near_ties_but_similarity_stays_activity_only() -> None:
    old = frame(
        [
            {
                "activity": "Genomföra strategiska dialoger med förvaltningarna.",
                "perspective": "Ekonomi",
                "goal": "God ekonomisk kontroll",
            },
            {
                "activity": "Genomföra strategiska dialoger med förvaltningarna.",
                "perspective": "Verksamhet",
                "goal": "God kundsamverkan",
            },
        ]
    )
    new = frame(
        [
            {
                "activity": "Genomföra strategiska dialoger med förvaltningarna.",
                "perspective": "Verksamhet",
                "goal": "God kundsamverkan",
            },
        ],
        year=2021,
    )
    out = diff_frames(old, new)
    assert out["change"].tolist() == ["unchanged", "removed"]
    assert out["goal_old"].tolist() == ["God kundsamverkan", "God ekonomisk kontroll"]
    assert out["similarity"].tolist()[0] == 100


def test_min_similarity_boundary() -> None:
    a, b = "Följa upp kundenkäter och användargrupper.", "Följa upp kundenkäter och fokusgrupper."
    s = similarity(a, b)
    assert 0 < s < 100
    at = diff_frames(
        frame([{"activity": a}]), frame([{"activity": b}], year=2021), min_similarity=s
    )
    assert at["change"].tolist() == ["reworded"] and at["similarity"].tolist() == [s]
    above = diff_frames(
        frame([{"activity": a}]), frame([{"activity": b}], year=2021), min_similarity=s + 1
    )
    assert above["change"].tolist() == ["added", "removed"]
    assert above["similarity"].isna().all()


def test_min_similarity_out_of_range_is_an_error() -> None:
    with pytest.raises(FollowupError, match="between 0 and 100"):
        diff_frames(
            frame([{"activity": "x"}]), frame([{"activity": "x"}], year=2021), min_similarity=101
        )


# --- change kinds, columns, order ----------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_status_on_one_side_is_status_changed_and_kept_empty(empty: object) -> None:
    old = frame([{"activity": "Införa digital Leantavla på VSS nivå.", "status": "Pågående"}])
    new = frame([{"activity": "Införa digital Leantavla på VSS nivå.", "status": empty}], year=2021)
    out = diff_frames(old, new)
    assert out["change"].tolist() == ["status_changed"]
    assert out["status_old"].tolist() == ["Pågående"]
    assert frame_to_csv_text(out[["status_new"]]) == 'status_new\n""\n'


def test_change_kinds_columns_types_and_row_order() -> None:
    old = frame(
        [
            {
                "activity": "Etablera en visuell produktionsplaneringsöversikt.",
                "status": "Pausad",
                "perspective": "Verksamhet",
                "page": 7,
            },
            {
                "activity": "Utbilda medarbetare i korrekta inköp.",
                "status": "Ersatts",
                "perspective": "Ekonomi",
                "page": 3,
            },
            {
                "activity": "Ta fram en tjänstekatalog och tjänsteportal.",
                "status": "Pågående",
                "perspective": "Verksamhet",
                "page": 5,
            },
        ]
    )
    new = frame(
        [
            {
                "activity": "Ta fram en tjänstekatalog och en tjänsteportal för VSS.",
                "status": "Klar",
                "perspective": "Verksamhet",
                "page": 4,
            },
            {
                "activity": "Införa ett nytt ärendehanteringssystem.",
                "status": "Pågående",
                "perspective": "Verksamhet",
                "page": 6,
            },
            {
                "activity": "Etablera en visuell produktionsplaneringsöversikt.",
                "status": "Klar",
                "perspective": "Medborgare",
                "page": 8,
            },
        ],
        year=2021,
    )
    out = diff_frames(old, new)
    assert list(out.columns) == DIFF_COLUMNS
    assert out["change"].tolist() == ["reworded", "added", "status_changed", "removed"]
    assert out["perspective"].tolist() == ["Verksamhet", "Verksamhet", "Medborgare", "Ekonomi"]
    assert out["page_old"].tolist()[0] == 5 and out["page_new"].tolist()[0] == 4
    assert out["page_old"].isna().tolist() == [False, True, False, False]
    assert out["page_new"].isna().tolist() == [False, False, False, True]
    for col in ("similarity", "page_old", "page_new"):
        assert str(out[col].dtype) == "Int64"
    assert out["similarity"].isna().tolist() == [False, True, False, True]
    assert out.loc[2, "status_old"] == "Pausad" and out.loc[2, "status_new"] == "Klar"


def test_unchanged_when_text_differs_only_in_case_punctuation_and_years() -> None:
    old = frame([{"activity": "Minska användandet av plast (Budget 2020).", "status": "Pågående"}])
    new = frame(
        [{"activity": "minska användandet av plast - budget 2021", "status": "Pågående"}], year=2021
    )
    out = diff_frames(old, new)
    assert out["change"].tolist() == ["unchanged"]


# --- warnings and errors --------------------------------------------------------------------------


def test_same_year_is_refused_with_a_reason() -> None:
    rows = [{"activity": "Skapa en upphandlings- och inköpsorganisation."}]
    refusal = r"a\.csv and b\.csv are both from 2020: a diff compares"
    with pytest.raises(FollowupError, match=refusal):
        diff_frames(frame(rows), frame(rows), labels=("a.csv", "b.csv"))
    with pytest.raises(FollowupError, match="both from 2021"):
        diff_many([frame(rows), frame(rows, year=2021), frame(rows, year=2021)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diff_frames(frame(rows), frame(rows, year=2021))  # different years, in order: no warning


def test_reversed_sides_are_put_in_year_order_with_a_warning() -> None:
    a = "Genomföra regelbundna kundmätningar."
    f20 = frame([{"activity": a, "status": "Pågående", "page": 3}], year=2020)
    f21 = frame([{"activity": a, "status": "Klar", "page": 5}], year=2021)
    with pytest.warns(ReversedSidesWarning, match=r"new\.csv \(2020\).*comparing 2020 → 2021"):
        out = diff_frames(f21, f20, labels=("old.csv", "new.csv"))
    assert out.equals(diff_frames(f20, f21))
    assert out.loc[0, "status_old"] == "Pågående" and out.loc[0, "page_new"] == 5


def test_empty_side_is_an_error_naming_it() -> None:
    rows = frame([{"activity": "Skapa en upphandlings- och inköpsorganisation."}])
    with pytest.raises(FollowupError, match=r"^new\.csv: no rows"):
        diff_frames(rows, rows.iloc[0:0], labels=("old.csv", "new.csv"))
    with pytest.raises(FollowupError, match=r"^old: no rows"):
        diff_frames(rows.iloc[0:0], rows)


def test_diff_many_orders_by_year_and_adds_years_first() -> None:
    a = "Införa produktionsplanering inom samtliga verksamheter."
    f20 = frame([{"activity": a, "status": "Pågående"}], year=2020)
    f21 = frame([{"activity": a, "status": "Klar"}], year=2021)
    f22 = frame([{"activity": a, "status": "Klar"}], year=2022)
    with pytest.warns(ReversedSidesWarning, match="comparing 2020 → 2021 → 2022"):
        out = diff_many([f22, f20, f21])
    assert list(out.columns) == ["from_year", "to_year", *DIFF_COLUMNS]
    assert out["from_year"].tolist() == [2020, 2021]
    assert out["to_year"].tolist() == [2021, 2022]
    assert out["change"].tolist() == ["status_changed", "unchanged"]
    assert str(out["from_year"].dtype) == "Int64"
    with pytest.raises(FollowupError, match="at least two"):
        diff_many([f20])
    with pytest.raises(FollowupError, match="no year"):
        diff_many([f20, frame([{"activity": a}], year=None)])


def test_render_summary_counts_transitions_and_rewordings() -> None:
    import io

    from rich.console import Console

    from followup.diff import render_summary

    old = frame(
        [
            {"activity": "Ta fram en process för ta fram nya tjänster.", "status": "Pausad"},
            {"activity": "Införa digital Leantavla på VSS nivå.", "status": "Pågående"},
            {"activity": "Etablera en visuell produktionsplaneringsöversikt.", "status": "Pausad"},
        ]
    )
    new = frame(
        [
            {"activity": "Ta fram en process för att ta fram nya tjänster.", "status": "Klar"},
            {"activity": "Införa digital Leantavla på VSS nivå.", "status": None},
            {"activity": "Publicera [bold]nya[/bold] tjänster i LinDesk.", "status": "Klar"},
        ],
        year=2021,
    )
    buf = io.StringIO()
    render_summary(diff_frames(old, new), Console(file=buf, width=200))
    text = buf.getvalue()
    counts = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in text.splitlines()
        if line.count("│") == 3
    }
    assert counts == {
        "unchanged": "0",
        "status_changed": "1",
        "reworded": "1",
        "added": "1",
        "removed": "1",
        "total": "4",
    }
    assert "(tom)" in text  # the empty new status is shown, not guessed
    assert "Pausad → Klar" in text and "att ta fram nya tjänster" in text
    assert "[bold]nya[/bold]" not in text  # added rows are not in the reworded table


# --- the assignment itself ----------------------------------------------------------------------


def brute_force(weights: np.ndarray, eligible: np.ndarray) -> int:
    n, m = weights.shape
    best = 0
    for k in range(min(n, m) + 1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.permutations(range(m), k):
                if all(eligible[i, j] for i, j in zip(rows, cols, strict=True)):
                    total = sum(int(weights[i, j]) for i, j in zip(rows, cols, strict=True))
                    best = max(best, total)
    return best


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.data())
def test_assignment_is_optimal(n: int, m: int, data: st.DataObject) -> None:
    w = np.array(
        data.draw(st.lists(st.integers(-20, 100), min_size=n * m, max_size=n * m)), dtype=np.int64
    ).reshape(n, m)
    e = np.array(
        data.draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)), dtype=bool
    ).reshape(n, m)
    pairs = max_weight_matching(w, e)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(e[i, j] and w[i, j] > 0 for i, j in pairs)
    assert sum(int(w[i, j]) for i, j in pairs) == brute_force(w, e)


# --- the samples ----------------------------------------------------------------------------------

DATA = ROOT / "samples" / "data"


def _json_frame(path: Path, **extra: object) -> pd.DataFrame:
    import json

    doc = json.loads(path.read_text(encoding="utf-8"))
    fields = ("perspective", "goal", "activity", "deadline", "status")
    return frame(
        [{**{k: a[k] for k in fields}, **extra} for a in doc["activities"]],
        year=int(doc["year"]),
    )


def _true_pairs(name: str) -> set[tuple[str, str]]:
    truth = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
    return set(zip(truth.iloc[:, 0], truth.iloc[:, 1], strict=True))


def _found_pairs(out: pd.DataFrame) -> set[tuple[str, str]]:
    matched = out[out["change"].isin(["unchanged", "status_changed", "reworded"])]
    return set(zip(matched["activity_old"], matched["activity_new"], strict=True))


def f1(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> float:
    tp = len(found & truth)
    return 2 * tp / (len(found) + len(truth)) if found or truth else 1.0


SAMPLE_YEARS = [
    ("vss_2020.json", "vss_2021.json", "pairs_2020_2021.csv", 6),
    ("vss_2021.json", "vss_2022.json", "pairs_2021_2022.csv", 4),
]


@pytest.mark.parametrize(("old", "new", "pairs", "in_context"), SAMPLE_YEARS)
def test_every_true_pair_of_the_sample_years_is_found(
    old: str, new: str, pairs: str, in_context: int
) -> None:
    truth = _true_pairs(pairs)
    out = diff_frames(_json_frame(DATA / old), _json_frame(DATA / new))
    assert _found_pairs(out) == truth  # F1 = 1.0
    context = out[out["pair_reason"] == "context"]
    assert len(context) == in_context
    # the harder rewordings fall below the text threshold and are found only in context
    assert context["similarity"].between(60, DEFAULT_MIN_SIMILARITY - 1).all()
    # text alone (the pairing without context) misses exactly those
    text_only = out[out["pair_reason"] == "text"]
    assert f1(_found_pairs(text_only), truth) < 0.95


SAMPLE_DIFFS = [
    ("vss-2020-grid", "vss-2021-hrules"),
    ("vss-2021-hrules", "vss-2022-grid"),
]


@pytest.mark.parametrize(("old", "new"), SAMPLE_DIFFS)
def test_sample_diff_matches_expected_cell_by_cell(old: str, new: str) -> None:
    expected = EXPECTED / f"diff_{old}_{new}.csv"
    diff = diff_frames(read_table(EXPECTED / f"{old}.csv"), read_table(EXPECTED / f"{new}.csv"))
    assert frame_to_csv_text(diff) == expected.read_text(encoding="utf-8")
    got = read_table(Path(_roundtrip(diff)))
    want = read_table(expected)
    assert list(got.columns) == list(want.columns) == DIFF_COLUMNS
    assert len(got) == len(want)
    g = got.astype(str).to_numpy()
    w = want.astype(str).to_numpy()
    bad = [(r, want.columns[c], w[r, c], g[r, c]) for r, c in zip(*np.nonzero(g != w), strict=True)]
    assert not bad, f"{len(bad)} cells differ, first: {bad[:5]}"


def test_cli_on_sample_pdfs_matches_expected(cli: typer.Typer, tmp_path: Path) -> None:
    pdfs = [str(ROOT / "samples" / n) for n in ("vss-2020-grid.pdf", "vss-2021-hrules.pdf")]
    result = CliRunner().invoke(cli, ["diff", *pdfs, "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    expected = EXPECTED / "diff_vss-2020-grid_vss-2021-hrules.csv"
    assert result.stdout == expected.read_text(encoding="utf-8")


def _roundtrip(diff: pd.DataFrame) -> str:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "diff.csv"
    write_table(diff, path)
    return str(path)


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:  # keeps "diff" a subcommand, as in the real app
        pass

    return app


def _write(tmp_path: Path, name: str, df: pd.DataFrame) -> Path:
    path = tmp_path / name
    write_table(df, path)
    return path


def test_cli_two_paths_to_stdout(cli: typer.Typer, tmp_path: Path) -> None:
    a = "Genomföra regelbundna kundmätningar."
    old = _write(tmp_path, "old.csv", frame([{"activity": a, "status": "Pågående"}]))
    new = _write(tmp_path, "new.parquet", frame([{"activity": a, "status": "Klar"}], year=2021))
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ",".join(DIFF_COLUMNS)
    # without a report name, the report is named by its file
    assert result.stdout.splitlines()[1].startswith("status_changed,vss-2021.pdf,Medborgare,")
    assert result.stderr == ""  # not a terminal and no --summary


def test_cli_many_paths_out_file_summary_and_warning(cli: typer.Typer, tmp_path: Path) -> None:
    a = "Genomföra regelbundna kundmätningar."
    paths = [
        str(_write(tmp_path, f"{name}.csv", frame([{"activity": a, "status": s}], year=y)))
        for name, y, s in [("c", 2022, "Klar"), ("a", 2020, "Pågående"), ("b", 2021, "Klar")]
    ]
    out = tmp_path / "out" / "diff.csv"
    result = CliRunner().invoke(
        cli, ["diff", *paths, "-o", str(out), "--summary", "--min-similarity", "90"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    got = read_table(out)
    assert got["from_year"].tolist() == ["2020", "2021"]  # read_table types schema columns only
    assert got["change"].tolist() == ["status_changed", "unchanged"]
    assert "warning: reports given out of year order" in result.stderr
    assert "comparing 2020 → 2021 → 2022" in result.stderr
    assert "status_changed" in result.stderr and "Pågående" in result.stderr  # the summary


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.csv"], "at least two years"),
        (["missing.csv", "missing2.csv"], "missing.csv: no such file"),
        (["a.txt", "b.txt"], "a.txt: cannot compare"),
    ],
)
def test_cli_errors_are_one_line(
    cli: typer.Typer, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "a.txt").write_text("x")
    write_table(frame([{"activity": "Ta fram nya tjänster."}]), tmp_path / "a.csv")
    result = CliRunner().invoke(cli, ["diff", *(str(tmp_path / a) for a in args)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_cli_empty_side_and_bad_similarity(cli: typer.Typer, tmp_path: Path) -> None:
    full = _write(tmp_path, "full.csv", frame([{"activity": "Ta fram nya tjänster."}]))
    empty = _write(tmp_path, "empty.csv", frame([]))
    result = CliRunner().invoke(cli, ["diff", str(full), str(empty)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {empty}: no rows to compare\n"
    result = CliRunner().invoke(cli, ["diff", str(full), str(full), "--min-similarity", "150"])
    assert result.exit_code == 2 and "Invalid value for '--min-similarity'" in result.stderr


def test_default_min_similarity_is_a_percentage() -> None:
    assert 0 < DEFAULT_MIN_SIMILARITY <= 100
