"""The store interface every kind implements, and the registry of kinds."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from kg.errors import UsageError
from kg.results import Result

__all__ = ["STORES", "Store", "check_read_only", "open_store", "query_form", "register_store"]


class Store(ABC):
    """A SPARQL 1.1 dataset: query it, load into it, replace a named graph, count triples.

    Queries always see the union of all named graphs as their default graph.
    """

    kind: ClassVar[str] = ""

    @abstractmethod
    def query(self, sparql: str) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query."""

    @abstractmethod
    def load(self, nquads: bytes) -> None:
        """Add N-Quads to the store (quads in the default graph stay there)."""

    @abstractmethod
    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Make ``graph`` hold exactly these triples, leaving it unchanged if that fails."""

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in the whole store."""

    def graphs(self) -> list[str]:
        """The names of the store's non-empty named graphs, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
        return [str(row["g"]) for row in result.rows]

    def close(self) -> None:  # noqa: B027  (most stores hold nothing to release)
        """Release what the store holds open."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


STORES: dict[str, type[Store]] = {}

S = TypeVar("S", bound=type[Store])


def register_store(name: str) -> Callable[[S], S]:
    """Class decorator: make a store kind available under ``name``."""

    def register(cls: S) -> S:
        cls.kind = name
        STORES[name] = cls
        return cls

    return register


def open_store(kind: str, **options: Any) -> Store:
    """Open a store of a registered kind."""
    try:
        cls = STORES[kind]
    except KeyError:
        raise UsageError(
            f"unknown store kind {kind!r}; choose one of: {', '.join(sorted(STORES))}"
        ) from None
    return cls(**options)


_COMMENT = re.compile(r"#[^\n]*")
_STRING = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_UPDATE = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)


def _strip(sparql: str) -> str:
    """The query without strings, IRIs and comments, so keywords inside them don't count."""
    text = _STRING.sub('""', sparql)
    text = _IRI.sub("<>", text)
    return _COMMENT.sub("", text)


def query_form(sparql: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``; raise UsageError for updates."""
    check_read_only(sparql)
    match = _FORM.search(_strip(sparql))
    if match is None:
        raise UsageError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return match.group(1).lower()


def check_read_only(sparql: str) -> None:
    """Refuse SPARQL Update: read commands never change a store."""
    match = _UPDATE.search(_strip(sparql))
    if match is not None:
        raise UsageError(
            f"SPARQL Update ({match.group(1).upper()}) is refused here: invest-kg's read "
            "commands only run queries; use 'kg push' to change a store"
        )
