"""The competency questions: one test per query file, answers pinned to the Kaluga facts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from expected_io import EXPECTED_DIR, load_expected, table
from rdflib import URIRef

import kg
from kg import resources
from kg.errors import UsageError
from kg.queries import load_queries

QUERIES = load_queries(resources.queries_dir())
REQUIRED = {
    "investors-in-region",
    "joint-ventures",
    "investment-totals",
    "facilities-commissioned",
    "cluster-cooperation",
    "zone-profile",
    "event-participants",
    "region-indicators",
    "ownership-chain",
    "facts-by-source",
}


def test_every_required_question_is_a_query_file() -> None:
    assert set(QUERIES) >= REQUIRED


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_header_is_complete(name: str) -> None:
    query = QUERIES[name]
    assert query.title and query.question.endswith("?")
    assert query.examples, f"{name} needs at least one '# example:' line"
    for example in query.examples:
        for key in example:
            query.parameter(key)  # raises for a parameter the header does not declare


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_answers_match_expected(graph: kg.KnowledgeGraph, name: str) -> None:
    expected_file = EXPECTED_DIR / f"{name}.json"
    assert expected_file.is_file(), f"add the expected answers of {name} to {expected_file}"
    for case in load_expected(name):
        assert table(graph.query(name, **case["params"])) == case["rows"], case["params"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_entity_column_has_a_label_column(graph: kg.KnowledgeGraph, name: str) -> None:
    for case in load_expected(name):
        result = graph.query(name, **case["params"])
        for variable in result.variables:
            if any(isinstance(row.get(variable), URIRef) for row in result.rows):
                assert f"{variable}Label" in result.variables, f"{name}: ?{variable}"


# -- the answers an analyst asks for, stated from the seed article -----------------------


def _column(result: kg.Result, name: str) -> list[str]:
    return [row[name] for row in table(result) if row[name] is not None]


def test_french_investors_in_kaluga(graph: kg.KnowledgeGraph) -> None:
    rows = table(graph.query("investors-in-region", region="Kaluga Region"))
    french = {r["investorLabel"] for r in rows if r["countryLabel"] == "France"}
    assert french == {"PSA Peugeot Citroën", "Faurecia Group", "Lafarge", "L'Oréal"}
    loreal = next(r for r in rows if r["investor"] == "id:loreal")
    assert loreal["siteLabel"] == "Vorsino industrial park"
    lafarge = next(r for r in rows if r["investor"] == "id:lafarge")
    assert (lafarge["since"], lafarge["sectorLabel"]) == ("2014-05", "construction materials")
    via_jv = {r["investorLabel"] for r in rows if r["vehicle"] == "id:psma-rus"}
    assert via_jv == {"PSA Peugeot Citroën", "Mitsubishi Motors Corporation"}


def test_french_investment_total_is_one_billion_dollars(graph: kg.KnowledgeGraph) -> None:
    rows = table(graph.query("investment-totals", region="Kaluga Region", country="France"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["amount"], row["currency"], row["aggregation"]) == (
        "1000000000",
        "USD",
        "cumulative",
    )
    assert (row["asOf"], row["statedByLabel"], row["locator"]) == (
        "2015-04-22",
        "Alexey Laptev",
        "paragraph 6",
    )


def test_amounts_keep_their_currencies(graph: kg.KnowledgeGraph) -> None:
    rows = table(graph.query("investment-totals", region="Kaluga Region"))
    assert {(r["amount"], r["currency"]) for r in rows} >= {
        ("1000000000", "USD"),
        ("100000000000", "RUB"),
    }


def test_lafarge_is_the_plant_commissioned_in_2014(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("facilities-commissioned", region="Kaluga Region", year="2014")
    assert _column(result, "facilityLabel") == ["Lafarge concrete plant"]


def test_zone_profile_of_the_misspelt_zone(graph: kg.KnowledgeGraph) -> None:
    rows = table(graph.query("zone-profile", zone="lyudinivo special economic zone"))
    change = next(r for r in rows if r["aspect"] == "area change")
    assert (change["value"], change["unit"], change["signedByLabel"]) == (
        "432",
        "hectare",
        "Dmitry Medvedev",
    )
    near = {r["itemLabel"] for r in rows if r["aspect"] == "near"}
    assert near == {"Obninsk", "Vorsino industrial park", "Freight Village", "Ermolino airport"}


def test_every_paragraph_of_the_seed_states_facts(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("facts-by-source", source="src:investment-digest-2015-04-22-kaluga")
    locators = " ".join(_column(result, "locator"))
    for paragraph in range(1, 9):
        assert f"paragraph {paragraph}" in locators or f"paragraphs {paragraph}" in locators


def test_ownership_chain_walks_to_the_ultimate_parent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(resources.data_dir(), data)
    fixture = Path(__file__).parent / "fixtures" / "ownership" / "holding-chain.trig"
    shutil.copy(fixture, data / "sources")
    with kg.load(data_dir=data) as graph:
        rows = table(graph.query("ownership-chain", entity="Test Plant Operator"))
        today = table(
            graph.query("ownership-chain", entity="Test Plant Operator", date="2015-01-01")
        )
        in_2010 = table(graph.query("ownership-chain", entity="Test Subholding", date="2010-06-30"))
    links = {(r["ownedLabel"], r["ownerLabel"], r["share"], r["ultimate"]) for r in rows}
    assert links == {
        ("Test Plant Operator", "Test Subholding", "100", "false"),
        ("Test Subholding", "Test Top Group", "51.5", "true"),
        ("Test Subholding", "Test Plant Operator", "10", "false"),
    }
    assert {(r["ownedLabel"], r["ownerLabel"]) for r in today} == {
        ("Test Plant Operator", "Test Subholding"),
        ("Test Subholding", "Test Top Group"),
    }
    assert ("Test Subholding", "Test Plant Operator") in {
        (r["ownedLabel"], r["ownerLabel"]) for r in in_2010
    }


# -- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Kaluga Region",
        "kaluga region",
        "KALUGA OBLAST",
        "id:kaluga-region",
        "https://w3id.org/invest-kg/id/kaluga-region",
        "<https://w3id.org/invest-kg/id/kaluga-region>",
        "Калужская область",
    ],
)
def test_an_entity_is_named_by_iri_prefixed_name_or_any_label(
    graph: kg.KnowledgeGraph, value: str
) -> None:
    assert graph.resolve(value, "ikg:Region") == URIRef(
        "https://w3id.org/invest-kg/id/kaluga-region"
    )


def test_unknown_query_lists_the_valid_names(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="investors-in-region") as error:
        graph.query("who-invested")
    assert error.value.exit_code == 2


def test_unknown_parameter_lists_the_valid_ones(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="its parameters: region, year"):
        graph.query("facilities-commissioned", region="Kaluga Region", country="France")


def test_missing_parameter_is_named(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="needs parameter"):
        graph.query("investors-in-region")


def test_unknown_entity_lists_the_known_ones(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match=r"no entity named 'Tula Region'.*Kaluga Region"):
        graph.query("investors-in-region", region="Tula Region")


def test_entity_of_the_wrong_class_is_refused(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="of class ikg:Region"):
        graph.query("investors-in-region", region="L'Oréal")


@pytest.mark.parametrize(
    "hostile",
    [
        'Kaluga" } ; DROP ALL ; { "',
        "} ; DROP ALL ; {",
        "x' . ?s ?p ?o . '",
        'a\\" } UNION { ?s ?p ?o',
    ],
)
def test_hostile_labels_stay_a_single_value(graph: kg.KnowledgeGraph, hostile: str) -> None:
    with pytest.raises(UsageError, match="no entity named"):
        graph.query("investors-in-region", region=hostile)
    assert len(graph.query("investors-in-region", region="Kaluga Region")) == 5


@pytest.mark.parametrize(
    "hostile",
    ["https://w3id.org/invest-kg/id/kaluga region", "http://x/> } ; DROP ALL ; { <http://y"],
)
def test_hostile_iris_are_refused(graph: kg.KnowledgeGraph, hostile: str) -> None:
    with pytest.raises(UsageError, match="not a valid IRI"):
        graph.query("investors-in-region", region=hostile)


@pytest.mark.parametrize("year", ["2014 ", "14", "2014) || true || (", '2014" ; DROP ALL'])
def test_bad_years_are_refused(graph: kg.KnowledgeGraph, year: str) -> None:
    with pytest.raises(UsageError, match="needs a year"):
        graph.query("facilities-commissioned", region="Kaluga Region", year=year)


def test_sparql_update_is_refused(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="SPARQL Update"):
        graph.sparql("DROP ALL")
    with pytest.raises(UsageError, match="SPARQL Update"):
        graph.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert graph.sparql("ASK { ?s a ikg:JointVenture }").boolean is True


def test_keywords_inside_strings_are_not_updates(graph: kg.KnowledgeGraph) -> None:
    result = graph.sparql('SELECT ?s WHERE { ?s rdfs:label "DROP ALL" }')
    assert result.kind == "select" and len(result) == 0


def test_construct_returns_a_graph(graph: kg.KnowledgeGraph) -> None:
    result = graph.sparql("CONSTRUCT { ?f ikg:operator ?o } WHERE { ?f ikg:operator ?o }")
    assert result.kind == "graph" and len(result) == 4


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_bind_place_gives_the_same_answers(graph: kg.KnowledgeGraph, name: str) -> None:
    import dataclasses

    from kg.queries import BIND_PLACES

    query = QUERIES[name]
    for example in query.examples:
        answers = []
        try:
            for place in BIND_PLACES:
                graph.queries[name] = dataclasses.replace(query, bind_at=place)
                answers.append(table(graph.query(name, **example)))
        finally:
            graph.queries[name] = query
        assert all(answer == answers[0] for answer in answers), (name, example)


def test_inline_binding_writes_only_checked_iris() -> None:
    from kg.queries import bind_values

    text = "SELECT ?x WHERE { ?x ?p ?zone . FILTER (?zone != ?x) } ORDER BY ?x"
    bound = bind_values(text, {"zone": URIRef("https://w3id.org/invest-kg/id/z")}, at="inline")
    assert bound.count("<https://w3id.org/invest-kg/id/z>") == 2 and "?zone" not in bound
    with pytest.raises(UsageError, match="not a valid IRI"):
        bind_values(text, {"zone": URIRef("http://x/> } ; DROP ALL ; { <http://y")}, at="inline")
    # A literal is never written inline: it goes in a VALUES block, escaped.
    from rdflib import Literal

    hostile = bind_values(text, {"zone": Literal('a" } ; DROP ALL')}, at="inline")
    assert 'VALUES ?zone { "a\\" } ; DROP ALL" }' in hostile
    # Nor is a variable that BOUND() tests.
    optional = "SELECT ?x WHERE { ?x ?p ?o . FILTER (!BOUND(?c) || ?o = ?c) }"
    assert "VALUES ?c { <urn:c> }" in bind_values(optional, {"c": URIRef("urn:c")}, at="inline")


def test_a_variable_projected_by_a_nested_select_stays_a_variable() -> None:
    from kg.queries import bind_values

    text = (
        "SELECT ?y WHERE { { SELECT ?zone (COUNT(*) AS ?y) WHERE { ?zone ?p ?o } GROUP BY ?zone } }"
    )
    bound = bind_values(text, {"zone": URIRef("urn:z")}, at="inline")
    assert "SELECT ?zone" in bound and "VALUES ?zone { <urn:z> }" in bound
