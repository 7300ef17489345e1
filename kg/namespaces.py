"""The namespaces invest-kg writes and the prefixes it reads and prints."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

__all__ = ["ID", "IKG", "IKG_IRI", "ONTOLOGY_GRAPH", "PREFIXES", "SRC", "WD", "compact", "expand"]

IKG_IRI = "https://w3id.org/invest-kg/ontology#"
ID = Namespace("https://w3id.org/invest-kg/id/")
SRC = Namespace("https://w3id.org/invest-kg/source/")
WD = Namespace("http://www.wikidata.org/entity/")

#: The named graph that holds the ontology and alignments in a built dataset.
ONTOLOGY_GRAPH = "https://w3id.org/invest-kg/ontology"

PREFIXES: dict[str, str] = {
    "ikg": IKG_IRI,
    "id": str(ID),
    "src": str(SRC),
    "cur": str(ID) + "currency/",
    "sector": str(ID) + "sector/",
    "unit": str(ID) + "unit/",
    "topic": str(ID) + "topic/",
    "indicator": str(ID) + "indicator/",
    "wd": str(WD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "sh": str(SH),
}

# Longest namespace first, so that id:currency/USD compacts to cur:USD.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)


def compact(iri: str) -> str:
    """``cur:USD`` for a known namespace, else the IRI in angle brackets."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and all(ch.isalnum() or ch in "-_./" for ch in local):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def expand(name: str) -> str | None:
    """The IRI of a prefixed name such as ``id:loreal``, or None if the prefix is unknown."""
    prefix, sep, local = name.partition(":")
    if not sep or prefix not in PREFIXES or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local


# The ontology's terms as checked constants (generated; see kg.termgen).
from kg.terms import IKG  # noqa: E402
