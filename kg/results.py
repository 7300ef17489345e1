"""Query results, the same whatever store answered, and the formats they print in.

Rows hold rdflib terms, so a result from the embedded store and one from a remote endpoint
compare equal. Formats are registered by name; ``json`` is the SPARQL 1.1 Query Results
JSON format and ``csv`` the SPARQL 1.1 CSV format.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import UsageError
from kg.namespaces import PREFIXES, compact

__all__ = ["FORMATS", "Result", "format_result", "term_from_json", "term_to_json"]

Kind = TypingLiteral["select", "ask", "graph"]


@dataclass
class Result:
    """A SELECT table (``variables``, ``rows``), an ASK answer or a CONSTRUCT graph."""

    kind: Kind
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[dict[str, Node]]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph" and self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def to_python(self) -> list[dict[str, Any]]:
        """Rows with Python values: str for IRIs, Decimal, date, int or str for literals."""
        out = []
        for row in self.rows:
            out.append(
                {k: (v.toPython() if isinstance(v, Literal) else str(v)) for k, v in row.items()}
            )
        return out


def term_to_json(term: Node) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 Query Results JSON form."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != PREFIXES["xsd"] + "string":
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def term_from_json(value: dict[str, str]) -> Node:
    """The rdflib term for one binding of a SPARQL 1.1 JSON result."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        datatype = value.get("datatype")
        if lang:
            return Literal(text, lang=lang)
        if datatype and datatype != PREFIXES["xsd"] + "string":
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise ValueError(f"unknown term type {kind!r}")


def _to_json(result: Result) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
    body = {
        "head": {"vars": result.variables},
        "results": {
            "bindings": [
                {k: term_to_json(v) for k, v in row.items() if k in result.variables}
                for row in result.rows
            ]
        },
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _to_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([str(row[v]) if v in row else "" for v in result.variables])
    return buffer.getvalue()


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def _to_table(result: Result) -> str:
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    headers = result.variables
    cells = [[_cell(row.get(v)) for v in headers] for row in result.rows]
    widths = [len(h) for h in headers]
    for line in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, line, strict=True)]

    def fmt(values: list[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    lines = [fmt(headers), "-+-".join("-" * w for w in widths)]
    lines += [fmt(line) for line in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _graph_formatter(rdf_format: str) -> Callable[[Result], str]:
    def write(result: Result) -> str:
        graph = result.graph if result.graph is not None else Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph.serialize(format=rdf_format)

    return write


#: Result formats by name. SELECT and ASK use table, csv, json; CONSTRUCT uses turtle, nt.
FORMATS: dict[str, Callable[[Result], str]] = {
    "table": _to_table,
    "csv": _to_csv,
    "json": _to_json,
    "turtle": _graph_formatter("turtle"),
    "nt": _graph_formatter("nt"),
}

_GRAPH_FORMATS = {"turtle", "nt"}


def format_result(result: Result, fmt: str) -> str:
    """The result in format ``fmt``; a CONSTRUCT result given a table format prints Turtle."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if result.kind == "graph" and fmt not in _GRAPH_FORMATS:
        fmt = "turtle"
    if result.kind != "graph" and fmt in _GRAPH_FORMATS:
        raise UsageError(f"format {fmt!r} is for CONSTRUCT results; use table, csv or json")
    return FORMATS[fmt](result)
