"""The benchmark's structure at a tiny size: generator, validation, questions, table.

No timings are asserted: the benchmark measures, the tests check that what it measures
is the right thing (same seed same bytes, a valid graph, every question answered by
every engine, every row and column in the table).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset

from kg import resources
from kg.bench.__main__ import main as bench_main
from kg.bench.child import ENGINES, VARIANTS
from kg.bench.generate import generate, parse_size, write_nquads
from kg.bench.run import (
    COLUMNS,
    SizeResult,
    run_benchmark,
    table_rows,
    workload,
)
from kg.build import compile_sources
from kg.errors import EXIT_INPUT, UsageError
from kg.queries import load_queries

TINY = 3000


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SizeResult]:
    out = tmp_path_factory.mktemp("bench")
    (result,) = run_benchmark([("3k", TINY)], out, repeat=1, cap=0.5, log=lambda _: None)
    return out, result


def test_same_seed_same_bytes() -> None:
    first = generate(TINY, seed=7)
    assert first.nquads() == generate(TINY, seed=7).nquads()
    assert first.nquads() != generate(TINY, seed=8).nquads()
    assert len(set(first.lines)) == first.quads, "no quad is written twice"
    assert TINY <= first.quads < TINY * 1.2


def test_sizes_read_like_triple_counts() -> None:
    assert parse_size("10k") == 10_000
    assert parse_size("1M") == 1_000_000
    assert parse_size("2500") == 2500
    with pytest.raises(UsageError):
        parse_size("lots")


def test_bad_size_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["--sizes", "many", "--out", "unused"]) == EXIT_INPUT
    assert "bad size 'many'" in capsys.readouterr().err


def test_synthetic_graph_passes_validation(tmp_path: Path) -> None:
    generated = generate(TINY)
    write_nquads(generated, tmp_path / "data" / "synthetic.nq")
    report = compile_sources(data_dir=tmp_path / "data").validate()
    assert report.conforms, report.text()
    assert report.graphs == generated.graphs


def test_synthetic_nquads_parse_as_written(tmp_path: Path) -> None:
    generated = generate(TINY)
    path = write_nquads(generated, tmp_path / "synthetic.nq")
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    assert sum(len(g) for g in dataset.graphs()) == generated.quads


def test_every_question_is_in_the_workload() -> None:
    queries = load_queries(resources.queries_dir())
    items, notes = workload(queries, generate(TINY).landmarks)
    assert notes == []
    assert sorted(item["name"] for item in items) == sorted(queries)
    for item in items:
        # The query's own binding is one of the places measured beside it.
        assert item["text"] == item[f"text_{queries[item['name']].bind_at}"]
        assert {item[f"text_{place}"] for place in VARIANTS} >= {item["text"]}


def test_every_engine_answers_every_question(tiny_run: tuple[Path, SizeResult]) -> None:
    _, result = tiny_run
    assert set(result.engines) == set(ENGINES)
    names = [item["name"] for item in result.workload]
    for engine in ("invest-kg", "pyoxigraph"):
        for name in names:
            run = result.engines[engine]["queries"][name]
            assert run["rows"], f"{engine} found no rows for {name}"
    for name in names:
        ours = result.engines["invest-kg"]["queries"][name]["rows"]
        assert result.engines["pyoxigraph"]["queries"][name]["rows"] == ours
        raw = result.engines["pyoxigraph"]["queries"][name]
        assert all(place in raw for place in VARIANTS)
        for variant in VARIANTS:
            if variant in raw:
                assert raw[variant]["rows"] == ours, (name, variant)
        baseline = result.engines["rdflib"]["queries"][name]
        assert baseline["capped"] or baseline["rows"] == ours, name


def test_table_has_every_row_and_column(tiny_run: tuple[Path, SizeResult]) -> None:
    out, result = tiny_run
    rows = table_rows(result)
    names = [item["name"] for item in result.workload]
    assert [row[0] for row in rows] == [
        "load",
        "peak memory, graph loaded",
        "peak memory, whole run",
        *names,
    ]
    assert all(len(row) == len(COLUMNS) for row in rows)
    markdown = (out / "bench.md").read_text(encoding="utf-8")
    assert "| " + " | ".join(COLUMNS) + " |" in markdown
    for name in names:
        assert f"| {name} |" in markdown
    for fact in ("Machine:", "cores", "Python", "rdflib", "pyoxigraph", "Date:", "Command:"):
        assert fact in markdown
    report = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["quads"] == result.quads
    assert set(size["ratios"]["queries"]) == set(names)
    assert report["machine"]["cores"] >= 1
