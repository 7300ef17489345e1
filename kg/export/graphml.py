"""GraphML for yEd and Gephi: scalar attributes, unique edge ids, labels yEd shows as drawn.

Gephi reads the ``label`` attribute; yEd draws only its own ``y:NodeLabel``/``y:EdgeLabel``
graphics, so each node and edge also carries yEd's graphics with the label and type colour.
"""

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

__all__ = ["GraphMLExporter"]

NS = "http://graphml.graphdrawing.org/xmlns"
NS_Y = "http://www.yworks.com/xml/graphml"
ET.register_namespace("y", NS_Y)


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def _attr_type(values: list[Any]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    return "string"


@register_exporter
class GraphMLExporter(Exporter):
    name = "graphml"
    extension = "graphml"
    opens_in = "yEd, Gephi, networkx"

    def render(self, data: ExportInput) -> bytes:
        net = data.network
        nodes = {n: flat_attributes(a) for n, a in sorted(net.nodes(data=True))}
        edges = sorted(
            ((u, v, k, flat_attributes(a)) for u, v, k, a in net.edges(keys=True, data=True)),
            key=lambda e: (e[0], e[1], e[2]),
        )
        root = ET.Element(_q("graphml"))
        keys: dict[tuple[str, str], str] = {}
        for domain, rows in (("node", list(nodes.values())), ("edge", [e[3] for e in edges])):
            names = sorted({name for row in rows for name in row})
            for name in names:
                key_id = f"{domain[0]}_{name}"
                keys[(domain, name)] = key_id
                ET.SubElement(
                    root,
                    _q("key"),
                    {
                        "id": key_id,
                        "for": domain,
                        "attr.name": name,
                        "attr.type": _attr_type([row[name] for row in rows if name in row]),
                    },
                )
        ET.SubElement(
            root, _q("key"), {"id": "n_graphics", "for": "node", "yfiles.type": "nodegraphics"}
        )
        ET.SubElement(
            root, _q("key"), {"id": "e_graphics", "for": "edge", "yfiles.type": "edgegraphics"}
        )
        graph = ET.SubElement(root, _q("graph"), {"id": "G", "edgedefault": "directed"})
        for node_id, attrs in nodes.items():
            node = ET.SubElement(graph, _q("node"), {"id": node_id})
            self._data(node, "node", attrs, keys)
            self._node_graphics(node, attrs)
        for u, v, key, attrs in edges:
            edge = ET.SubElement(graph, _q("edge"), {"id": key, "source": u, "target": v})
            self._data(edge, "edge", attrs, keys)
            self._edge_graphics(edge, str(attrs.get("label", "")))
        ET.indent(root)
        # ElementTree keeps one global prefix table: claim the empty prefix for this format
        # just before writing, or the exporter imported last would own it.
        ET.register_namespace("", NS)
        text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return text + b"\n"

    @staticmethod
    def _data(
        element: ET.Element, domain: str, attrs: dict[str, Any], keys: dict[tuple[str, str], str]
    ) -> None:
        for name, value in attrs.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            ET.SubElement(element, _q("data"), {"key": keys[(domain, name)]}).text = text

    @staticmethod
    def _node_graphics(node: ET.Element, attrs: dict[str, Any]) -> None:
        label = str(attrs.get("label", ""))
        holder = ET.SubElement(node, _q("data"), {"key": "n_graphics"})
        shape = ET.SubElement(holder, _q("ShapeNode", NS_Y))
        width = str(max(60, 7 * min(len(label), 40)))
        ET.SubElement(shape, _q("Geometry", NS_Y), {"height": "30.0", "width": width})
        ET.SubElement(
            shape,
            _q("Fill", NS_Y),
            {"color": type_colour(str(attrs.get("type", ""))), "transparent": "false"},
        )
        ET.SubElement(shape, _q("NodeLabel", NS_Y)).text = label
        ET.SubElement(shape, _q("Shape", NS_Y), {"type": "roundrectangle"})

    @staticmethod
    def _edge_graphics(edge: ET.Element, label: str) -> None:
        holder = ET.SubElement(edge, _q("data"), {"key": "e_graphics"})
        line = ET.SubElement(holder, _q("PolyLineEdge", NS_Y))
        ET.SubElement(line, _q("Arrows", NS_Y), {"source": "none", "target": "standard"})
        ET.SubElement(line, _q("EdgeLabel", NS_Y)).text = label
