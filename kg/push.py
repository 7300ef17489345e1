"""``kg push``: put the built dataset into a shared triple store, one named graph per source.

Each graph is replaced only after its new content arrived whole (see
:meth:`kg.store.remote.RemoteStore.replace_graph`), so a push that fails part-way leaves
every graph it had not yet swapped exactly as it was, and never a half-loaded one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.build import DATASET_NQ
from kg.errors import InputError, UsageError
from kg.namespaces import ONTOLOGY_GRAPH, SRC
from kg.queries import check_iri
from kg.store.base import Store
from kg.store.remote import _split_quads

__all__ = ["PushReport", "graph_name", "push"]


@dataclass
class PushReport:
    """What a push replaced: triples per graph name, in the order they were swapped."""

    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def graph_name(graph: str, prefix: str | None) -> str:
    """The name ``graph`` gets in the target store: the source namespace (and the ontology
    graph) moved under ``prefix`` when one is given, else unchanged."""
    if not prefix:
        return graph
    if graph.startswith(str(SRC)):
        return prefix + graph[len(str(SRC)) :]
    if graph == ONTOLOGY_GRAPH:
        return prefix + "ontology"
    return graph


def push(
    store: Store,
    out: Path | str = "out",
    *,
    graph_prefix: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Replace, graph by graph, the store's copy of every named graph in ``out/invest-kg.nq``
    (the ontology graph included); ``progress(name, triples)`` is called after each swap."""
    if graph_prefix is not None:
        check_iri(graph_prefix)
    path = Path(out) / DATASET_NQ
    try:
        nquads = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist; run 'kg build' first") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        by_graph = _split_quads(nquads)
    except SyntaxError as exc:
        raise InputError(f"not valid N-Quads: {exc}", path=str(path)) from None
    if None in by_graph:
        raise InputError(
            "holds triples in the default graph; every fact must sit in its source's graph",
            path=str(path),
        )
    report = PushReport(endpoint=getattr(store, "endpoint", store.kind))
    for graph in sorted(g for g in by_graph if g is not None):
        ntriples = by_graph[graph]
        target = graph_name(graph, graph_prefix)
        store.replace_graph(target, ntriples)
        report.graphs[target] = ntriples.count(b"\n")
        if progress is not None:
            progress(target, report.graphs[target])
    return report
