"""The knowledge graph as a network an analyst can reason about and draw.

``to_networkx`` reads the source graphs with SPARQL (so it works on every store kind) and
projects them onto a ``networkx.MultiDiGraph``: one node per entity, one edge per relation.
Facts that RDF models as nodes (an ownership stake, an investment figure, a membership)
become edges that carry their data; literals become node or edge attributes, never nodes.
Every node and edge keeps the sources that state it (source IRI, title, locator).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import UsageError
from kg.namespaces import IKG_IRI, ONTOLOGY_GRAPH, compact

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = ["DEFAULT_DEPTH", "FACT_EDGES", "VIEWS", "FactEdge", "View", "to_networkx"]

#: Hops around the focus entity when ``focus`` is given without ``depth``.
DEFAULT_DEPTH = 1

_FACT = IKG_IRI + "Fact"
_SOURCE_DOCUMENT = IKG_IRI + "SourceDocument"
_CONCEPT = IKG_IRI + "Concept"
# Plain strings: rdflib namespace attribute lookups are slow in the inner loops.
_RDF_TYPE = str(RDF.type)
_RDFS_LABEL = str(RDFS.label)
_EXACT_MATCH = str(SKOS.exactMatch)
# Properties that say where a statement comes from; they become ``sources``, not attributes.
_PROVENANCE = {IKG_IRI + "source", IKG_IRI + "locator"}


def _ikg(name: str) -> str:
    return IKG_IRI + name


@dataclass(frozen=True)
class FactEdge:
    """How one kind of fact becomes edges: from the ``sources`` roles to the ``targets`` roles.

    The first role in each tuple that has a value wins (an investment's ``investor`` before its
    ``originCountry``). A fact with no target becomes a fact of its source entity instead.
    """

    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    caption: Callable[[dict[str, Any]], str] | None = None


def _share_caption(data: dict[str, Any]) -> str:
    share = data.get("share")
    return f"owns {_plain(share)}%" if share is not None else "owns"


def _amount_caption(data: dict[str, Any]) -> str:
    amount = data.get("amount")
    if amount is None:
        return "invested in"
    return f"invested {_plain(amount)} {data.get('currency', '')}".rstrip()


#: Fact classes (IRIs) and how they become edges. Unknown fact kinds attach to their entities.
FACT_EDGES: dict[str, FactEdge] = {
    _ikg("Ownership"): FactEdge("owns", ("owner",), ("owned",), _share_caption),
    _ikg("Investment"): FactEdge(
        "invested in", ("investor", "originCountry"), ("destination",), _amount_caption
    ),
    _ikg("ClusterMembership"): FactEdge("member of", ("member",), ("cluster",)),
    _ikg("RegionalCooperation"): FactEdge("cooperates with", ("region",), ("partnerCountry",)),
    _ikg("Observation"): FactEdge("indicator", ("region",), ("indicator",)),
    _ikg("AreaChange"): FactEdge("enlarged by", ("site",), ("addedPlot",)),
    _ikg("AreaMeasurement"): FactEdge("area", ("site",), ()),
    _ikg("Position"): FactEdge("holds post in", ("holder",), ("postIn",)),
    _ikg("Participation"): FactEdge("took part in", ("participant",), ("event",)),
}


@dataclass(frozen=True)
class View:
    """A selection of the network: the relations it keeps and the entities it always shows.

    ``relations`` holds predicate IRIs (plain relations) and fact class IRIs (fact edges);
    None keeps every relation. Entities of ``classes`` (or their subclasses) are shown even
    when none of the kept relations touches them; other entities only as relation ends.
    """

    description: str
    relations: frozenset[str] | None
    classes: frozenset[str]


#: The views by name, for ``to_networkx(view=...)`` and ``kg export --view``.
VIEWS: dict[str, View] = {
    "full": View(
        "every entity and relation (concepts such as currencies only where something uses them)",
        None,
        frozenset({_ikg("Agent"), _ikg("Place"), _ikg("Site"), _ikg("Event"), _ikg("LegalAct")}),
    ),
    "ownership": View(
        "companies, groups and joint ventures with the stakes between them",
        frozenset({_ikg("Ownership")}),
        frozenset({_ikg("Company")}),
    ),
    "geography": View(
        "sites, zones and places, and what is located there",
        frozenset(
            {
                _ikg("locatedIn"),
                _ikg("near"),
                _ikg("heldIn"),
                _ikg("operator"),
                _ikg("AreaChange"),
            }
        ),
        frozenset({_ikg("Place"), _ikg("Site")}),
    ),
    "investment": View(
        "origin countries and investors to regions and plants, with amounts",
        frozenset(
            {
                _ikg("Investment"),
                _ikg("Ownership"),
                _ikg("operator"),
                _ikg("locatedIn"),
                _ikg("country"),
            }
        ),
        frozenset(),
    ),
}


# -- reading the store ------------------------------------------------------------------

_QUAD_QUERY = f"""SELECT ?g ?s ?p ?o WHERE {{
    GRAPH ?g {{ ?s ?p ?o }}
    FILTER (?g != <{ONTOLOGY_GRAPH}> && isIRI(?s))
}}"""

_ONTOLOGY_QUERY = f"""SELECT ?s ?p ?o WHERE {{
    GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }}
    FILTER (?p IN (rdfs:subClassOf, rdfs:label))
}}"""


@dataclass
class _Data:
    """The quads of the source graphs, indexed the ways the projection needs them."""

    # subject -> predicate -> object -> graphs that state it
    triples: dict[str, dict[str, dict[Node, set[str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    )
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    supers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    term_labels: dict[str, str] = field(default_factory=dict)

    ancestor_cache: dict[str, set[str]] = field(default_factory=dict)

    def ancestors(self, cls: str) -> set[str]:
        cached = self.ancestor_cache.get(cls)
        if cached is None:
            cached = self.ancestor_cache[cls] = self._ancestors(cls)
        return cached

    def _ancestors(self, cls: str) -> set[str]:
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in self.supers.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_a(self, iri: str, cls: str) -> bool:
        return any(cls in self.ancestors(t) for t in self.types.get(iri, ()))

    def values(self, s: str, p: str) -> list[Node]:
        return sorted(self.triples.get(s, {}).get(p, {}), key=_sort_key)


def _read(graph: KnowledgeGraph) -> _Data:
    data = _Data()
    for row in graph.sparql(_ONTOLOGY_QUERY).rows:
        term, prop, value = str(row["s"]), row["p"], row["o"]
        if prop == RDFS.subClassOf and isinstance(value, URIRef):
            data.supers[term].add(str(value))
        elif prop == RDFS.label and isinstance(value, Literal) and value.language in (None, "en"):
            data.term_labels.setdefault(term, str(value))
    for row in graph.sparql(_QUAD_QUERY).rows:
        g, s, p, o = str(row["g"]), str(row["s"]), str(row["p"]), row["o"]
        data.triples[s][p][o].add(g)
        if p == _RDF_TYPE and isinstance(o, URIRef):
            data.types[s].add(str(o))
    return data


# -- values ----------------------------------------------------------------------------


def _sort_key(term: Node) -> tuple[str, str, str]:
    if isinstance(term, Literal):
        return ("1", term.language or "", str(term))
    return ("0", "", str(term))


def _plain(value: Any) -> str:
    """A number or date as an analyst writes it: 70 not 70.0, 1000000000 not 1E+9."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _python(term: Literal) -> Any:
    """The literal's value: Decimal for numbers, str for dates at the source's precision."""
    value = term.toPython()
    if isinstance(value, Literal):  # types rdflib has no Python class for (xsd:gYear, ...)
        return str(term)
    if isinstance(value, bool | int | Decimal | str):
        return value
    if isinstance(value, float):
        return Decimal(str(term))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(term)


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


