"""Graphviz DOT: every id and label quoted and escaped, so IRIs with colons are safe."""

from __future__ import annotations

import networkx as nx

from kg.export.base import Exporter, ExportInput, register_exporter, type_colour

__all__ = ["DotExporter", "quote", "to_dot"]


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(net: nx.MultiDiGraph) -> str:
    """The network as a DOT digraph, nodes and edges sorted by id."""
    lines = [
        f"digraph {quote(str(net.graph.get('name', 'invest-kg')))} {{",
        '  graph [rankdir=LR, fontname="DejaVu Sans", overlap=false];',
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10];',
        '  edge [fontname="DejaVu Sans", fontsize=8, color="#555555"];',
    ]
    for node_id, attrs in sorted(net.nodes(data=True)):
        type_name = str(attrs.get("type", ""))
        lines.append(
            f"  {quote(node_id)} [label={quote(str(attrs.get('label', node_id)))}, "
            f"tooltip={quote(type_name)}, fillcolor={quote(type_colour(type_name))}];"
        )
    for u, v, key, attrs in sorted(net.edges(keys=True, data=True), key=lambda e: e[:3]):
        lines.append(
            f"  {quote(u)} -> {quote(v)} [label={quote(str(attrs.get('label', '')))}, "
            f"id={quote(key)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


@register_exporter
class DotExporter(Exporter):
    name = "dot"
    extension = "dot"
    opens_in = "Graphviz (dot, xdot)"

    def render(self, data: ExportInput) -> bytes:
        return to_dot(data.network).encode("utf-8")
