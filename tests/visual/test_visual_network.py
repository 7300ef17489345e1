"""The networkx projection: entities as nodes, facts as edges, sources everywhere."""

from __future__ import annotations

import re

import pytest

import kg
from kg.build import BuildResult
from kg.network import VIEWS, to_networkx

ID = "https://w3id.org/invest-kg/id/"


def test_nodes_are_entities_with_labels_types_and_sources(graph: kg.KnowledgeGraph) -> None:
    net = graph.to_networkx()
    assert net.number_of_nodes() > 30
    for node, attrs in net.nodes(data=True):
        assert node.startswith("https://"), f"a literal became a node: {node!r}"
        assert attrs["label"] and attrs["type"], node
        assert attrs["sources"], f"{node} lost its sources"
        for source in attrs["sources"]:
            assert source["iri"].startswith("https://w3id.org/invest-kg/source/")
            assert source["title"]
    plant = net.nodes[ID + "loreal-vorsino-plant"]
    assert plant["type"] == "Facility"
    assert plant["commissionedOn"] == "2010-09"
    assert {s.get("locator") for s in plant["sources"]} >= {"timeline, September 2010"}


def test_facts_become_edges_that_carry_their_data(graph: kg.KnowledgeGraph) -> None:
    net = graph.to_networkx()
    types = {attrs["type"] for _, attrs in net.nodes(data=True)}
    assert not types & {"Ownership", "Investment", "ClusterMembership", "Position", "Fact"}
    stake = ID + "stake-psa-peugeot-citroen-in-psma-rus"
    data = net.get_edge_data(ID + "psa-peugeot-citroen", ID + "psma-rus")[stake]
    assert str(data["share"]) == "70"
    assert data["label"] == "owns 70%"
    assert {s["iri"].rsplit("/", 1)[1] for s in data["sources"]} == {
        "investment-digest-2015-04-22-kaluga",
        "psa-press-release-2010-04-23",
        "psa-press-release-2012-07-04",
    }
    france = net.get_edge_data(ID + "france", ID + "kaluga-region")
    (investment,) = [d for d in france.values() if d.get("fact_type") == "Investment"]
    assert (str(investment["amount"]), investment["currency"]) == ("1000000000", "USD")
    assert investment["statedBy"] == "Alexey Laptev"
    membership = net.get_edge_data(ID + "kaluga-pharmaceutical-cluster", ID + "eurobiomed")
    assert [d["since"] for d in membership.values()] == ["2011"]
    # A fact with one entity (no other end) stays with that entity.
    facts = net.nodes[ID + "vorsino-industrial-park"]["facts"]
    assert [(f["fact_type"], str(f["area"])) for f in facts] == [("AreaMeasurement", "972")]


def test_edge_keys_are_unique(graph: kg.KnowledgeGraph) -> None:
    net = graph.to_networkx()
    keys = [k for _, _, k in net.edges(keys=True)]
    assert len(keys) == len(set(keys))
    assert all(d["sources"] and d["label"] for _, _, d in net.edges(data=True))


def test_views_select_what_they_promise(graph: kg.KnowledgeGraph) -> None:
    ownership = to_networkx(graph, "ownership")
    assert {d["fact_type"] for _, _, d in ownership.edges(data=True)} == {"Ownership"}
    assert {a["type"] for _, a in ownership.nodes(data=True)} <= {"Company", "JointVenture"}
    assert ID + "psma-rus" in ownership and ownership.number_of_edges() == 2
    geography = to_networkx(graph, "geography")
    assert {ID + "vorsino-industrial-park", ID + "lyudinovo-sez", ID + "borovsk-district"} <= set(
        geography
    )
    assert ID + "pavel-shinsky" not in geography
    investment = to_networkx(graph, "investment")
    assert any(d.get("fact_type") == "Investment" for _, _, d in investment.edges(data=True))
    full = to_networkx(graph, "full")
    for name in VIEWS:
        assert set(to_networkx(graph, name)) <= set(full)


def test_focus_and_depth_give_a_neighbourhood(graph: kg.KnowledgeGraph) -> None:
    near = graph.to_networkx(view="full", focus="PSMA Rus", depth=1)
    assert ID + "psma-rus" in near and ID + "psa-peugeot-citroen" in near
    assert ID + "loreal" not in near
    wider = graph.to_networkx(view="full", focus="id:psma-rus", depth=2)
    assert set(near) < set(wider)
    only = graph.to_networkx(view="ownership", focus="PSMA Rus", depth=0)
    assert list(only) == [ID + "psma-rus"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"view": "money"}, "the views are: full, geography, investment, ownership"),
        ({"focus": "Nowhere Ltd"}, "no entity named 'Nowhere Ltd'"),
        ({"depth": 2}, "--depth needs --focus"),
        ({"view": "ownership", "focus": "Kaluga Region"}, "not in the ownership view"),
        ({"focus": "PSMA Rs"}, "did you mean: PSMA Rus OOO; PSMA Rus car plant"),
        (
            {"view": "ownership", "focus": "Zzz"},
            "entities in the ownership view: Faurecia Group; L'Oréal; Lafarge; Mitsubishi",
        ),
    ],
)
def test_bad_choices_are_usage_errors(
    graph: kg.KnowledgeGraph, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(kg.UsageError, match=re.escape(message)):
        graph.to_networkx(**kwargs)  # type: ignore[arg-type]


def test_the_built_store_gives_the_same_network(
    graph: kg.KnowledgeGraph, built: BuildResult
) -> None:
    memory = graph.to_networkx()
    with kg.load(built.out) as on_disk:
        disk = on_disk.to_networkx()
    assert set(disk.nodes) == set(memory.nodes)
    assert set(disk.edges(keys=True)) == set(memory.edges(keys=True))