def _best_label(labels: Iterable[Node]) -> str | None:
    ranked = sorted(
        (lit for lit in labels if isinstance(lit, Literal)),
        key=lambda lit: (lit.language != "en", lit.language not in (None, "en"), str(lit)),
    )
    return str(ranked[0]) if ranked else None


# -- projection -------------------------------------------------------------------------


class _Projector:
    def __init__(self, data: _Data) -> None:
        self.data = data
        typed = {s for s, types in data.types.items() if _SOURCE_DOCUMENT in types}
        self.sources = typed | self._graphs()
        self.facts = {s for s in data.types if data.is_a(s, _FACT)}
        self.entities = {s for s in data.types if s not in self.facts and s not in self.sources}

    def _graphs(self) -> set[str]:
        out: set[str] = set()
        for preds in self.data.triples.values():
            for objs in preds.values():
                for graphs in objs.values():
                    out |= graphs
        return out

    def label(self, iri: str) -> str:
        found = _best_label(self.data.triples.get(iri, {}).get(_RDFS_LABEL, {}))
        return found or self.data.term_labels.get(iri) or compact(iri)

    def value_text(self, term: Node) -> Any:
        """An attribute value: literals as values, entities by ISO code or label."""
        if isinstance(term, Literal):
            return _python(term)
        iri = str(term)
        codes = self.data.values(iri, _ikg("isoCode"))
        if codes and self.data.is_a(iri, _ikg("Currency")):
            return str(codes[0])
        return self.label(iri)

    def source_list(self, subject: str, graphs: Iterable[str]) -> list[dict[str, str]]:
        """Each graph that states something about ``subject``, as a source with its locator."""
        out = []
        for g in sorted(set(graphs)):
            title = self.data.values(g, _ikg("title"))
            locators = [
                str(o)
                for o, gs in self.data.triples.get(subject, {}).get(_ikg("locator"), {}).items()
                if g in gs
            ]
            entry = {"iri": g, "title": str(title[0]) if title else compact(g)}
            if locators:
                entry["locator"] = "; ".join(sorted(locators))
            out.append(entry)
        return out

    def subject_graphs(self, subject: str) -> set[str]:
        out: set[str] = set()
        for objs in self.data.triples.get(subject, {}).values():
            for graphs in objs.values():
                out |= graphs
        return out

    def node_type(self, iri: str) -> tuple[str, list[str]]:
        types = self.data.types.get(iri, set())
        specific = sorted(
            t for t in types if not any(t != u and t in self.data.ancestors(u) for u in types)
        )
        names = [_local(t) for t in specific] or ["Thing"]
        return names[0], names

    def attributes(self, subject: str, skip: Iterable[str] = ()) -> dict[str, Any]:
        """Scalar attributes from the subject's literals (and the names of linked terms in
        ``skip``-free roles of facts); several values are joined with '; '."""
        skipped = set(skip) | _PROVENANCE | {_RDF_TYPE}
        attrs: dict[str, Any] = {}
        for p in sorted(self.data.triples.get(subject, {})):
            if p in skipped:
                continue
            objs = self.data.values(subject, p)
            name = _local(p)
            if p == _RDFS_LABEL:
                for lit in objs:
                    if isinstance(lit, Literal) and lit.language not in (None, "en"):
                        attrs.setdefault(f"label_{lit.language}", str(lit))
                continue
            if p == _EXACT_MATCH:
                attrs[name] = "; ".join(str(o) for o in objs)
                continue
            literals = [o for o in objs if isinstance(o, Literal)]
            if not literals:
                continue
            values = [_python(o) for o in literals]
            attrs[name] = values[0] if len(values) == 1 else "; ".join(_plain(v) for v in values)
        return attrs

    def fact_data(self, fact: str, roles: Iterable[str]) -> dict[str, Any]:
        """A fact's data: its literals and the names of the entities in its other roles."""
        role_iris = {_ikg(r) for r in roles}
        data = self.attributes(fact, skip=role_iris)
        for p in sorted(self.data.triples.get(fact, {})):
            if p in role_iris or p in _PROVENANCE or p == _RDF_TYPE:
                continue
            objs = [o for o in self.data.values(fact, p) if isinstance(o, URIRef)]
            if objs:
                names = [self.value_text(o) for o in objs]
                data[_local(p)] = names[0] if len(names) == 1 else "; ".join(map(str, names))
        return data

    def build(self) -> nx.MultiDiGraph:
        g: nx.MultiDiGraph = nx.MultiDiGraph()
        for iri in sorted(self.entities):
            type_name, type_names = self.node_type(iri)
            node = self.attributes(iri)
            node.update(
                label=self.label(iri),
                type=type_name,
                types=", ".join(type_names),
                iri=iri,
                compact=compact(iri),
                sources=self.source_list(iri, self.subject_graphs(iri)),
                facts=[],
            )
            g.add_node(iri, **node)
        # Plain relations: a triple between two entities.
        for s in sorted(self.entities):
            for p in sorted(self.data.triples.get(s, {})):
                if p == _RDF_TYPE or p in _PROVENANCE:
                    continue
                for o, graphs in sorted(
                    self.data.triples[s][p].items(), key=lambda item: _sort_key(item[0])
                ):
                    if isinstance(o, URIRef) and str(o) in self.entities:
                        label = self.data.term_labels.get(p, _local(p))
                        g.add_edge(
                            s,
                            str(o),
                            key=f"{s} {p} {o}",
                            label=label,
                            kind=label,
                            relation=p,
                            predicate=compact(p),
                            sources=self.source_list(s, graphs),
                        )
        # Facts: edges that carry their data, or facts attached to an entity.
        for fact in sorted(self.facts):
            self._add_fact(g, fact)
        return g

    def _fact_class(self, fact: str) -> str:
        types = self.data.types[fact]
        for cls in sorted(types):
            if cls in FACT_EDGES:
                return cls
        return sorted(types)[0]

    def _add_fact(self, g: nx.MultiDiGraph, fact: str) -> None:
        cls = self._fact_class(fact)
        rule = FACT_EDGES.get(cls)
        sources = self.source_list(fact, self.subject_graphs(fact))
        if rule is None:
            roles = [
                _local(p)
                for p, objs in self.data.triples.get(fact, {}).items()
                if any(str(o) in self.entities for o in objs)
            ]
            ends: list[str] = []
            starts = sorted(
                {
                    str(o)
                    for p in self.data.triples.get(fact, {})
                    for o in self.data.values(fact, p)
                    if str(o) in self.entities
                }
            )
            used_roles: tuple[str, ...] = tuple(roles)
        else:
            starts = self._role_values(fact, rule.sources)
            ends = self._role_values(fact, rule.targets)
            used_roles = rule.sources + rule.targets
        data = self.fact_data(fact, used_roles)
        fact_type = _local(cls)
        label = rule.label if rule else self.data.term_labels.get(cls, fact_type)
        caption = rule.caption(data) if rule and rule.caption else label
        if starts and ends:
            pairs = [(a, b) for a in starts for b in ends]
            for a, b in pairs:
                key = fact if len(pairs) == 1 else f"{fact} {a} {b}"
                extra = {}
                if len(starts) > 1:
                    extra["jointly_with"] = "; ".join(self.label(x) for x in starts if x != a)
                # The fact's own data first, so that no property can shadow the fixed keys.
                attrs = {**data, **extra}
                attrs.update(
                    label=caption,
                    kind=label,
                    relation=cls,
                    fact=fact,
                    fact_type=fact_type,
                    sources=sources,
                )
                g.add_edge(a, b, key=key, **attrs)
            return
        entry = {
            "fact": fact,
            "fact_type": fact_type,
            "label": self.data.term_labels.get(cls, fact_type),
            **data,
            "sources": sources,
        }
        for iri in starts + ends:
            if iri in g:
                g.nodes[iri]["facts"].append(entry)

    def _role_values(self, fact: str, roles: tuple[str, ...]) -> list[str]:
        for role in roles:
            found = [
                str(o)
                for o in self.data.values(fact, _ikg(role))
                if isinstance(o, URIRef) and str(o) in self.entities
            ]
            if found:
                return found
        return []


