"""``followup schema``: the schema of followup/schema.py as a table, JSON or Markdown."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from followup.arrow import ARROW_TYPES
from followup.cli import app
from followup.schema import (
    BOX_COLUMNS,
    LEADING_COLUMNS,
    TRAILING_COLUMNS,
    TYPES,
    described,
    markdown_table,
)

runner = CliRunner()


def test_every_column_has_a_known_type_and_a_meaning() -> None:
    for col in described():
        assert col.type in TYPES and col.type in ARROW_TYPES, col
        assert col.meaning.strip(), col


def test_schema_json_lists_every_column_in_order() -> None:
    result = runner.invoke(app, ["schema", "--json"])
    assert result.exit_code == 0, result.output
    columns = json.loads(result.stdout)
    names = [c["name"] for c in columns]
    assert names == [*LEADING_COLUMNS, "*extra columns*", *TRAILING_COLUMNS, *BOX_COLUMNS]
    by_name = {c["name"]: c for c in columns}
    assert by_name["deadline_date"]["type"] == "date" and by_name["deadline_date"]["nullable"]
    assert by_name["year"]["type"] == "int" and by_name["year"]["nullable"]
    assert by_name["strategic"] == {**by_name["strategic"], "type": "bool", "nullable": False}


def test_schema_table_names_every_column_and_type() -> None:
    result = runner.invoke(app, ["schema"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for col in described():
        assert any(
            line.split("│")[1].strip() == col.name and line.split("│")[2].strip() == col.type
            for line in result.stdout.splitlines()
            if line.count("│") >= 4
        ), col.name


def test_schema_markdown_is_the_readme_table() -> None:
    result = runner.invoke(app, ["schema", "--markdown"])
    assert result.exit_code == 0
    assert result.stdout == markdown_table()


def test_json_and_markdown_together_are_refused() -> None:
    result = runner.invoke(app, ["schema", "--json", "--markdown"])
    assert result.exit_code == 2
    assert "--json and --markdown" in result.output
