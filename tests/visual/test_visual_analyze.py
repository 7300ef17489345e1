"""Analytics checked against the Kaluga facts and a made-up holding chain."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg import analyze, resources
from kg.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_ultimate_parents_of_psma_rus(graph: kg.KnowledgeGraph) -> None:
    parents = analyze.ultimate_parents(graph, "PSMA Rus")
    assert [p.label for p in parents] == ["Mitsubishi Motors Corporation", "PSA Peugeot Citroën"]
    assert parents[1].chain == ("PSA Peugeot Citroën owns 70% of PSMA Rus OOO",)


def test_ultimate_parent_walks_a_chain_and_skips_ended_stakes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(resources.data_dir(), data)
    shutil.copy(FIXTURES / "ownership" / "holding-chain.trig", data / "sources")
    with kg.load(data_dir=data) as graph:
        today = analyze.ultimate_parents(graph, "Test Plant Operator")
        in_2010 = analyze.ultimate_parents(graph, "Test Subholding", on="2010-06-30")
        before_any = analyze.ultimate_parents(graph, "Test Plant Operator", on="2010-06-30")
    assert [p.label for p in today] == ["Test Top Group"]
    assert today[0].chain == (
        "Test Subholding owns 100% of Test Plant Operator",
        "Test Top Group owns 51.5% of Test Subholding",
    )
    # In 2010 the plant operator still held 10% of the subholding (ended 2011).
    assert {p.label for p in in_2010} == {"Test Top Group", "Test Plant Operator"}
    assert [p.label for p in before_any] == ["Test Plant Operator"]


def test_investment_by_origin_keeps_currencies_apart(graph: kg.KnowledgeGraph) -> None:
    groups = analyze.investment_by(graph, "Kaluga Region", by="origin")
    summary = {(g.group, g.currency, g.aggregation): g.total for g in groups}
    assert summary == {
        ("France", "USD", "cumulative"): Decimal("1000000000"),
        ("France + Japan", "EUR", "cumulative"): Decimal("550000000"),
        ("unspecified", "RUB", "annual"): Decimal("100000000000"),
    }
    for group in groups:
        assert {f.currency for f in group.figures} == {group.currency}
        assert all(f.sources for f in group.figures)
    (joint,) = [g for g in groups if g.currency == "EUR"]
    superseded = [f for f in joint.figures if not f.counted]
    assert [(f.amount, f.when) for f in superseded] == [(Decimal("470000000"), "2010-04-23")]


def test_investment_by_sector(graph: kg.KnowledgeGraph) -> None:
    groups = analyze.investment_by(graph, "Kaluga Region", by="sector")
    summary = {(g.group, g.currency): g.total for g in groups}
    assert summary[("automotive", "EUR")] == Decimal("550000000")
    assert summary[("unspecified", "USD")] == Decimal("1000000000")
    with pytest.raises(kg.UsageError, match="origin, sector"):
        analyze.investment_by(graph, "Kaluga Region", by="weather")


def test_centrality_puts_the_region_at_the_centre(graph: kg.KnowledgeGraph) -> None:
    rows = analyze.centrality(graph)
    assert rows[0].label == "Kaluga Region"
    assert rows[0].degree == max(r.degree for r in rows)
    assert all(0.0 <= r.betweenness <= 1.0 for r in rows)
    owners = analyze.centrality(graph, view="ownership")
    assert owners[0].label == "PSMA Rus OOO"


def test_shortest_connection_from_loreal_to_kaluga_region(graph: kg.KnowledgeGraph) -> None:
    by_place = analyze.shortest_connection(graph, "L'Oréal", "Kaluga Region", view="geography")
    assert by_place.sentences == (
        "L'Oréal operates L'Oréal production facility in Vorsino",
        "L'Oréal production facility in Vorsino lies in Vorsino industrial park",
        "Vorsino industrial park lies in Kaluga Region",
    )
    anyhow = analyze.shortest_connection(graph, "L'Oréal", "Kaluga Region")
    assert anyhow.labels == ("L'Oréal", "France", "Kaluga Region")
    assert anyhow.text() == (
        "L'Oréal is from France. "
        "France invested 1000000000 USD in Kaluga Region (as of 2015-04-22)."
    )
    with pytest.raises(kg.UsageError, match="no connection"):
        analyze.shortest_connection(graph, "PSMA Rus", "Lafarge", view="ownership")


def test_cli_analyze(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    build = ["--build", str(tmp_path / "none")]
    assert main(["analyze", "parent", "PSMA Rus", *build]) == 0
    assert "PSA Peugeot Citroën owns 70% of PSMA Rus OOO" in capsys.readouterr().out
    assert main(["analyze", "path", "L'Oréal", "Kaluga Region", "--format", "json", *build]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["labels"] == ["L'Oréal", "France", "Kaluga Region"]
    assert main(["analyze", "investment", "Kaluga Region", *build]) == 0
    out = capsys.readouterr().out
    assert "France + Japan: 550000000 EUR" in out and "not counted" in out
    assert main(["analyze", "centrality", "--top", "1", *build]) == 0
    assert "Kaluga Region" in capsys.readouterr().out
    assert main(["analyze", "parent", "Nowhere Ltd", *build]) == 2
