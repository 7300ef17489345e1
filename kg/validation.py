"""Validation: SHACL shapes, SPARQL hygiene checks and ISO code checks, in one report.

The report says, for each problem, which entity broke which rule and how to fix it, in
words an analyst can act on; ``conforms`` is what scripts test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pycountry
import pyoxigraph as ox
import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, NamespaceManager
from rdflib.term import Node

from kg.namespaces import IKG, PREFIXES, compact

__all__ = ["ValidationReport", "Violation", "validate_sources"]


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule: the entity, the rule in words, and where it came from."""

    entity: str
    message: str
    path: str | None = None
    value: str | None = None
    label: str | None = None
    rule: str | None = None
    severity: str = "Violation"

    def describe(self) -> str:
        name = compact(self.entity) if self.entity.startswith("http") else self.entity
        head = f'{name} ("{self.label}")' if self.label else name
        detail = ""
        if self.path:
            detail = f" {self.path}"
            if self.value is not None:
                detail += f" = {self.value}"
        return f"{head}{detail}\n   {self.message}"


@dataclass
class ValidationReport:
    """The outcome of validating a dataset; falsy ``conforms`` means at least one violation."""

    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def text(self) -> str:
        if self.conforms and not self.violations:
            return (
                f"Validation: conforms ({self.triples} triples in {self.graphs} source graphs "
                "checked against the shapes, the hygiene checks and ISO codes)"
            )
        count = len(self.violations)
        lines = [
            f"Validation: {'conforms with warnings' if self.conforms else 'FAILED'}, "
            f"{count} problem{'s' if count != 1 else ''}"
        ]
        for number, violation in enumerate(self.violations, 1):
            lines.append(f"{number}. {violation.describe()}")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]},
            indent=2,
            ensure_ascii=False,
        )


_NAMES = NamespaceManager(Graph(), bind_namespaces="none")
for _prefix, _namespace in PREFIXES.items():
    _NAMES.bind(_prefix, _namespace)

_IRI_IN_TEXT = re.compile(r"https?://[^\s<>\"]+")


def _compact_text(message: str) -> str:
    """``message`` with the IRIs it mentions in their compact form."""
    return _IRI_IN_TEXT.sub(lambda m: compact(m.group(0)).strip("<>"), message)


def _term_text(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, Literal):
        return term.n3(_NAMES)
    return str(term)


def _labels(graph: Graph) -> dict[str, str]:
    labels: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        key = str(subject)
        if key not in labels or getattr(label, "language", None) == "en":
            labels[key] = str(label)
    return labels


def _shacl(union: Graph, shapes: Graph, ontology: Graph, labels: dict[str, str]) -> list[Violation]:
    _, results, _ = pyshacl.validate(
        union,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        violations.append(
            Violation(
                entity=str(focus),
                label=labels.get(str(focus)),
                message=str(message) if message else "breaks a shape",
                path=_term_text(path) if isinstance(path, URIRef) else None,
                value=_term_text(results.value(result, SH.value)),
                rule=_term_text(shape) if isinstance(shape, URIRef) else None,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return violations


def _hygiene(store: ox.Store, checks: Iterable[Path], labels: dict[str, str]) -> list[Violation]:
    violations = []
    for check in sorted(checks):
        solutions = store.query(check.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            entity = row["entity"]
            message = row["message"]
            violations.append(
                Violation(
                    entity=entity.value if entity is not None else "?",
                    label=labels.get(entity.value) if entity is not None else None,
                    message=_compact_text(message.value) if message is not None else check.stem,
                    rule=check.name,
                )
            )
    return violations


def _is_iso_code(cls: URIRef, code: str) -> bool:
    """Whether ``code`` is a current ISO code for entities of class ``cls``."""
    databases: dict[URIRef, tuple[Any, str]] = {
        IKG.Currency: (pycountry.currencies, "alpha_3"),
        IKG.Country: (pycountry.countries, "alpha_2"),
        IKG.Region: (pycountry.subdivisions, "code"),
    }
    database, key = databases[cls]
    return database.get(**{key: code}) is not None


_ISO_KINDS = {
    IKG.Currency: "ISO 4217 currency",
    IKG.Country: "ISO 3166-1 country",
    IKG.Region: "ISO 3166-2 subdivision",
}


def _iso_codes(union: Graph, labels: dict[str, str]) -> list[Violation]:
    violations = []
    for cls, what in _ISO_KINDS.items():
        for entity in sorted({str(e) for e in union.subjects(RDF.type, cls)}):
            for code in union.objects(URIRef(entity), IKG.isoCode):
                if not _is_iso_code(cls, str(code)):
                    violations.append(
                        Violation(
                            entity=entity,
                            label=labels.get(entity),
                            path="ikg:isoCode",
                            value=Literal(str(code)).n3(),
                            message=f'"{code}" is not an {what} code: use the current code '
                            "(for the Russian rouble, RUB rather than RUR).",
                            rule="iso-codes",
                        )
                    )
    return violations


def validate_sources(
    data: Dataset, ontology: Graph, shapes: Graph, checks: Iterable[Path], store: ox.Store
) -> ValidationReport:
    """Validate ``data`` (also loaded in ``store`` for the SPARQL checks) against everything."""
    union = Graph()
    graphs = 0
    for graph in data.graphs():
        if len(graph):
            graphs += 1
        for triple in graph:
            union.add(triple)
    labels = _labels(union)
    violations = _shacl(union, shapes, ontology, labels)
    violations += _hygiene(store, checks, labels)
    violations += _iso_codes(union, labels)
    return ValidationReport(violations=sorted(set(violations)), triples=len(union), graphs=graphs)