def _select_view(full: nx.MultiDiGraph, data: _Data, view: View) -> nx.MultiDiGraph:
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    keep_edges = [
        (u, v, k, d)
        for u, v, k, d in full.edges(keys=True, data=True)
        if view.relations is None or d["relation"] in view.relations
    ]
    ends = {u for u, _, _, _ in keep_edges} | {v for _, v, _, _ in keep_edges}
    for node, attrs in full.nodes(data=True):
        shown = node in ends or any(data.is_a(node, cls) for cls in view.classes)
        if view.relations is None and not shown:
            shown = full.degree(node) > 0 or not data.is_a(node, _CONCEPT)
        if shown:
            out.add_node(node, **attrs)
    for u, v, k, d in keep_edges:
        out.add_edge(u, v, key=k, **d)
    return out


def _suggest(wanted: str, net: nx.MultiDiGraph, view: str, limit: int = 12) -> str:
    """The entities of the view an analyst may have meant, for an unknown focus."""
    labels = sorted({str(label) for _, label in net.nodes(data="label")})
    close = difflib.get_close_matches(wanted, labels, n=5, cutoff=0.5)
    if close:
        return "did you mean: " + "; ".join(close)
    shown = "; ".join(labels[:limit]) + ("; ..." if len(labels) > limit else "")
    return f"entities in the {view} view: {shown}"


