"""Named competency questions: ``queries/*.rq`` files with a header, and safe parameters.

A header is a block of comment lines at the top of the file::

    # title: Investors in a region
    # question: Who invested in region R, through which vehicle, ...?
    # param: region entity ikg:Region required -- the destination region
    # example: region=Kaluga Region

Parameters are bound by a ``VALUES`` block that invest-kg writes from RDF terms it has
checked and escaped itself, placed at the start of the query's outer ``WHERE`` group: a
value can never change the query's structure, and the same text runs on every SPARQL 1.1
store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import InputError, UsageError

__all__ = [
    "BIND_PLACES",
    "NamedQuery",
    "Parameter",
    "bind_parameters",
    "bind_values",
    "escape_string",
    "load_queries",
    "resolve_parameters",
    "sparql_term",
]

PARAM_KINDS = ("entity", "year", "date", "string")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    kind: str
    required: bool
    cls: str | None = None
    doc: str = ""

    def describe(self) -> str:
        need = "required" if self.required else "optional"
        of = f" ({self.cls})" if self.cls else ""
        return f"{self.name}: {self.kind}{of}, {need} -- {self.doc}".rstrip(" -")


@dataclass(frozen=True)
class NamedQuery:
    """A competency question: its text, its header and its parameters."""

    name: str
    title: str
    question: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[dict[str, str], ...] = ()
    bind_at: str = "end"
    path: Path | None = field(default=None, compare=False)

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        valid = ", ".join(p.name for p in self.parameters) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r}; its parameters: {valid}")


_HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<kind>\w+)(?:\s+(?P<cls>\w+:\w+))?"
    r"\s+(?P<need>required|optional)\s*(?:--\s*(?P<doc>.*))?$"
)


def _parse_example(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for part in text.split(";"):
        key, sep, value = part.strip().partition("=")
        if sep:
            values[key.strip()] = value.strip()
    return values


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header; errors name the file and the line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    examples: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "param":
            spec = _PARAM.match(value)
            if not spec or spec.group("kind") not in PARAM_KINDS:
                raise InputError(
                    "bad parameter line; expected 'NAME KIND [CLASS] required|optional -- doc' "
                    f"with KIND one of {', '.join(PARAM_KINDS)}",
                    path=str(path),
                    line=number,
                )
            params.append(
                Parameter(
                    name=spec.group("name"),
                    kind=spec.group("kind"),
                    required=spec.group("need") == "required",
                    cls=spec.group("cls"),
                    doc=(spec.group("doc") or "").strip(),
                )
            )
        elif key == "example":
            examples.append(_parse_example(value))
        else:
            fields[key] = value
    for needed in ("title", "question"):
        if needed not in fields:
            raise InputError(f"the header has no '# {needed}:' line", path=str(path), line=1)
    bind_at = fields.get("bind", "end").split("--")[0].strip()
    if bind_at not in BIND_PLACES:
        raise InputError(
            f"'# bind:' takes {' or '.join(BIND_PLACES)}, not {bind_at!r}", path=str(path)
        )
    return NamedQuery(
        name=path.stem,
        bind_at=bind_at,
        title=fields["title"],
        question=fields["question"],
        text=text,
        parameters=tuple(params),
        examples=tuple(examples),
        path=path,
    )


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """Every named query in ``folder``, by name."""
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_YEAR = re.compile(r"^-?\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_iri(value: str) -> str:
    """``value`` if it is an absolute IRI that can be written in SPARQL, else UsageError."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or _BAD_IRI_CHARS.search(value):
        raise UsageError(
            f"{value!r} is not a valid IRI (no spaces, quotes, braces or angle brackets)"
        )
    return value


def escape_string(text: str) -> str:
    """``text`` escaped for a quoted SPARQL or N-Triples string."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def sparql_term(term: Node) -> str:
    """An RDF term written for a SPARQL query, escaped so it stays one term."""
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        body = f'"{escape_string(str(term))}"'
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise UsageError(f"bad language tag {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^<{check_iri(str(term.datatype))}>"
        return body
    raise UsageError(f"cannot bind {term!r} as a parameter")


def literal_for(param: Parameter, value: str) -> Literal:
    """The literal a year, date or string parameter binds, after checking its form."""
    if param.kind == "year":
        if not _YEAR.match(value):
            raise UsageError(f"parameter {param.name!r} needs a year such as 2014, not {value!r}")
        return Literal(value)
    if param.kind == "date":
        if not _DATE.match(value):
            raise UsageError(
                f"parameter {param.name!r} needs a date such as 2015-04-22, not {value!r}"
            )
        return Literal(value, datatype=XSD.date)
    return Literal(value)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# SELECT and ASK may leave out the WHERE keyword: then the group is the first brace.
_GROUP_AFTER_FORM = re.compile(r"\b(?:SELECT|ASK)\b[^{]*\{", re.IGNORECASE)
# What can hold a brace without opening a group: strings, IRIs, comments.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)


def _mask(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out, positions unchanged."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def _outer_group(text: str) -> tuple[int, int]:
    """Where the query's outer WHERE group opens and closes (positions of its braces)."""
    masked = _mask(text)
    match = _WHERE.search(masked) or _GROUP_AFTER_FORM.search(masked)
    if match is None:
        raise UsageError("the query has no WHERE { ... } group to bind parameters in")
    opening = match.end() - 1
    depth = 0
    for position in range(opening, len(masked)):
        if masked[position] == "{":
            depth += 1
        elif masked[position] == "}":
            depth -= 1
            if depth == 0:
                return opening, position
    raise UsageError("the query's WHERE group has no closing brace")


