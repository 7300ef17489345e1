"""Cytoscape JSON: the ``elements`` Cytoscape.js and Cytoscape desktop (File > Import) read."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from kg.export.base import Exporter, ExportInput, flat_attributes, register_exporter, type_colour

__all__ = ["CytoscapeExporter", "elements"]


def elements(net: nx.MultiDiGraph, rich: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges as Cytoscape.js elements, sorted by id. With ``rich``, sources and
    facts stay structured (for the HTML view); otherwise every value is a scalar."""
    nodes = []
    for node_id, attrs in sorted(net.nodes(data=True)):
        data: dict[str, Any] = dict(flat_attributes(attrs))
        data.update(id=node_id, colour=type_colour(str(attrs.get("type", ""))))
        if rich:
            data.update(sources=attrs.get("sources", []), facts=_jsonable(attrs.get("facts", [])))
        nodes.append({"data": data})
    edges = []
    for u, v, key, attrs in sorted(net.edges(keys=True, data=True), key=lambda e: e[:3]):
        data = dict(flat_attributes(attrs))
        data.update(id=key, source=u, target=v)
        if rich:
            data.update(sources=attrs.get("sources", []))
        edges.append({"data": data})
    return {"nodes": nodes, "edges": edges}


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, bool | int | str) or value is None:
        return value
    from kg.export.base import scalar

    return scalar(value)


@register_exporter
class CytoscapeExporter(Exporter):
    name = "cytoscape"
    extension = "cyjs"
    opens_in = "Cytoscape desktop, Cytoscape.js"

    def render(self, data: ExportInput) -> bytes:
        document = {
            "format_version": "1.0",
            "generated_by": "invest-kg",
            "data": {"name": str(data.network.graph.get("name", "invest-kg"))},
            "elements": elements(data.network),
        }
        text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        return (text + "\n").encode("utf-8")
