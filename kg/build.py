"""Building the dataset: read the curated files, validate, write ``out/`` atomically.

Nothing in ``out/`` is touched until the new build has parsed and validated; each output
file then replaces the old one in a single rename, the manifest last.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg import resources
from kg.__about__ import __version__
from kg.errors import ValidationFailed
from kg.loading import Sources, parse_graph, read_sources
from kg.namespaces import ONTOLOGY_GRAPH, PREFIXES
from kg.queries import sparql_term
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.validation import ValidationReport, validate_sources

__all__ = [
    "BuildResult",
    "Compiled",
    "build",
    "compile_sources",
    "is_fresh",
    "validate_store",
]

DATASET_NQ = "invest-kg.nq"
DATASET_TRIG = "invest-kg.trig"
UNION_TTL = "invest-kg.ttl"
STORE_DIR = "store"
MANIFEST = "manifest.json"
REPORT_TXT = "validation.txt"


@dataclass
class Compiled:
    """The parsed sources, the dataset they make, and an in-memory store holding it."""

    sources: Sources
    dataset: Dataset
    nquads: bytes
    store: EmbeddedStore

    def validate(self) -> ValidationReport:
        return validate_sources(
            self.sources.data,
            self.sources.ontology,
            self.sources.shapes,
            checks_dir().glob("*-violation.rq"),
            self.store.oxigraph,
        )


@dataclass
class BuildResult:
    """What a build wrote, with its validation report."""

    out: Path
    report: ValidationReport
    files: list[Path]
    quads: int


def checks_dir() -> Path:
    return resources.ontology_dir() / "checks"


def _sorted_nquads(dataset: Dataset) -> bytes:
    text = dataset.serialize(format="nquads", encoding="utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return b"\n".join(lines) + b"\n"


def compile_sources(ontology_dir: Path | None = None, data_dir: Path | None = None) -> Compiled:
    """Parse everything and load it into an in-memory store; raises InputError on bad files."""
    sources = read_sources(
        ontology_dir or resources.ontology_dir(), data_dir or resources.data_dir()
    )
    dataset = Dataset()
    for graph in sources.data.graphs():
        if len(graph):
            target = dataset.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
    ontology_graph = dataset.graph(URIRef(ONTOLOGY_GRAPH))
    for triple in sources.ontology:
        ontology_graph.add(triple)
    nquads = _sorted_nquads(dataset)
    store = EmbeddedStore()
    store.oxigraph.load(nquads, format=ox.RdfFormat.N_QUADS)
    return Compiled(sources=sources, dataset=dataset, nquads=nquads, store=store)


def _input_hashes(files: list[Path]) -> dict[str, str]:
    root = resources.resource_root()
    hashes = {}
    for path in files:
        try:
            key = str(path.resolve().relative_to(root))
        except ValueError:
            key = str(path.resolve())
        hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(hashes.items()))


def _bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def _write_outputs(compiled: Compiled, report: ValidationReport, staging: Path) -> list[Path]:
    (staging / DATASET_NQ).write_bytes(compiled.nquads)

    # Re-read the sorted N-Quads so the TriG and Turtle writers see the same order each time.
    dataset = Dataset()
    dataset.parse(data=compiled.nquads, format="nquads")
    _bind_prefixes(dataset)
    (staging / DATASET_TRIG).write_bytes(dataset.serialize(format="trig", encoding="utf-8"))

    union = Graph()
    _bind_prefixes(union)
    for graph in dataset.graphs():
        if str(graph.identifier) != ONTOLOGY_GRAPH:
            for triple in graph:
                union.add(triple)
    (staging / UNION_TTL).write_bytes(union.serialize(format="turtle", encoding="utf-8"))

    store_path = staging / STORE_DIR
    disk = ox.Store(str(store_path))
    disk.bulk_load(compiled.nquads, format=ox.RdfFormat.N_QUADS)
    disk.flush()
    del disk

    (staging / REPORT_TXT).write_text(report.text() + "\n", encoding="utf-8")
    manifest = {
        "invest-kg": __version__,
        "inputs": _input_hashes(compiled.sources.files),
        "graphs": {
            str(g.identifier): len(g)
            for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier))
            if len(g)
        },
        "quads": compiled.nquads.count(b"\n"),
        "conforms": report.conforms,
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return [
        staging / name
        for name in (DATASET_NQ, DATASET_TRIG, UNION_TTL, STORE_DIR, REPORT_TXT, MANIFEST)
    ]


def _install(staged: list[Path], out: Path) -> list[Path]:
    """Move staged outputs into ``out``, each in one rename; the manifest goes last."""
    installed = []
    for path in staged:
        target = out / path.name
        if path.is_dir():
            old = None
            if target.exists():
                old = out / f".old-{path.name}-{os.getpid()}"
                os.replace(target, old)
            os.replace(path, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(path, target)
        installed.append(target)
    return installed


def build(
    out: Path | str = "out",
    *,
    data_dir: Path | None = None,
    ontology_dir: Path | None = None,
    compiled: Compiled | None = None,
) -> BuildResult:
    """Build, validate and write the dataset to ``out``.

    Raises InputError for unreadable files and ValidationFailed (with the report) for a
    graph that breaks its shapes; in both cases ``out`` keeps what it had.
    """
    compiled = compiled or compile_sources(ontology_dir, data_dir)
    report = compiled.validate()
    if not report.conforms:
        raise ValidationFailed(report)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out) as tmp:
        staged = _write_outputs(compiled, report, Path(tmp))
        files = _install(staged, out)
    return BuildResult(out=out, report=report, files=files, quads=compiled.nquads.count(b"\n"))


def is_fresh(out: Path, data_dir: Path | None = None, ontology_dir: Path | None = None) -> bool:
    """Whether ``out`` holds a build of exactly the current curated files."""
    manifest_path = out / MANIFEST
    if not manifest_path.is_file() or not (out / STORE_DIR).is_dir():
        return False
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    from kg.loading import data_files

    ontology = ontology_dir or resources.ontology_dir()
    files = [*ontology.glob("*.ttl"), *data_files(data_dir or resources.data_dir())]
    return bool(manifest.get("inputs") == _input_hashes(sorted(files)))


def validate_store(store: Store) -> ValidationReport:
    """Validate what a store holds against the packaged ontology and shapes."""
    dataset = Dataset()
    for graph_name in store.graphs():
        if graph_name == ONTOLOGY_GRAPH:
            continue
        answer = store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_term(URIRef(graph_name))} "
            "{ ?s ?p ?o } }"
        )
        target = dataset.graph(URIRef(graph_name))
        if answer.graph is not None:
            for triple in answer.graph:
                target.add(triple)
    ontology_dir = resources.ontology_dir()
    ontology = parse_graph(p for p in ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")
    shapes = parse_graph([ontology_dir / "shapes.ttl"])
    scratch = EmbeddedStore()
    scratch.oxigraph.load(_sorted_nquads(dataset), format=ox.RdfFormat.N_QUADS)
    return validate_sources(
        dataset, ontology, shapes, checks_dir().glob("*-violation.rq"), scratch.oxigraph
    )