def _choices(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


def to_networkx(
    graph: KnowledgeGraph,
    view: str = "full",
    focus: str | None = None,
    depth: int | None = None,
) -> nx.MultiDiGraph:
    """The graph (or one view of it) as a ``networkx.MultiDiGraph``.

    Node ids and edge keys are IRIs (a fact edge's key is the fact's IRI), so they are unique
    and stable. Nodes carry ``label``, ``type`` and scalar attributes, ``sources`` and
    ``facts`` (facts with a single entity, such as an area measurement); edges carry
    ``label`` (with the share or amount of a fact), ``kind`` (the bare relation), the fact's
    data and ``sources``.
    With ``focus`` (label or IRI), only entities within ``depth`` hops of it, either
    direction, are kept. Unknown views, entities or a negative depth raise UsageError.
    """
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; the views are: {_choices(VIEWS)}")
    if depth is not None and focus is None:
        raise UsageError("--depth needs --focus: the entity whose neighbourhood to show")
    if depth is not None and depth < 0:
        raise UsageError(f"depth must be 0 or more, not {depth}")
    data = _read(graph)
    full = _Projector(data).build()
    selected = _select_view(full, data, VIEWS[view])
    selected.graph.update(name=f"invest-kg {view} view", view=view)
    if focus is None:
        return selected
    try:
        center = str(graph.resolve(focus))
    except UsageError as exc:
        raise UsageError(f"{exc}; {_suggest(focus, selected, view)}") from None
    if center not in selected:
        raise UsageError(
            f"{focus!r} ({compact(center)}) is not in the {view} view; "
            f"choose another view or entity"
        )
    radius = DEFAULT_DEPTH if depth is None else depth
    around = nx.ego_graph(selected, center, radius=radius, undirected=True)
    result: nx.MultiDiGraph = selected.subgraph(around.nodes).copy()
    result.graph.update(
        name=f"invest-kg {view} view around {selected.nodes[center]['label']}",
        focus=center,
        depth=radius,
    )
    return result
