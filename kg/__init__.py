"""invest-kg: an investment knowledge graph.

Who invested where, through which joint venture or subsidiary, owned by which parent
group, from which country, in which sector, plant and site, since when, for how much, and
who said so. ``kg.load()`` gives the graph; ``.query(name, **params)`` answers a
competency question; ``.sparql(text)`` runs any query; ``.validate()`` checks it.
"""

from __future__ import annotations

from pathlib import Path

from kg.__about__ import __version__
from kg.build import BuildResult, build, compile_sources
from kg.errors import InputError, KgError, UsageError, ValidationFailed
from kg.graph import KnowledgeGraph
from kg.results import Result
from kg.store import Store, open_store
from kg.validation import ValidationReport, Violation

__all__ = [
    "BuildResult",
    "InputError",
    "KgError",
    "KnowledgeGraph",
    "Result",
    "Store",
    "UsageError",
    "ValidationFailed",
    "ValidationReport",
    "Violation",
    "__version__",
    "build",
    "load",
    "open_store",
]


def load(
    out: Path | str | None = None,
    *,
    data_dir: Path | str | None = None,
) -> KnowledgeGraph:
    """The knowledge graph, ready to query.

    With ``out``, opens the store that ``kg build`` wrote there (read-only, in
    milliseconds). Without it, parses the curated files (the packaged ones, or
    ``data_dir``) into an in-memory store.
    """
    if out is not None:
        from kg.build import STORE_DIR
        from kg.store.embedded import EmbeddedStore

        return KnowledgeGraph(EmbeddedStore(Path(out) / STORE_DIR))
    compiled = compile_sources(data_dir=Path(data_dir) if data_dir is not None else None)
    return KnowledgeGraph(compiled.store)
