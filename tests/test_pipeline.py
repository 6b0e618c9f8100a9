"""The pipeline is the chain of stages and nothing else, and the README shows it as it is."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from followup.extract import pipeline

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _chain() -> str:
    source = textwrap.dedent(inspect.getsource(pipeline.extract_document))
    body = source.split("context = DocumentContext()", 1)[1]
    body = body.split("return Extraction(", 1)[0]
    return "context = DocumentContext()" + body.rstrip()


def test_readme_shows_the_chain_as_in_pipeline() -> None:
    section = README.split("## How extraction works", 1)[1].split("\n## ", 1)[0]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert block.strip() == textwrap.dedent(_chain().replace("\n    ", "\n")).strip()


def test_pipeline_is_short() -> None:
    lines = Path(pipeline.__file__).read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 45
