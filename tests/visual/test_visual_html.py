"""The HTML export in the real headless Chromium, offline: it draws what it promises."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

import kg
from kg.export import export

_VOID = {"meta", "input", "br", "img", "link", "hr", "source", "wbr"}


class _Page(HTMLParser):
    """The body's attributes, the text of chosen elements and the URLs the page refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.body: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.urls: list[str] = []
        self.tags: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "body":
            self.body = values
        self.urls += [values[k] for k in ("src", "href") if k in values]
        if tag in _VOID:
            return
        key = values.get("id") or tag
        self._open.append(key)
        self.texts.setdefault(key, "")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for key in self._open:  # text belongs to every element it is inside
            self.texts[key] += data


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


@pytest.mark.parametrize("view", ["full", "ownership", "geography", "investment"])
def test_chromium_draws_every_node_and_edge(
    graph: kg.KnowledgeGraph, chromium: object, tmp_path: Path, view: str
) -> None:
    net = graph.to_networkx(view=view)
    page = export(graph, "html", tmp_path / f"{view}.html", view=view)
    dom = _parse(chromium.dump_dom(page))  # type: ignore[attr-defined]
    assert dom.body.get("data-ready") == "yes", "the page script did not finish"
    assert dom.body["data-drawn-nodes"] == str(net.number_of_nodes())
    assert dom.body["data-drawn-edges"] == str(net.number_of_edges())
    legend = dom.texts.get("legend", "")
    for type_name in {a["type"] for _, a in net.nodes(data=True)}:
        assert type_name in legend


def test_the_page_needs_no_network(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    page = export(graph, "html", tmp_path / "page.html")
    text = page.read_text(encoding="utf-8")
    dom = _parse(text)
    assert dom.urls == [], "the page must not load anything"
    assert "default-src 'none'" in text, "and its CSP forbids it"
    assert "Copyright" in dom.texts["cytoscape-license"], "cytoscape.js licence kept"


def test_kaluga_page_shows_investors_plants_zone_places_and_sources(
    graph: kg.KnowledgeGraph, chromium: object, tmp_path: Path, screenshots: Path
) -> None:
    page = export(graph, "html", tmp_path / "kaluga.html")
    dom = _parse(chromium.dump_dom(page))  # type: ignore[attr-defined]
    data = json.loads(dom.texts["kg-data"])
    labels = {n["data"]["label"]: n["data"] for n in data["elements"]["nodes"]}
    for name in (
        "PSA Peugeot Citroën",
        "PSMA Rus OOO",
        "PSMA Rus car plant",
        "Lyudinovo special economic zone",
        "Vorsino industrial park",
        "Kaluga Region",
    ):
        assert labels[name]["sources"], f"{name} has no sources in the page"
    shot = chromium.screenshot(page, screenshots / "kaluga-full.png")  # type: ignore[attr-defined]
    assert shot.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        (
            "https://w3id.org/invest-kg/id/stake-psa-peugeot-citroen-in-psma-rus",
            [
                "owns 70%",
                "share",
                "70",
                "PSA Peugeot Citroën and Mitsubishi Motors Corporation "
                "begin production at their jointly owned plant in Kaluga (Russia) (paragraph 2)",
            ],
        ),
        (
            "https://w3id.org/invest-kg/id/vorsino-industrial-park",
            [
                "Vorsino industrial park",
                "area measurement",
                "972",
                "hectare",
                "Vorsino industrial park in Kaluga Region to be completed by 2014 (in Russian) "
                "(paragraph 4)",
            ],
        ),
    ],
)
def test_details_panel_shows_facts_and_sources(
    graph: kg.KnowledgeGraph, chromium: object, tmp_path: Path, element: str, expected: list[str]
) -> None:
    page = export(graph, "html", tmp_path / "page.html")
    dom = _parse(chromium.dump_dom(page, "#select=" + quote(element, safe="")))  # type: ignore[attr-defined]
    details = dom.texts["details"]
    for text in expected:
        assert text in details


def test_a_hostile_label_shows_as_text(
    tricky: kg.KnowledgeGraph,
    tricky_label: str,
    tricky_iri: str,
    chromium: object,
    tmp_path: Path,
    screenshots: Path,
) -> None:
    page = export(tricky, "html", tmp_path / "tricky.html", focus=tricky_iri, depth=1)
    dump = chromium.dump_dom(page, "#select=" + quote(tricky_iri, safe=""))  # type: ignore[attr-defined]
    dom = _parse(dump)
    assert dom.tags.count("script") == 4, "no element was injected by the label"
    assert tricky_label in dom.texts["details"], "the details panel shows it as text"
    assert dom.tags.count("b") == 0
    assert tricky_label in dom.texts["h1"]
    assert tricky_label in dom.texts["title"]
    nodes = json.loads(dom.texts["kg-data"])["elements"]["nodes"]
    assert {n["data"]["id"]: n["data"]["label"] for n in nodes}[tricky_iri] == tricky_label
    assert dom.body["data-drawn-nodes"] == str(len(nodes))
    assert not re.search(r"<script>alert", dump)
    chromium.screenshot(page, screenshots / "hostile-label.png")  # type: ignore[attr-defined]
