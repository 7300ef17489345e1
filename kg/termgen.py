"""Generate ``kg/terms.py``, the Python constants of the ontology's terms.

The ontology file is the single source of truth; the constants are derived from it and
committed, and a test fails when they go stale. Regenerate with ``python -m kg.termgen``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import resources
from kg.namespaces import IKG_IRI

__all__ = ["render", "terms_file"]

_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def terms_file() -> Path:
    return Path(__file__).with_name("terms.py")


def render(ontology: Graph) -> str:
    """The text of kg/terms.py for ``ontology``: every ikg term, with its label as a comment."""
    names: dict[str, str] = {}
    for subject in set(ontology.subjects()):
        if not isinstance(subject, URIRef) or not str(subject).startswith(IKG_IRI):
            continue
        types = set(ontology.objects(subject, RDF.type))
        if types & set(_KINDS) or any(ontology.triples((subject, RDF.type, None))):
            label = ontology.value(subject, RDFS.label) or ontology.value(subject, SKOS.definition)
            names[str(subject)[len(IKG_IRI) :]] = str(label or "")
    lines = [
        '"""The invest-kg ontology terms as Python constants.',
        "",
        "Generated from ontology/invest-kg.ttl by ``python -m kg.termgen``; do not edit.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        '__all__ = ["IKG"]',
        "",
        "",
        "class IKG(DefinedNamespace):",
        '    """invest-kg ontology terms; an unknown name raises AttributeError."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{IKG_IRI}")',
        "",
    ]
    for name in sorted(names, key=lambda n: (n[0].islower(), n)):
        lines.append(f"    {name}: URIRef  # {names[name]}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ontology = Graph().parse(resources.ontology_dir() / "invest-kg.ttl", format="turtle")
    terms_file().write_text(render(ontology), encoding="utf-8")
    print(f"wrote {terms_file()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
