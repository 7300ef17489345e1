"""One self-contained HTML page that draws the view offline with cytoscape.js.

The page embeds cytoscape.js (copied from the pinned npm package by ``make setup``) with its
licence, the view's elements as JSON, and a small script: a search box, a legend by type
that hides and shows types, a layout choice and a details panel with each node's and edge's
facts and sources. Every label and value is inserted as text (``textContent``), never as
markup, and the JSON is escaped so that no value can close the script element.
After drawing, the page writes the drawn node and edge counts into ``data-drawn-nodes`` and
``data-drawn-edges`` on ``<body>``, for people and tests to read; ``page.html#select=ID``
opens the page with that node's or edge's details shown.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from kg.errors import KgError
from kg.export.base import Exporter, ExportInput, register_exporter, type_colour
from kg.export.cytoscape import elements

__all__ = ["HtmlExporter", "vendor_file"]

VENDOR_PACKAGE = "kg.export"
VENDOR_DIR = "vendor"
LIBRARY = "cytoscape.min.js"
LICENCE = "cytoscape.LICENSE"


def vendor_file(name: str) -> str:
    """A file of the vendored browser library, or a KgError that says to run ``make setup``."""
    target = resources.files(VENDOR_PACKAGE).joinpath(VENDOR_DIR, name)
    try:
        return target.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise KgError(
            f"the HTML export needs cytoscape.js, but kg/export/{VENDOR_DIR}/{name} is missing; "
            "run 'make setup' (it installs the pinned npm package and copies it there)"
        ) from None


def _script_safe(text: str) -> str:
    """Text that cannot end a <script> element or open a comment inside it."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 "DejaVu Sans", Arial, sans-serif; color: #222;
       display: grid; grid-template-columns: 1fr 340px; grid-template-rows: auto 1fr;
       height: 100vh; }
header { grid-column: 1 / 3; padding: 6px 10px; background: #f4f4f4;
         border-bottom: 1px solid #ccc; display: flex; gap: 12px; align-items: center;
         flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0 12px 0 0; }
#cy { grid-column: 1; grid-row: 2; min-height: 400px; }
aside { grid-column: 2; grid-row: 2; overflow: auto; border-left: 1px solid #ccc;
        padding: 8px 10px; }
#legend { display: flex; flex-wrap: wrap; gap: 4px; }
#legend button { border: 1px solid #999; border-radius: 3px; background: #fff;
                 font-size: 12px; cursor: pointer; padding: 1px 6px; }
#legend button.off { opacity: 0.35; }
#legend .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px;
                  border-radius: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
td { border-top: 1px solid #eee; padding: 2px 4px; vertical-align: top;
     overflow-wrap: anywhere; }
