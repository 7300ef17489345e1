"""The embedded store: Oxigraph in-process, in memory or on disk (read-only for queries)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, UsageError
from kg.results import Result
from kg.store.base import Store, query_form, register_store

__all__ = ["EmbeddedStore", "from_oxigraph"]


def from_oxigraph(term: object) -> Node:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


@register_store("embedded")
class EmbeddedStore(Store):
    """Oxigraph in this process. ``path`` opens a store that ``kg build`` wrote, read-only."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = True) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = bool(path) and read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif self.read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise InputError(f"cannot open the store: {exc}", path=str(self.path)) from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its own API."""
        return self._store

    def query(self, sparql: str) -> Result:
        form = query_form(sparql)
        try:
            answer = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise UsageError(f"SPARQL syntax error: {exc}") from None
        if form == "ask":
            return Result(kind="ask", boolean=bool(answer))
        if form in ("construct", "describe"):
            assert isinstance(answer, ox.QueryTriples)
            graph = Graph()
            for triple in answer:
                graph.add(
                    (
                        from_oxigraph(triple.subject),
                        from_oxigraph(triple.predicate),
                        from_oxigraph(triple.object),
                    )
                )
            return Result(kind="graph", graph=graph)
        assert isinstance(answer, ox.QuerySolutions)
        variables = [v.value for v in answer.variables]
        rows = []
        # Results repeat the same terms (labels, types, countries) row after row; converting
        # each once halves the cost of a large answer.
        converted: dict[object, Node] = {}
        for solution in answer:
            row = {}
            for name in variables:
                value = solution[name]
                if value is not None:
                    term = converted.get(value)
                    if term is None:
                        term = converted[value] = from_oxigraph(value)
                    row[name] = term
            rows.append(row)
        return Result(kind="select", variables=variables, rows=rows)

    def _writable(self) -> None:
        if self.read_only:
            raise UsageError(f"the store at {self.path} is open read-only")

    def load(self, nquads: bytes) -> None:
        self._writable()
        self._store.load(nquads, format=ox.RdfFormat.N_QUADS)

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        self._writable()
        name = ox.NamedNode(graph)
        try:
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, name)
                for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
            ]
        except SyntaxError as exc:
            raise InputError(f"new content for graph <{graph}> is not N-Triples: {exc}") from None
        # Parse first, then swap inside one transaction-like step: a parse error leaves
        # the old graph as it was.
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)
        self._store.extend(quads)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def close(self) -> None:
        # pyoxigraph closes the store when the object goes away.
        self.__dict__.pop("_store", None)