BIND_PLACES = ("end", "start", "inline")
_NESTED_PROJECTION = re.compile(r"\bSELECT\b([^{]*)", re.IGNORECASE)


def _inline(text: str, opening: int, closing: int, name: str, term: str) -> str | None:
    """``text`` with ``?name`` inside the WHERE group written as ``term``, or None where the
    variable must stay one: projected by a nested SELECT, or tested with BOUND()."""
    masked = _mask(text)
    group = masked[opening:closing]
    variable = re.compile(rf"[?$]{name}\b")
    if any(variable.search(m.group(1)) for m in _NESTED_PROJECTION.finditer(group)):
        return None
    if re.search(rf"\bBOUND\s*\(\s*[?$]{name}\b", group, re.IGNORECASE):
        return None
    pieces, last = [], 0
    for match in variable.finditer(group):
        pieces += [text[last : opening + match.start()], term]
        last = opening + match.end()
    return "".join(pieces) + text[last:]


def bind_values(text: str, bindings: Mapping[str, Node], at: str = "end") -> str:
    """``text`` with ``bindings`` bound, each value written as one checked, escaped RDF term.

    ``end`` (the default) and ``start`` put a VALUES block for each variable at the end or
    the start of the outer WHERE group; ``inline`` writes each IRI where its variable stands
    inside that group (literals still go in a VALUES block at the end). All three give the
    same answers; the place only changes how a store plans the query. On a synthetic graph
    of 1M triples, Oxigraph answered investment-totals in 0.4 s with the values at the end
    and not within 60 s with the IRI inline, facts-by-source in 0.5 ms inline and 0.8 s at
    the end: each query's header names its best place (``# bind:``).
    """
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise UsageError(f"bad variable name {name!r}")
    if at not in BIND_PLACES:
        raise UsageError(f"bind place {at!r} is not one of {', '.join(BIND_PLACES)}")
    in_values = list(names)
    if at == "inline":
        in_values = []
        for name in names:
            term = bindings[name]
            opening, closing = _outer_group(text)
            inlined = (
                _inline(text, opening, closing, name, sparql_term(term))
                if isinstance(term, URIRef)
                else None
            )
            if inlined is None:
                in_values.append(name)
            else:
                text = inlined
        if not in_values:
            return text
    opening, closing = _outer_group(text)
    # One VALUES block per variable: the same solutions as one block with a row of all,
    # and the form every store's compiler handles (Virtuoso 7 fails on some queries
    # with a multi-variable row).
    block = "".join(f"  VALUES ?{n} {{ {sparql_term(bindings[n])} }}\n" for n in in_values)
    cut = opening + 1 if at == "start" else closing
    return text[:cut] + ("\n" if at == "start" else "") + block + text[cut:]


def resolve_parameters(
    query: NamedQuery,
    values: Mapping[str, str],
    resolve_entity: Callable[[str, str | None], URIRef],
) -> dict[str, Node]:
    """The RDF term each of ``values`` stands for, checked against the query's parameters;
    UsageError for an unknown or missing parameter or a value of the wrong form."""
    bindings: dict[str, Node] = {}
    for name, raw in values.items():
        param = query.parameter(name)
        if param.kind == "entity":
            bindings[name] = resolve_entity(raw, param.cls)
        else:
            bindings[name] = literal_for(param, raw)
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        listing = "; ".join(p.describe() for p in query.parameters)
        raise UsageError(
            f"query {query.name!r} needs parameter(s) {', '.join(missing)}; "
            f"its parameters: {listing}"
        )
    return bindings


def bind_parameters(
    query: NamedQuery,
    values: Mapping[str, str],
    resolve_entity: Callable[[str, str | None], URIRef],
) -> str:
    """The query text with ``values`` checked, resolved and bound where the query's header
    says (``# bind:``)."""
    return bind_values(query.text, resolve_parameters(query, values, resolve_entity), query.bind_at)