td:first-child { color: #666; width: 35%; }
h2 { font-size: 15px; margin: 6px 0; overflow-wrap: anywhere; }
h3 { font-size: 13px; margin: 10px 0 4px; }
ul { margin: 0; padding-left: 18px; font-size: 12px; }
.muted { color: #777; font-size: 12px; }
"""

_SCRIPT = """
(function () {
  "use strict";
  var view = JSON.parse(document.getElementById("kg-data").textContent);
  var body = document.body;
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (cls) { el.className = cls; }
    return el;
  }
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: view.elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "background-color": "data(colour)", "font-size": 9,
          "text-wrap": "wrap", "text-max-width": 120, "width": 18, "height": 18,
          "text-valign": "bottom", "text-margin-y": 2 } },
      { selector: "edge", style: {
          "label": "data(label)", "font-size": 7, "curve-style": "bezier",
          "target-arrow-shape": "triangle", "width": 1.2, "line-color": "#999",
          "target-arrow-color": "#999", "color": "#555", "text-rotation": "autorotate" } },
      { selector: ".faded", style: { "opacity": 0.15 } },
      { selector: ".hit", style: { "border-width": 3, "border-color": "#d62728" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#000",
          "line-color": "#000", "target-arrow-color": "#000" } }
    ]
  });

  function drawnCounts() {
    var nodes = cy.nodes(":visible").filter(function (n) {
      var box = n.renderedBoundingBox();
      return box.w > 0 && box.h > 0 && isFinite(n.position("x"));
    }).length;
    var edges = cy.edges(":visible").filter(function (e) {
      return isFinite(e.source().position("x")) && isFinite(e.target().position("x"));
    }).length;
    body.setAttribute("data-drawn-nodes", String(nodes));
    body.setAttribute("data-drawn-edges", String(edges));
    document.getElementById("counts").textContent =
      nodes + " entities, " + edges + " relations shown";
  }

  function runLayout(name) {
    var options = { name: name, animate: false, fit: true, padding: 30 };
    if (name === "cose") { options.randomize = false; options.nodeRepulsion = 60000;
                           options.idealEdgeLength = 70; options.numIter = 2500;
                           options.gravity = 0.3; options.componentSpacing = 80; }
    var layout = cy.layout(options);
    layout.one("layoutstop", drawnCounts);
    layout.run();
  }

  // Legend: one button per type; a click hides or shows that type.
  var legend = document.getElementById("legend");
  view.types.forEach(function (t) {
    var button = document.createElement("button");
    var swatch = text("span", "", "swatch");
    swatch.style.backgroundColor = t.colour;
    button.appendChild(swatch);
    button.appendChild(document.createTextNode(t.name + " (" + t.count + ")"));
    button.title = "hide or show " + t.name;
    button.addEventListener("click", function () {
      var hidden = button.classList.toggle("off");
      cy.nodes().filter(function (n) { return n.data("type") === t.name; })
        .style("display", hidden ? "none" : "element");
      drawnCounts();
    });
    legend.appendChild(button);
  });

  // Search: highlight entities whose label, type or IRI contains the text.
  document.getElementById("search").addEventListener("input", function (event) {
    var needle = event.target.value.trim().toLowerCase();
    cy.elements().removeClass("faded hit");
    if (!needle) { return; }
    var hits = cy.nodes().filter(function (n) {
      return [n.data("label"), n.data("type"), n.id()].join(" ").toLowerCase()
        .indexOf(needle) >= 0;
    });
    cy.elements().addClass("faded");
    hits.removeClass("faded").addClass("hit");
    hits.connectedEdges().removeClass("faded");
  });

  document.getElementById("layout").addEventListener("change", function (event) {
    runLayout(event.target.value);
  });

  // Details panel: attributes, facts and sources of the clicked node or edge.
  var details = document.getElementById("details");
  var hiddenKeys = { id: 1, colour: 1, sources: 1, facts: 1, source: 1, target: 1,
                     relation: 1, label: 1 };
  function table(data) {
    var t = document.createElement("table");
    Object.keys(data).sort().forEach(function (k) {
      if (hiddenKeys[k]) { return; }
      var v = data[k];
      if (v !== null && typeof v === "object") { return; }
      var row = document.createElement("tr");
      row.appendChild(text("td", k));
      row.appendChild(text("td", v));
      t.appendChild(row);
    });
    return t;
  }
  function sourceList(sources) {
    var list = document.createElement("ul");
    (sources || []).forEach(function (s) {
      var item = text("li", s.title + (s.locator ? " (" + s.locator + ")" : ""));
      item.appendChild(document.createElement("br"));
      item.appendChild(text("span", s.iri, "muted"));
      list.appendChild(item);
    });
    if (!list.children.length) { list.appendChild(text("li", "no source recorded")); }
    return list;
  }
  function show(element) {
    var data = element.data();
    details.replaceChildren();
    if (element.isEdge()) {
      details.appendChild(text("h2", cy.getElementById(data.source).data("label") +
        " \\u2192 " + data.label + " \\u2192 " + cy.getElementById(data.target).data("label")));
    } else {
      details.appendChild(text("h2", data.label));
    }
    details.appendChild(text("div", data.id, "muted"));
    details.appendChild(table(data));
    if (data.facts && data.facts.length) {
      details.appendChild(text("h3", "Facts"));
      data.facts.forEach(function (f) {
        details.appendChild(text("div", f.label));
        details.appendChild(table(f));
        details.appendChild(text("div", "Sources", "muted"));
        details.appendChild(sourceList(f.sources));
      });
    }
    details.appendChild(text("h3", "Sources"));
    details.appendChild(sourceList(data.sources));
  }
  cy.on("tap", "node, edge", function (event) { show(event.target); });

  window.addEventListener("resize", function () { cy.resize(); cy.fit(undefined, 30); });

  runLayout(document.getElementById("layout").value);

  // A link can open the page with one element's details shown: page.html#select=<id>.
  var wanted = /^#select=(.+)$/.exec(window.location.hash);
  if (wanted) {
    var chosen = cy.getElementById(decodeURIComponent(wanted[1]));
    if (chosen.nonempty()) { chosen.select(); show(chosen); }
  }
  body.setAttribute("data-ready", "yes");
})();
"""

# The page may run only its own inline scripts and load nothing from anywhere.
_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
_HINT = "Click an entity or a relation to see its facts and sources."
_LAYOUTS = ("cose", "breadthfirst", "concentric", "circle", "grid")


@register_exporter
class HtmlExporter(Exporter):
    name = "html"
    extension = "html"
    opens_in = "any web browser, offline"

    def render(self, data: ExportInput) -> bytes:
        library = vendor_file(LIBRARY)
        licence = vendor_file(LICENCE)
        net = data.network
        counts: dict[str, int] = {}
        for _, attrs in net.nodes(data=True):
            type_name = str(attrs.get("type", ""))
            counts[type_name] = counts.get(type_name, 0) + 1
        payload = {
            "elements": elements(net, rich=True),
            "types": [
                {"name": name, "colour": type_colour(name), "count": counts[name]}
                for name in sorted(counts)
            ],
        }
        title = html.escape(str(net.graph.get("name", "invest-kg")))
        options = "".join(f'<option value="{name}">{name}</option>' for name in _LAYOUTS)
        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{title}</title>
<style>{_STYLE}</style>
</head>
<body data-expected-nodes="{net.number_of_nodes()}" data-expected-edges="{net.number_of_edges()}">
<header>
<h1>{title}</h1>
<label>Search <input id="search" type="search" placeholder="name, type or IRI"></label>
<label>Layout <select id="layout">{options}</select></label>
<span id="counts" class="muted"></span>
<div id="legend"></div>
</header>
<div id="cy"></div>
<aside><div id="details"><p class="muted">{_HINT}</p></div></aside>
<script type="text/plain" id="cytoscape-license">
cytoscape.js is embedded in this page under its licence:

{_script_safe(licence)}
</script>
<script>{_script_safe(library)}</script>
<script type="application/json" id="kg-data">{_json_for_script(payload)}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
        return page.encode("utf-8")
