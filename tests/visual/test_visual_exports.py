"""Every export format, read back by the real consumer where there is one."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.cli import main
from kg.export import EXPORTERS, STANDARD_EXPORTS, export, export_all
from kg.export.base import ExportInput
from kg.export.mermaid import MAX_EDGES, MermaidExporter

SVG = "{http://www.w3.org/2000/svg}"


def _labels(net: nx.MultiDiGraph) -> dict[str, str]:
    return {n: a["label"] for n, a in net.nodes(data=True)}


def _edge_labels(net: nx.MultiDiGraph) -> dict[str, str]:
    return {k: d["label"] for _, _, k, d in net.edges(keys=True, data=True)}


def test_networkx_reads_back_graphml(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    net = graph.to_networkx()
    path = export(graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert _labels(back) == _labels(net)
    assert _edge_labels(back) == _edge_labels(net)
    assert set(back.edges(keys=True)) == set(net.edges(keys=True))
    assert back.nodes["https://w3id.org/invest-kg/id/psma-rus"]["type"] == "JointVenture"
    # yEd draws its own label element; it must hold the label too.
    root = ET.parse(path).getroot()
    y = "{http://www.yworks.com/xml/graphml}"
    assert sorted(e.text or "" for e in root.iter(f"{y}NodeLabel")) == sorted(_labels(net).values())


def test_networkx_reads_back_gexf(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    net = graph.to_networkx()
    path = export(graph, "gexf", tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    assert _labels(back) == _labels(net)
    assert {d["id"]: d["label"] for _, _, d in back.edges(data=True)} == _edge_labels(net)
    assert back.number_of_edges() == net.number_of_edges()
    colours = {back.nodes[n]["viz"]["color"]["r"] for n in back}
    assert len(colours) > 3, "node colours by type"


def test_cytoscape_elements_have_unique_ids(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    net = graph.to_networkx(view="investment")
    path = export(graph, "cytoscape", tmp_path / "g.cyjs", view="investment")
    doc = json.loads(path.read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = [e["data"]["id"] for e in nodes + edges]
    assert len(ids) == len(set(ids)) == net.number_of_nodes() + net.number_of_edges()
    assert all(e["data"]["source"] in net and e["data"]["target"] in net for e in edges)


def test_dot_renders_with_the_real_dot(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    net = graph.to_networkx()
    path = export(graph, "dot", tmp_path / "g.dot")
    for fmt in ("svg", "png"):
        done = subprocess.run(
            ["dot", f"-T{fmt}", str(path)], capture_output=True, timeout=120, check=False
        )
        assert done.returncode == 0 and not done.stderr, done.stderr
    svg = ET.fromstring(
        subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, check=True).stdout
    )
    drawn = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"]
    assert len(drawn) == net.number_of_nodes()
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"]) == (
        net.number_of_edges()
    )


def test_svg_and_png_exports_come_from_dot(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    svg = export(graph, "svg", tmp_path / "g.svg", view="ownership")
    assert ET.parse(svg).getroot().tag == f"{SVG}svg"
    png = export(graph, "png", tmp_path / "g.png", view="ownership")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exports_are_deterministic(graph: kg.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    view = "full" if fmt != "mermaid" else "ownership"
    first = export(graph, fmt, tmp_path / f"a.{fmt}", view=view).read_bytes()
    second = export(graph, fmt, tmp_path / f"b.{fmt}", view=view).read_bytes()
    assert first == second


def test_mermaid_refuses_past_its_edge_limit(graph: kg.KnowledgeGraph) -> None:
    big = nx.MultiDiGraph()
    for number in range(MAX_EDGES + 1):
        big.add_node(f"urn:n{number}", label=f"n{number}")
        big.add_edge("urn:n0", f"urn:n{number}", key=f"e{number}", label="x")
    with pytest.raises(kg.UsageError, match=f"at most {MAX_EDGES} edges"):
        MermaidExporter().render(ExportInput(big, graph))
    small = MermaidExporter().render(ExportInput(graph.to_networkx(view="ownership"), graph))
    assert small.decode().startswith("flowchart LR\n")


def test_jsonld_holds_the_view_statements(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    from rdflib import Graph, URIRef

    path = export(graph, "jsonld", tmp_path / "o.jsonld", view="ownership")
    rdf = Graph().parse(path, format="json-ld")
    stake = URIRef("https://w3id.org/invest-kg/id/stake-psa-peugeot-citroen-in-psma-rus")
    share = URIRef("https://w3id.org/invest-kg/ontology#share")
    assert [v.toPython() for v in rdf.objects(stake, share)] == [Decimal(70)]
    loreal = URIRef("https://w3id.org/invest-kg/id/lafarge-kaluga-concrete-plant")
    assert (loreal, None, None) not in rdf  # a plant is not in the ownership view


# -- a label with markup, quotes, a colon and Cyrillic, through every format ----------------


def _tricky_exports(graph: kg.KnowledgeGraph, folder: Path) -> dict[str, Path]:
    return {
        fmt: export(graph, fmt, folder / f"t.{cls.extension}", view="full")
        if fmt != "mermaid"
        else export(graph, fmt, folder / "t.mmd", focus="id:loreal", depth=1)
        for fmt, cls in EXPORTERS.items()
    }


def test_a_hostile_label_survives_every_format(
    tricky: kg.KnowledgeGraph, tricky_label: str, tricky_iri: str, tmp_path: Path
) -> None:
    files = _tricky_exports(tricky, tmp_path)
    assert nx.read_graphml(files["graphml"]).nodes[tricky_iri]["label"] == tricky_label
    assert nx.read_gexf(files["gexf"]).nodes[tricky_iri]["label"] == tricky_label
    cyjs = json.loads(files["cytoscape"].read_text(encoding="utf-8"))
    assert {n["data"]["id"]: n["data"]["label"] for n in cyjs["elements"]["nodes"]}[
        tricky_iri
    ] == tricky_label
    # DOT: the real dot draws it, and the SVG text (XML-escaped) reads back the same.
    for fmt in ("dot", "svg"):
        assert files[fmt].stat().st_size > 0
    svg = ET.parse(files["svg"]).getroot()
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert tricky_label in texts
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert tricky_iri in titles, "the IRI with its colon is the node's id"
    assert files["png"].read_bytes()[:4] == b"\x89PNG"
    mermaid = files["mermaid"].read_text(encoding="utf-8")
    assert "<script>" not in mermaid and '"Co"' not in mermaid
    decoded = re.sub(
        r"#(quot|lt|gt|amp|35);",
        lambda m: {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "35": "#"}[m.group(1)],
        mermaid,
    )
    assert f'["{tricky_label}"]' in decoded
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    rdf = Graph().parse(files["jsonld"], format="json-ld")
    assert tricky_label in {str(v) for v in rdf.objects(URIRef(tricky_iri), RDFS.label)}
    page = files["html"].read_text(encoding="utf-8")
    assert tricky_label not in page, "the raw label must not appear unescaped in the page"
    assert page.count("<script") == 4


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (["--format", "pdf"], "cytoscape, dot, gexf, graphml, html, jsonld, mermaid, png, svg"),
        (["--format", "html", "--view", "money"], "full, geography, investment, ownership"),
        (["--format", "html", "--focus", "Nowhere Ltd"], "no entity named 'Nowhere Ltd'"),
        (["--format", "dot", "--view", "ownership", "--focus", "Kaluga Region"], "not in the"),
    ],
)
def test_cli_refuses_bad_choices_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], listed: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "view.out"
    code = main(["export", *args, "--build", str(tmp_path / "no-build"), "--out", str(target)])
    assert code == 2
    assert listed in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_a_failed_export_keeps_the_previous_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "view.dot"
    target.write_text("the previous export\n", encoding="utf-8")
    code = main(
        [
            "export",
            "-f",
            "dot",
            "--focus",
            "Nowhere Ltd",
            "--build",
            str(tmp_path),
            "-o",
            str(target),
        ]
    )
    assert code == 2
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["view.dot"]


def test_cli_writes_the_standard_set(built: object, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    code = main(["export", "--all", "--build", str(built.out), "--out", str(out)])  # type: ignore[attr-defined]
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(item.filename() for item in STANDARD_EXPORTS)
    assert {Path(n).suffix for n in names} >= {".graphml", ".gexf", ".cyjs", ".dot", ".html"}


def test_export_all_from_python(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    paths = export_all(graph, tmp_path)
    assert all(p.stat().st_size > 0 for p in paths)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_html_without_cytoscape_names_make_setup(
    graph: kg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Beside the real page tests (test_visual_html.py): only the missing-file message.
    from kg.export import html

    monkeypatch.setattr(html, "VENDOR_DIR", "no-such-vendor-folder")
    with pytest.raises(kg.KgError, match="make setup"):
        export(graph, "html", tmp_path / "page.html")
    assert list(tmp_path.iterdir()) == []
