"""A parameter value never changes a query's structure, on any backend.

Values are bound through kg.queries.bind_values (a VALUES block of escaped terms). Each
hostile value must come back as exactly one binding equal to itself, the store must hold
what it held before, and an IRI that cannot be written safely is refused before sending.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

import kg
from kg.errors import UsageError
from kg.queries import bind_values

pytestmark = pytest.mark.slow

HOSTILE = [
    '"',
    "'",
    '"""',
    "\\",
    '\\"',
    "}",
    "{",
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; { "',
    "') } DROP ALL #",
    '"}} INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    "<urn:evil>",
    "line\nbreak\r\ttab",
    "# not a comment",
    "?s ?p ?o",
    'Kaluga Region" . ?x ?y ?z . "',
]
BAD_IRIS = [
    "https://w3id.org/invest-kg/id/kaluga region",
    "https://example.org/a> } DROP ALL { <b",
    'https://example.org/"quoted"',
    "https://example.org/{brace}",
    "not an iri",
]
BACKENDS = ["embedded", "oxigraph-server", "virtuoso"]


def on(request: pytest.FixtureRequest, backend: str) -> kg.KnowledgeGraph:
    if backend == "embedded":
        graph: kg.KnowledgeGraph = request.getfixturevalue("graph")
        return graph
    name = "oxigraph_store" if backend == "oxigraph-server" else "virtuoso_store"
    return kg.KnowledgeGraph(request.getfixturevalue(name))


@pytest.mark.parametrize("value", HOSTILE)
def test_bound_text_parses_to_one_value(value: str) -> None:
    text = bind_values("SELECT ?x ?y WHERE { ?s ?p ?o }", {"x": Literal(value)})
    query = prepareQuery(text)
    assert [str(v) for v in query.algebra["PV"]] == ["x", "y"]
    rendered = str(query.algebra)
    assert rendered.count("ToMultiSet") == 1 and "DeleteData" not in rendered


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_values_stay_one_term(request: pytest.FixtureRequest, backend: str) -> None:
    graph = on(request, backend)
    before = graph.store.count()
    for value in HOSTILE:
        result = graph.sparql("SELECT ?x WHERE { }", x=Literal(value))
        assert [row["x"] for row in result.rows] == [Literal(value)], value
        also = graph.sparql("SELECT ?x WHERE { }", x=Literal(value, lang="en"))
        assert [str(row["x"]) for row in also.rows] == [value], value
    assert graph.store.count() == before


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_names_of_entities_are_not_found(
    request: pytest.FixtureRequest, backend: str
) -> None:
    graph = on(request, backend)
    before = graph.store.count()
    for value in HOSTILE:
        with pytest.raises(UsageError, match="no entity"):
            graph.query("investors-in-region", region=value)
    assert graph.store.count() == before
    # The same path still answers a benign value.
    assert graph.resolve("Kaluga Region", "ikg:Region") == URIRef(
        "https://w3id.org/invest-kg/id/kaluga-region"
    )


@pytest.mark.parametrize("iri", BAD_IRIS)
def test_iris_that_cannot_be_written_are_refused(graph: kg.KnowledgeGraph, iri: str) -> None:
    with pytest.raises(UsageError):
        bind_values("SELECT ?x WHERE { }", {"x": URIRef(iri)})
    with pytest.raises(UsageError):
        graph.query("investors-in-region", region=f"<{iri}>")
