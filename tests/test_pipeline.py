"""The pipeline is the chain of stages and nothing else, and the README shows it as it is."""

from __future__ import annotations

import re
from pathlib import Path

from followup.extract import pipeline

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
SOURCE = Path(pipeline.__file__).read_text(encoding="utf-8")


def test_readme_shows_the_chain_as_in_pipeline() -> None:
    section = README.split("## How extraction works", 1)[1].split("\n## ", 1)[0]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    code = SOURCE.split("from followup.records import Extraction\n", 1)[1]
    code = re.sub(r'\n    """[^\n]*"""', "", code)
    assert block.strip() == code.strip()


def test_pipeline_is_short() -> None:
    assert len(SOURCE.splitlines()) <= 50
