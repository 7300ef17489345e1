"""The knowledge graph as analysts use it from Python: load it, ask it, validate it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import resources
from kg.errors import UsageError
from kg.namespaces import PREFIXES, compact, expand
from kg.queries import NamedQuery, bind_parameters, bind_values, check_iri, load_queries
from kg.results import Result
from kg.store.base import Store
from kg.validation import ValidationReport

__all__ = ["KnowledgeGraph"]

# Language tags tried for an exact label match before the case-insensitive search.
_LABEL_FORMS = ("", "en", "ru", "fr")

_PREFIX_BLOCK = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class KnowledgeGraph:
    """A store plus the named competency questions that run on it."""

    def __init__(self, store: Store, queries: Mapping[str, NamedQuery] | None = None) -> None:
        self.store = store
        self.queries: dict[str, NamedQuery] = dict(
            queries if queries is not None else load_queries(resources.queries_dir())
        )

    # -- asking -------------------------------------------------------------------

    def named(self, name: str) -> NamedQuery:
        """The named query ``name``, or a UsageError that lists the valid names."""
        try:
            return self.queries[name]
        except KeyError:
            valid = ", ".join(sorted(self.queries))
            raise UsageError(f"unknown query {name!r}; the named queries are: {valid}") from None

    def query(self, name: str, **params: Any) -> Result:
        """Answer competency question ``name``; entity parameters accept IRI, prefixed name
        or label, and values are bound safely (never spliced into the query text)."""
        values = {key: str(value) for key, value in params.items() if value is not None}
        text = bind_parameters(self.named(name), values, self.resolve)
        return self.store.query(text)

    def sparql(self, text: str, **bindings: Any) -> Result:
        """Run any SELECT, ASK or CONSTRUCT query; the invest-kg prefixes are predeclared.
        ``bindings`` become a VALUES block (IRIs as URIRef, everything else as literals)."""
        terms = {
            key: value if isinstance(value, URIRef | Literal) else Literal(value)
            for key, value in bindings.items()
        }
        return self.store.query(_PREFIX_BLOCK + bind_values(text, terms))

    # -- entities -----------------------------------------------------------------

    def resolve(self, value: str, cls: str | None = None) -> URIRef:
        """The IRI an analyst means by ``value``: an IRI, a prefixed name, or a label or
        alternative name (case-insensitive), optionally of class ``cls``."""
        text = value.strip()
        iri: str | None = None
        if text.startswith("<") and text.endswith(">"):
            iri = text[1:-1]
        elif text.startswith(("http://", "https://", "urn:")):
            iri = text
        else:
            iri = expand(text)
        if iri is not None:
            check_iri(iri)
            if not self.sparql("ASK { ?e ?p ?o }", e=URIRef(iri)).boolean:
                raise UsageError(f"no entity {compact(iri)} in the graph")
            return URIRef(iri)
        return self._by_label(text, cls)

    def _by_label(self, label: str, cls: str | None) -> URIRef:
        bindings: dict[str, Any] = {}
        class_pattern = ""
        if cls is not None:
            bindings["cls"] = URIRef(check_iri(expand(cls) or cls))
            class_pattern = "FILTER EXISTS { ?e a/rdfs:subClassOf* ?cls }"
        # The label as written first: an index lookup per form, milliseconds on any size.
        found: set[Node] = set()
        for form in _LABEL_FORMS:
            rows = self.sparql(
                f"""SELECT DISTINCT ?e WHERE {{
                    ?e rdfs:label|skos:altLabel|ikg:title ?l . {class_pattern} }}""",
                l=Literal(label, lang=form) if form else Literal(label),
                **bindings,
            ).rows
            found.update(row["e"] for row in rows)
        if not found:
            # Then ignoring case, which has to read every label (of the class, if given).
            class_first = "?e a/rdfs:subClassOf* ?cls ." if cls is not None else ""
            rows = self.sparql(
                f"""SELECT DISTINCT ?e WHERE {{
                    {class_first}
                    ?e rdfs:label|skos:altLabel|ikg:title ?l .
                    FILTER (LCASE(STR(?l)) = LCASE(STR(?needle)))
                }}""",
                needle=Literal(label),
                **bindings,
            ).rows
            found.update(row["e"] for row in rows)
        rows = [{"e": e} for e in sorted(found, key=str)]
        matches = [row["e"] for row in rows]
        of = f" of class {cls}" if cls else ""
        if len(matches) == 1:
            match = matches[0]
            assert isinstance(match, URIRef)
            return match
        if not matches:
            known = self.labels_of(cls) if cls else []
            hint = f"; known{of}: {', '.join(known)}" if known else ""
            raise UsageError(f"no entity named {label!r}{of}{hint}")
        names = ", ".join(compact(str(m)) for m in matches)
        raise UsageError(f"{label!r} is ambiguous{of}: {names}; give an IRI or prefixed name")

    def labels_of(self, cls: str) -> list[str]:
        """English labels of the entities of class ``cls``, sorted, for error messages."""
        class_iri = expand(cls) or cls
        rows = self.sparql(
            """SELECT DISTINCT ?l WHERE { ?e a/rdfs:subClassOf* ?cls ; rdfs:label ?l .
               FILTER (LANG(?l) = "en" || LANG(?l) = "") } ORDER BY ?l""",
            cls=URIRef(check_iri(class_iri)),
        ).rows
        return [str(row["l"]) for row in rows]

    def label(self, iri: str) -> str:
        """The English (or any) label of ``iri``, or its compact name."""
        rows = self.sparql(
            """SELECT ?l WHERE { ?e rdfs:label ?l }
               ORDER BY DESC(LANG(?l) = "en") DESC(LANG(?l) = "") ?l LIMIT 1""",
            e=URIRef(iri),
        ).rows
        return str(rows[0]["l"]) if rows else compact(iri)

    # -- networks -----------------------------------------------------------------

    def to_networkx(
        self, view: str = "full", focus: str | None = None, depth: int | None = None
    ) -> Any:
        """The graph as a ``networkx.MultiDiGraph`` (see kg.network.to_networkx)."""
        from kg.network import to_networkx

        return to_networkx(self, view=view, focus=focus, depth=depth)

    # -- checking -----------------------------------------------------------------

    def validate(self) -> ValidationReport:
        """Validate the graph's source graphs against the packaged ontology and shapes."""
        from kg.build import validate_store

        return validate_store(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.kind} store, {len(self.queries)} named queries>"
