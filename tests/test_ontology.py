"""The ontology, its shapes and its checks: complete, consistent, and used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg import resources
from kg.loading import data_files, parse_dataset
from kg.namespaces import IKG_IRI
from kg.queries import load_queries
from kg.termgen import render, terms_file

ONTOLOGY = Graph().parse(resources.ontology_dir() / "invest-kg.ttl", format="turtle")
SHAPES = Graph().parse(resources.ontology_dir() / "shapes.ttl", format="turtle")
ALIGNMENTS = Graph().parse(resources.ontology_dir() / "alignments.ttl", format="turtle")
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
TERMS = sorted(
    {
        s
        for kind in TERM_KINDS
        for s in ONTOLOGY.subjects(RDF.type, kind)
        if str(s).startswith(IKG_IRI)
    }
)
QUERY_NAMES = set(load_queries(resources.queries_dir()))


def local(term: URIRef) -> str:
    return str(term)[len(IKG_IRI) :]


@pytest.mark.parametrize("term", TERMS, ids=local)
def test_every_term_is_labelled_defined_and_serves_a_question(term: URIRef) -> None:
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, SKOS.definition) is not None
    served = {str(q) for q in ONTOLOGY.objects(term, URIRef(IKG_IRI + "servesQuestion"))}
    assert served, f"{local(term)} serves no competency question"
    assert served <= QUERY_NAMES, f"{local(term)} names unknown questions {served - QUERY_NAMES}"


@pytest.mark.parametrize("term", TERMS, ids=local)
def test_term_names_follow_the_naming_rule(term: URIRef) -> None:
    name = local(term)
    if (term, RDF.type, OWL.Class) in ONTOLOGY:
        assert re.fullmatch(r"[A-Z][A-Za-z]+", name)
    else:
        assert re.fullmatch(r"[a-z][A-Za-z]+", name)


# Classes whose instances are defined in the ontology itself, not in curated data.
ONTOLOGY_ONLY = {"Concept", "AggregationKind", "FigureStatus"}


def test_every_class_has_a_shape_or_a_shaped_superclass() -> None:
    targets = set(SHAPES.objects(None, SH.targetClass))
    for cls in ONTOLOGY.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(IKG_IRI) or local(cls) in ONTOLOGY_ONLY:
            continue
        lineage = {cls, *ONTOLOGY.transitive_objects(cls, RDFS.subClassOf)}
        assert lineage & targets, f"no shape targets {local(cls)} or a superclass"


def test_every_constraint_has_a_message() -> None:
    # Shapes inside sh:or / sh:xone lists speak through the message of the shape holding the list.
    in_lists = set(SHAPES.objects(None, RDF.first))
    for shape in set(SHAPES.subjects(SH.path, None)) | set(SHAPES.subjects(SH.select, None)):
        if shape not in in_lists:
            assert SHAPES.value(shape, SH.message) is not None, shape


def test_every_term_used_in_data_and_queries_is_declared() -> None:
    declared = {str(t) for t in ONTOLOGY.subjects()}
    dataset, _ = parse_dataset(data_files(resources.data_dir()))
    used = {str(t) for quad in dataset.quads() for t in quad[:3] if str(t).startswith(IKG_IRI)}
    for query in load_queries(resources.queries_dir()).values():
        used |= {IKG_IRI + name for name in re.findall(r"\bikg:(\w+)", query.text)}
    assert used - declared == set()


def test_alignments_only_name_external_terms() -> None:
    for subject, predicate, obj in ALIGNMENTS:
        if predicate in (
            RDFS.subClassOf,
            RDFS.subPropertyOf,
            OWL.equivalentClass,
            OWL.equivalentProperty,
        ):
            assert str(subject).startswith(IKG_IRI) and not str(obj).startswith(IKG_IRI)
            assert (subject, None, None) in ONTOLOGY, f"alignment of undeclared {subject}"


def test_alignments_cover_each_vocabulary() -> None:
    objects = {str(o) for o in ALIGNMENTS.objects()}
    for namespace in (
        "http://www.w3.org/ns/org#",
        "https://schema.org/",
        "https://spec.edmcouncil.org/fibo/",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/2006/time#",
    ):
        assert any(o.startswith(namespace) for o in objects), namespace


def test_generated_terms_are_current() -> None:
    assert terms_file().read_text(encoding="utf-8") == render(ONTOLOGY), (
        "kg/terms.py is stale: run python -m kg.termgen"
    )


def test_data_links_to_wikidata_only_with_exact_match() -> None:
    dataset, _ = parse_dataset(data_files(resources.data_dir()))
    assert not list(dataset.quads((None, OWL.sameAs, None, None)))
    for _, _, obj, _ in dataset.quads((None, SKOS.exactMatch, None, None)):
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", str(obj))


def test_hygiene_checks_are_named_as_violations() -> None:
    checks = sorted((resources.ontology_dir() / "checks").glob("*.rq"))
    assert checks and all(p.name.endswith("-violation.rq") for p in checks)
    for path in checks:
        assert "?entity" in path.read_text() and "?message" in Path(path).read_text()


def test_site_classes_are_direct_subclasses_of_site() -> None:
    # investors-in-region finds a facility's site with one rdfs:subClassOf step.
    site = URIRef(IKG_IRI + "Site")
    for cls in ONTOLOGY.transitive_subjects(RDFS.subClassOf, site):
        if cls != site:
            assert (cls, RDFS.subClassOf, site) in ONTOLOGY, local(cls)
