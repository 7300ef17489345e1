"""Analytics on the projected network: who is behind whom, how much came from where, which
entities hold the network together, and how two entities are connected, in plain sentences.

Every function takes a KnowledgeGraph and works on ``kg.network.to_networkx``, so it runs on
any store kind. Money is never summed across currencies: totals are kept per currency and
per kind of figure (cumulative or annual), and a cumulative figure superseded by a later
one for the same investors and destination is listed but not counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import UsageError
from kg.namespaces import IKG_IRI, compact
from kg.network import VIEWS, to_networkx

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = [
    "Centrality",
    "Connection",
    "InvestmentFigure",
    "InvestmentGroup",
    "Parent",
    "centrality",
    "investment_by",
    "shortest_connection",
    "ultimate_parents",
]

_OWNERSHIP = IKG_IRI + "Ownership"
_INVESTMENT = IKG_IRI + "Investment"
_COUNTRY = IKG_IRI + "country"
_SECTOR = IKG_IRI + "sector"
_LOCATED_IN = IKG_IRI + "locatedIn"


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


# -- ultimate parent -------------------------------------------------------------------------


@dataclass(frozen=True)
class Parent:
    """An ultimate parent and the chain of stakes from the entity up to it."""

    iri: str
    label: str
    chain: tuple[str, ...]  # sentences, from the entity upwards

    def text(self) -> str:
        return f"{self.label}: " + "; ".join(self.chain) if self.chain else self.label


def _stake_current(data: dict[str, Any], on: str | None) -> bool:
    start, end = data.get("validFrom"), data.get("validTo")
    if on is None:
        return end is None
    return (start is None or str(start) <= on) and (end is None or str(end) >= on)


def ultimate_parents(graph: KnowledgeGraph, entity: str, on: str | None = None) -> list[Parent]:
    """The ultimate parents of ``entity`` (label or IRI): owners that no one owns, following
    current stakes (or the stakes valid on date ``on``, YYYY-MM-DD). An entity nobody owns
    is its own ultimate parent."""
    start = str(graph.resolve(entity))
    net = to_networkx(graph, view="ownership")
    if start not in net:
        raise UsageError(f"{entity!r} is not a company in the ownership view")
    owners: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for u, v, data in net.edges(data=True):
        if data.get("relation") == _OWNERSHIP and _stake_current(data, on):
            owners[v].append((u, data))
    found: dict[str, Parent] = {}

    def climb(node: str, chain: tuple[str, ...], seen: frozenset[str]) -> None:
        above = [
            (o, d) for o, d in sorted(owners.get(node, []), key=lambda x: x[0]) if o not in seen
        ]
        if not above:
            if node not in found:
                found[node] = Parent(node, net.nodes[node]["label"], chain)
            return
        for owner, data in above:
            share = f" {_plain(data['share'])}%" if data.get("share") is not None else " a stake"
            step = f"{net.nodes[owner]['label']} owns{share} of {net.nodes[node]['label']}"
            climb(owner, (*chain, step), seen | {owner})

    climb(start, (), frozenset({start}))
    return sorted(found.values(), key=lambda p: p.label)


# -- investment by origin and sector --------------------------------------------------------


@dataclass
class InvestmentFigure:
    """One investment figure as the source gives it, and whether the group total counts it."""

    fact: str
    amount: Decimal
    currency: str
    aggregation: str
    when: str
    investors: str
    destination: str
    status: str
    counted: bool
    sources: list[dict[str, str]]
    note: str = ""


@dataclass
class InvestmentGroup:
    """The figures of one origin (or sector) in one currency and of one kind."""

    group: str
    currency: str
    aggregation: str
    figures: list[InvestmentFigure] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((f.amount for f in self.figures if f.counted), Decimal(0))

    def text(self) -> str:
        lines = [
            f"{self.group}: {_plain(self.total)} {self.currency} ({self.aggregation}, "
            f"{sum(f.counted for f in self.figures)} of {len(self.figures)} figures counted)"
        ]
        for f in self.figures:
            mark = "" if f.counted else f" [not counted: {f.note}]"
            cited = "; ".join(
                s["title"] + (f" ({s['locator']})" if s.get("locator") else "") for s in f.sources
            )
            lines.append(
                f"  {_plain(f.amount)} {f.currency} {f.aggregation} {f.when} by {f.investors} "
                f"in {f.destination}, {f.status}{mark}; source: {cited}"
            )
        return "\n".join(lines)


_GROUPINGS = ("origin", "sector")


def _within(net: nx.MultiDiGraph, node: str, region: str) -> bool:
    """Whether ``node`` is ``region`` or lies in it, following located-in relations."""
    seen, todo = {node}, [node]
    while todo:
        current = todo.pop()
        if current == region:
            return True
        for _, target, data in net.out_edges(current, data=True):
            if data.get("relation") == _LOCATED_IN and target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def _linked(net: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(
        {v for _, v, d in net.out_edges(node, data=True) if d.get("relation") == relation}
    )


def investment_by(graph: KnowledgeGraph, region: str, by: str = "origin") -> list[InvestmentGroup]:
    """Investment into ``region`` (or a site in it) grouped by origin country or by sector,
    with totals per currency and kind of figure. Joint investments are grouped under all
    their origins together ("France + Japan"), never split or counted twice."""
    if by not in _GROUPINGS:
        raise UsageError(f"unknown grouping {by!r}; group by: {', '.join(_GROUPINGS)}")
    target = str(graph.resolve(region))
    net = to_networkx(graph, view="full")
    facts: dict[str, dict[str, Any]] = {}
    for u, v, data in net.edges(data=True):
        if data.get("relation") == _INVESTMENT and _within(net, v, target):
            entry = facts.setdefault(data["fact"], {"data": data, "from": set(), "to": v})
            entry["from"].add(u)
    for node, attrs in net.nodes(data=True):
        for fact in attrs.get("facts", []):
            if fact.get("fact_type") == "Investment" and _within(net, node, target):
                facts.setdefault(fact["fact"], {"data": fact, "from": set(), "to": node})

    def label(iri: str) -> str:
        return str(net.nodes[iri]["label"])

    def group_of(entry: dict[str, Any]) -> str:
        starts = sorted(entry["from"])
        if by == "origin":
            countries: set[str] = set()
            for start in starts:
                if net.nodes[start].get("type") == "Country":
                    countries.add(start)
                else:
                    countries.update(_linked(net, start, _COUNTRY))
            names = sorted(label(c) for c in countries)
        else:
            sectors = _linked(net, entry["to"], _SECTOR)
            if not sectors:
                sectors = sorted({s for start in starts for s in _linked(net, start, _SECTOR)})
            names = sorted(label(s) for s in sectors)
        return " + ".join(names) if names else "unspecified"

    groups: dict[tuple[str, str, str], InvestmentGroup] = {}
    for fact_iri in sorted(facts):
        entry = facts[fact_iri]
        data = entry["data"]
        currency = str(data.get("currency", "unknown currency"))
        aggregation = str(data.get("aggregation", "unspecified"))
        key = (group_of(entry), currency, aggregation)
        group = groups.setdefault(key, InvestmentGroup(*key))
        investors = " and ".join(sorted(label(s) for s in entry["from"])) or "unnamed investors"
        group.figures.append(
            InvestmentFigure(
                fact=fact_iri,
                amount=Decimal(str(data["amount"])),
                currency=currency,
                aggregation=aggregation,
                when=str(data.get("asOf") or data.get("period") or "undated"),
                investors=investors,
                destination=label(entry["to"]),
                status=str(data.get("figureStatus", "unspecified")),
                counted=True,
                sources=list(data.get("sources", [])),
            )
        )
    for group in groups.values():
        if group.aggregation != "cumulative":
            continue
        # A cumulative figure already contains the earlier ones for the same investment.
        latest: dict[tuple[str, str], InvestmentFigure] = {}
        for figure in sorted(group.figures, key=lambda f: f.when):
            key2 = (figure.investors, figure.destination)
            if key2 in latest:
                earlier = latest[key2]
                earlier.counted = False
                earlier.note = f"superseded by the cumulative figure of {figure.when}"
            latest[key2] = figure
    return [groups[k] for k in sorted(groups)]


# -- centrality ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Centrality:
    """How central one entity is: relations it has, and how often it lies between others."""

    iri: str
    label: str
    type: str
    degree: int
    degree_centrality: float
    betweenness: float


def centrality(graph: KnowledgeGraph, view: str = "full") -> list[Centrality]:
    """Degree and betweenness centrality of every entity in ``view``, most between first.
    Betweenness is computed on the undirected simple graph (a connection is a connection,
    whichever way the relation points)."""
    net = to_networkx(graph, view=view)
    simple = nx.Graph(net.to_undirected())
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    between = nx.betweenness_centrality(simple) if len(simple) else {}
    degree = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)
    rows = [
        Centrality(
            iri=node,
            label=str(attrs["label"]),
            type=str(attrs["type"]),
            degree=int(net.degree(node)),
            degree_centrality=round(degree.get(node, 0.0), 6),
            betweenness=round(between.get(node, 0.0), 6),
        )
        for node, attrs in net.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (-r.betweenness, -r.degree, r.label))


# -- shortest connection ---------------------------------------------------------------------

Phrase = Callable[[str, str, dict[str, Any]], str]


def _ikg(name: str) -> str:
    return IKG_IRI + name


def _invested(s: str, o: str, d: dict[str, Any]) -> str:
    when = d.get("asOf") or d.get("period")
    amount = f" {_plain(d['amount'])} {d.get('currency', '')}".rstrip() if "amount" in d else ""
    return f"{s} invested{amount} in {o}" + (f" (as of {when})" if when else "")


def _owns(s: str, o: str, d: dict[str, Any]) -> str:
    share = d.get("share")
    return f"{s} owns {_plain(share)}% of {o}" if share is not None else f"{s} owns a stake in {o}"


def _post(s: str, o: str, d: dict[str, Any]) -> str:
    title = d.get("title")
    return f"{s} is {title} of {o}" if title else f"{s} holds a post in {o}"


#: How each relation reads as a sentence, with s the relation's subject and o its object.
PHRASES: dict[str, Phrase] = {
    _ikg("operator"): lambda s, o, d: f"{o} operates {s}",
    _ikg("locatedIn"): lambda s, o, d: f"{s} lies in {o}",
    _ikg("near"): lambda s, o, d: f"{s} is near {o}",
    _ikg("heldIn"): lambda s, o, d: f"{s} was held in {o}",
    _ikg("country"): lambda s, o, d: f"{s} is from {o}",
    _ikg("sector"): lambda s, o, d: f"{s} works in the {o} sector",
    _ikg("jurisdiction"): lambda s, o, d: f"{s} governs {o}",
    _ikg("organizer"): lambda s, o, d: f"{s} was organized by {o}",
    _ikg("coOrganizer"): lambda s, o, d: f"{s} was co-organized by {o}",
    _ikg("topic"): lambda s, o, d: f"{s} discussed {o}",
    _ikg("issuedBy"): lambda s, o, d: f"{s} was issued by {o}",
    _ikg("signedBy"): lambda s, o, d: f"{s} was signed by {o}",
    _ikg("Ownership"): _owns,
    _ikg("Investment"): _invested,
    _ikg("ClusterMembership"): lambda s, o, d: f"{s} is a member of {o}",
    _ikg("RegionalCooperation"): lambda s, o, d: f"{s} cooperates with {o}",
    _ikg("AreaChange"): lambda s, o, d: f"{s} was enlarged by {o}",
    _ikg("Observation"): lambda s, o, d: f"{s} reports the indicator {o}",
    _ikg("Position"): _post,
    _ikg("Participation"): lambda s, o, d: f"{s} took part in {o}",
}


@dataclass(frozen=True)
class Connection:
    """A shortest chain of relations between two entities, each step as a sentence."""

    path: tuple[str, ...]
    labels: tuple[str, ...]
    sentences: tuple[str, ...]

    def text(self) -> str:
        return ". ".join(self.sentences) + "." if self.sentences else ""


def _sentence(net: nx.MultiDiGraph, a: str, b: str) -> str:
    """The sentence for the hop a-b: the first relation between them, in its own direction."""
    candidates = [(a, b, k, d) for k, d in (net.get_edge_data(a, b) or {}).items()]
    candidates += [(b, a, k, d) for k, d in (net.get_edge_data(b, a) or {}).items()]
    s, o, _, data = sorted(candidates, key=lambda c: (c[0] != a, c[2]))[0]
    s_label, o_label = str(net.nodes[s]["label"]), str(net.nodes[o]["label"])
    phrase = PHRASES.get(str(data.get("relation")))
    if phrase is None:
        return f"{s_label} {data.get('label', 'is linked to')} {o_label}"
    return phrase(s_label, o_label, data)


def shortest_connection(
    graph: KnowledgeGraph, start: str, end: str, view: str = "full"
) -> Connection:
    """The shortest chain of relations (either direction) from ``start`` to ``end`` in
    ``view``, explained as sentences; a UsageError if they are not connected there."""
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; the views are: {', '.join(sorted(VIEWS))}")
    a, b = str(graph.resolve(start)), str(graph.resolve(end))
    net = to_networkx(graph, view=view)
    for iri, name in ((a, start), (b, end)):
        if iri not in net:
            raise UsageError(f"{name!r} ({compact(iri)}) is not in the {view} view")
    try:
        path = nx.shortest_path(net.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        raise UsageError(
            f"no connection between {start!r} and {end!r} in the {view} view"
        ) from None
    sentences = tuple(_sentence(net, x, y) for x, y in pairwise(path))
    labels = tuple(str(net.nodes[n]["label"]) for n in path)
    return Connection(tuple(path), labels, sentences)
