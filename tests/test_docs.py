"""The README stays true: every command is documented and every example runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import kg
from kg.cli import COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
QUERY_EXAMPLES = re.findall(r"`(kg query [^`]+)`", README)


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make all", "make test"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name: str) -> None:
    assert f"kg {name}" in README


def test_every_named_query_has_a_readme_example() -> None:
    documented = {shlex.split(example)[2] for example in QUERY_EXAMPLES}
    assert documented == set(kg.load().queries)


@pytest.mark.parametrize("example", QUERY_EXAMPLES)
def test_readme_query_examples_answer(graph: kg.KnowledgeGraph, example: str) -> None:
    words = shlex.split(example)
    params = dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "-p")
    assert len(graph.query(words[2], **params)) > 0, example


ANALYZE_EXAMPLES = [
    line.split("#")[0].strip() for line in README.splitlines() if line.startswith("kg analyze ")
]


@pytest.mark.parametrize("example", ANALYZE_EXAMPLES)
def test_readme_analyze_examples_run(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main([*shlex.split(example)[1:], "--build", "/nonexistent-build"]) == 0
    assert capsys.readouterr().out.strip()
