"""Reading and writing the expected answers of the competency questions.

Each ``tests/expected/NAME.json`` lists cases: the parameters and the rows the query must
return, in order. Values are written as text an analyst can review: IRIs as compact names,
literals by their value (so 432.0 and 432 are the same decimal).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.namespaces import compact
from kg.results import Result

EXPECTED_DIR = Path(__file__).parent / "expected"
_NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.int, XSD.long}


def cell(term: Node | None) -> str | None:
    """A result value as reviewable text, equal across stores for equal RDF values."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        try:
            return format(Decimal(str(term)).normalize(), "f")
        except InvalidOperation:
            return str(term)
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return str(term).lower().replace("1", "true").replace("0", "false")
    return str(term)


def table(result: Result) -> list[dict[str, str | None]]:
    """Rows as dicts of reviewable text, every variable present."""
    return [{v: cell(row.get(v)) for v in result.variables} for row in result.rows]


def load_expected(name: str) -> list[dict[str, Any]]:
    path = EXPECTED_DIR / f"{name}.json"
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return cases


def write_expected(name: str, cases: list[dict[str, Any]]) -> None:
    path = EXPECTED_DIR / f"{name}.json"
    path.write_text(json.dumps(cases, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
