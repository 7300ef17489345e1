"""The one interface every export format implements, and the registry that names them.

An exporter turns a projected network (see kg.network) into the bytes of one file. It is a
small class that declares its name, file extension and the tool that opens it; registering
it makes it available to ``kg export --format`` and ``kg.export.export``.
"""

from __future__ import annotations

import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import networkx as nx

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = [
    "EXPORTERS",
    "ExportInput",
    "Exporter",
    "flat_attributes",
    "register_exporter",
    "scalar",
    "sources_text",
    "type_colour",
]


@dataclass(frozen=True)
class ExportInput:
    """What an exporter works from: the projected network and the graph it came from."""

    network: nx.MultiDiGraph
    graph: KnowledgeGraph


class Exporter(ABC):
    """One export format: ``render`` returns the whole file; writing is done by the caller."""

    name: ClassVar[str]
    extension: ClassVar[str]
    opens_in: ClassVar[str]

    @abstractmethod
    def render(self, data: ExportInput) -> bytes:
        """The file's bytes; the same network gives the same bytes where the format allows."""


E = TypeVar("E", bound=type[Exporter])

#: Export formats by name.
EXPORTERS: dict[str, type[Exporter]] = {}


def register_exporter(cls: E) -> E:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    EXPORTERS[cls.name] = cls
    return cls


# -- shared helpers ----------------------------------------------------------------------

#: Colours by entity type, so every format and the HTML legend agree.
TYPE_COLOURS: dict[str, str] = {
    "Company": "#e6862e",
    "JointVenture": "#d9541e",
    "BusinessAssociation": "#c9a227",
    "ResearchCenter": "#b8a03a",
    "GovernmentBody": "#8c6bb1",
    "Cluster": "#e377c2",
    "Person": "#7f7f7f",
    "Country": "#1f77b4",
    "Region": "#2b8cbe",
    "District": "#6baed6",
    "City": "#4292c6",
    "ScienceCity": "#4292c6",
    "IndustrialPark": "#2ca02c",
    "SpecialEconomicZone": "#31a354",
    "LandPlot": "#74c476",
    "LogisticsCenter": "#a1d99b",
    "Airport": "#a1d99b",
    "Facility": "#17becf",
    "Conference": "#bcbd22",
    "LegalAct": "#9c9ede",
    "Sector": "#d6616b",
    "Topic": "#e7969c",
    "Indicator": "#ce6dbd",
}
_FALLBACK = ("#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5")


def type_colour(type_name: str) -> str:
    """The colour of an entity type: a fixed one for known types, a stable pick otherwise."""
    known = TYPE_COLOURS.get(type_name)
    if known is not None:
        return known
    return _FALLBACK[zlib.crc32(type_name.encode("utf-8")) % len(_FALLBACK)]


def scalar(value: Any) -> str | int | bool:
    """A value the flat formats can hold: numbers written exactly (no floats), text as is."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def sources_text(sources: list[dict[str, str]]) -> str:
    """Sources as one readable line: 'title (locator) | title'."""
    parts = []
    for source in sources:
        locator = source.get("locator")
        parts.append(f"{source['title']} ({locator})" if locator else source["title"])
    return " | ".join(parts)


def flat_attributes(attrs: dict[str, Any]) -> dict[str, str | int | bool]:
    """A node's or edge's attributes with scalars only: sources and facts become text."""
    out: dict[str, str | int | bool] = {}
    for name in sorted(attrs):
        value = attrs[name]
        if name == "sources":
            out["sources"] = sources_text(value)
        elif name == "facts":
            if value:
                out["facts"] = " | ".join(_fact_line(f) for f in value)
        elif isinstance(value, list | dict):
            continue
        else:
            out[name] = scalar(value)
    return out


def _fact_line(fact: dict[str, Any]) -> str:
    data = ", ".join(
        f"{k}={scalar(v)}" for k, v in sorted(fact.items()) if k not in ("fact", "label", "sources")
    )
    return f"{fact['label']}: {data}"


Renderer = Callable[[ExportInput], bytes]
