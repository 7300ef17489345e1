"""Visual and exchange exports of the knowledge graph, one module per format.

``export(graph, "graphml", path, view="ownership")`` projects the graph (kg.network) and
writes one file atomically; ``export_all`` writes the standard set for the Kaluga graph.
Formats are registered by name (see ``EXPORTERS``) with the file extension they write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.errors import UsageError
from kg.export import cytoscape, dot, gexf, graphml, html, image, jsonld, mermaid  # noqa: F401
from kg.export.base import EXPORTERS, Exporter, ExportInput, register_exporter
from kg.files import write_atomic
from kg.network import VIEWS, to_networkx

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = [
    "EXPORTERS",
    "STANDARD_EXPORTS",
    "ExportInput",
    "Exporter",
    "StandardExport",
    "export",
    "export_all",
    "exporter",
    "register_exporter",
]


def exporter(name: str) -> Exporter:
    """The exporter registered as ``name``, or a UsageError listing the formats."""
    try:
        return EXPORTERS[name]()
    except KeyError:
        valid = ", ".join(sorted(EXPORTERS))
        raise UsageError(f"unknown export format {name!r}; the formats are: {valid}") from None


def export(
    graph: KnowledgeGraph,
    format: str,
    out: Path | str,
    *,
    view: str = "full",
    focus: str | None = None,
    depth: int | None = None,
) -> Path:
    """Write one export of ``view`` (optionally around ``focus``) to ``out``; returns the path.

    Everything is checked and rendered before the file is touched, and the file is replaced
    in one rename, so a failed export leaves no file (or the previous one) behind.
    """
    chosen = exporter(format)
    network = to_networkx(graph, view=view, focus=focus, depth=depth)
    return _write(chosen, ExportInput(network, graph), Path(out))


def _write(chosen: Exporter, data: ExportInput, path: Path) -> Path:
    write_atomic(path, chosen.render(data))
    return path


@dataclass(frozen=True)
class StandardExport:
    """One file of the standard set: a format, a view, and an optional focus."""

    format: str
    view: str
    focus: str | None = None
    depth: int | None = None

    def filename(self) -> str:
        focus = f"-{self.focus.lower().replace(' ', '-')}" if self.focus else ""
        return f"kaluga-{self.view}{focus}.{EXPORTERS[self.format].extension}"


#: The exports ``kg export --all`` writes: every format of the whole graph, the views an
#: analyst opens first, and small focused diagrams for documentation.
STANDARD_EXPORTS: tuple[StandardExport, ...] = (
    *(StandardExport(name, "full") for name in sorted(EXPORTERS) if name != "mermaid"),
    *(
        StandardExport(fmt, view)
        for view in sorted(VIEWS)
        if view != "full"
        for fmt in ("html", "svg")
    ),
    StandardExport("mermaid", "ownership"),
    StandardExport("mermaid", "full", focus="PSMA Rus", depth=1),
)


def export_all(graph: KnowledgeGraph, folder: Path | str) -> list[Path]:
    """Write the standard set of exports into ``folder``; returns the paths written."""
    target = Path(folder)
    networks: dict[tuple[str, str | None, int | None], nx.MultiDiGraph] = {}
    written = []
    for item in STANDARD_EXPORTS:
        key = (item.view, item.focus, item.depth)
        if key not in networks:  # each view is projected once, whatever the formats
            networks[key] = to_networkx(graph, view=item.view, focus=item.focus, depth=item.depth)
        data = ExportInput(networks[key], graph)
        written.append(_write(exporter(item.format), data, target / item.filename()))
    return written
