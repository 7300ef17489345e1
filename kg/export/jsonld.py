"""JSON-LD of the selected view: the RDF statements about its entities, facts and sources.

Where the other formats show the projection, this one gives the underlying triples back
(read from the store with one CONSTRUCT), compacted with the invest-kg prefixes.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.export.base import Exporter, ExportInput, register_exporter
from kg.namespaces import PREFIXES
from kg.queries import check_iri

__all__ = ["JsonLdExporter", "view_subjects"]


def view_subjects(net: nx.MultiDiGraph) -> list[str]:
    """Every IRI the view stands on: its entities, its facts and the sources they cite."""
    subjects: set[str] = set(net.nodes)
    for _, attrs in net.nodes(data=True):
        subjects.update(source["iri"] for source in attrs.get("sources", []))
        for fact in attrs.get("facts", []):
            subjects.add(fact["fact"])
            subjects.update(source["iri"] for source in fact.get("sources", []))
    for _, _, attrs in net.edges(data=True):
        if "fact" in attrs:
            subjects.add(attrs["fact"])
        subjects.update(source["iri"] for source in attrs.get("sources", []))
    return sorted(subjects)


def _canonical(value: Any) -> Any:
    """Lists sorted and keys ordered, so the same triples always print the same."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


@register_exporter
class JsonLdExporter(Exporter):
    name = "jsonld"
    extension = "jsonld"
    opens_in = "any JSON-LD processor (JSON-LD Playground, rdflib, Apache Jena riot)"

    def render(self, data: ExportInput) -> bytes:
        subjects = view_subjects(data.network)
        rdf = Graph()
        if subjects:
            values = " ".join(f"<{check_iri(s)}>" for s in subjects)
            result = data.graph.sparql(
                "CONSTRUCT { ?s ?p ?o } WHERE { "
                f"VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
            if result.graph is not None:
                rdf = result.graph
        context = {p: ns for p, ns in PREFIXES.items() if p not in ("sh", "owl")}
        document = json.loads(rdf.serialize(format="json-ld", context=context, auto_compact=True))
        if "@graph" not in document:
            body = {k: v for k, v in document.items() if k != "@context"}
            document = {
                "@context": document.get("@context", context),
                "@graph": [body] if body else [],
            }
        text = json.dumps(_canonical(document), ensure_ascii=False, indent=1)
        return (text + "\n").encode("utf-8")
