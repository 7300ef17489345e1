"""GEXF for Gephi: attributes declared per class, node colours by entity type."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from kg.export.base import (
    Exporter,
    ExportInput,
    flat_attributes,
    register_exporter,
    type_colour,
)

__all__ = ["GexfExporter"]

NS = "http://www.gexf.net/1.2draft"
NS_VIZ = "http://www.gexf.net/1.2draft/viz"
ET.register_namespace("viz", NS_VIZ)


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def _rgb(colour: str) -> dict[str, str]:
    return {
        "r": str(int(colour[1:3], 16)),
        "g": str(int(colour[3:5], 16)),
        "b": str(int(colour[5:7], 16)),
    }


@register_exporter
class GexfExporter(Exporter):
    name = "gexf"
    extension = "gexf"
    opens_in = "Gephi, networkx"

    def render(self, data: ExportInput) -> bytes:
        net = data.network
        nodes = {n: flat_attributes(a) for n, a in sorted(net.nodes(data=True))}
        edges = sorted(
            ((u, v, k, flat_attributes(a)) for u, v, k, a in net.edges(keys=True, data=True)),
            key=lambda e: (e[0], e[1], e[2]),
        )
        root = ET.Element(_q("gexf"), {"version": "1.2"})
        meta = ET.SubElement(root, _q("meta"))
        ET.SubElement(meta, _q("creator")).text = "invest-kg"
        ET.SubElement(meta, _q("description")).text = str(net.graph.get("name", "invest-kg"))
        graph = ET.SubElement(root, _q("graph"), {"defaultedgetype": "directed", "mode": "static"})
        ids: dict[str, dict[str, str]] = {}
        for domain, rows in (("node", list(nodes.values())), ("edge", [e[3] for e in edges])):
            decl = ET.SubElement(graph, _q("attributes"), {"class": domain, "mode": "static"})
            names = sorted({name for row in rows for name in row} - {"label"})
            ids[domain] = {}
            for number, name in enumerate(names):
                ids[domain][name] = str(number)
                ET.SubElement(
                    decl, _q("attribute"), {"id": str(number), "title": name, "type": "string"}
                )
        node_list = ET.SubElement(graph, _q("nodes"))
        for node_id, attrs in nodes.items():
            node = ET.SubElement(
                node_list, _q("node"), {"id": node_id, "label": str(attrs.get("label", ""))}
            )
            self._values(node, attrs, ids["node"])
            ET.SubElement(node, _q("color", NS_VIZ), _rgb(type_colour(str(attrs.get("type", "")))))
        edge_list = ET.SubElement(graph, _q("edges"))
        for u, v, key, attrs in edges:
            edge = ET.SubElement(
                edge_list,
                _q("edge"),
                {"id": key, "source": u, "target": v, "label": str(attrs.get("label", ""))},
            )
            self._values(edge, attrs, ids["edge"])
        ET.indent(root)
        # ElementTree keeps one global prefix table: claim the empty prefix for this format
        # just before writing, or the exporter imported last would own it.
        ET.register_namespace("", NS)
        text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return text + b"\n"

    @staticmethod
    def _values(element: ET.Element, attrs: dict[str, Any], ids: dict[str, str]) -> None:
        values = ET.SubElement(element, _q("attvalues"))
        for name, value in attrs.items():
            if name == "label":
                continue
            text = str(value).lower() if isinstance(value, bool) else str(value)
            ET.SubElement(values, _q("attvalue"), {"for": ids[name], "value": text})
