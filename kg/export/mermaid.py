"""Mermaid flowcharts for small views in documentation (Markdown on most forges)."""

from __future__ import annotations

from kg.errors import UsageError
from kg.export.base import Exporter, ExportInput, register_exporter

__all__ = ["MAX_EDGES", "MAX_TEXT", "MermaidExporter", "mermaid_text"]

#: Mermaid's default limits (``maxEdges``, ``maxTextSize``): past them it refuses to draw.
MAX_EDGES = 500
MAX_TEXT = 50_000

_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: markup and quotes as Mermaid entity codes."""
    escaped = "".join(_ENTITIES.get(ch, ch) for ch in text)
    return " ".join(escaped.split())


@register_exporter
class MermaidExporter(Exporter):
    name = "mermaid"
    extension = "mmd"
    opens_in = "Markdown with Mermaid (mermaid.live, forges' Markdown previews)"

    def render(self, data: ExportInput) -> bytes:
        net = data.network
        edges = sorted(net.edges(keys=True, data=True), key=lambda e: e[:3])
        if len(edges) > MAX_EDGES:
            raise UsageError(
                f"mermaid draws at most {MAX_EDGES} edges and this view has {len(edges)}; "
                "choose a smaller view or --focus ENTITY --depth N, or another format"
            )
        ids = {node: f"n{number}" for number, node in enumerate(sorted(net.nodes))}
        lines = ["flowchart LR"]
        for node, attrs in sorted(net.nodes(data=True)):
            lines.append(f'  {ids[node]}["{mermaid_text(str(attrs.get("label", node)))}"]')
        for u, v, _key, attrs in edges:
            label = mermaid_text(str(attrs.get("label", "")))
            lines.append(f'  {ids[u]} -->|"{label}"| {ids[v]}')
        text = "\n".join(lines) + "\n"
        if len(text) > MAX_TEXT:
            raise UsageError(
                f"mermaid draws at most {MAX_TEXT} characters and this view needs {len(text)}; "
                "choose a smaller view or --focus ENTITY --depth N"
            )
        return text.encode("utf-8")
