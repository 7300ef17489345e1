"""Reading the curated files: ontology, shapes and per-source TriG data.

rdflib parses them (it gives line numbers on syntax errors); every problem becomes an
:class:`~kg.errors.InputError` naming the file and line, raised before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import InputError

__all__ = ["Sources", "data_files", "parse_dataset", "parse_graph", "read_sources"]

_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt"}


def _format_of(path: Path) -> str:
    try:
        return _FORMATS[path.suffix]
    except KeyError:
        known = ", ".join(sorted(_FORMATS))
        raise InputError(f"unknown file type; expected one of {known}", path=str(path)) from None


def _parse_into(target: Graph, path: Path) -> None:
    try:
        target.parse(path, format=_format_of(path))
    except BadSyntax as exc:
        reason = getattr(exc, "_why", None) or str(exc)
        raise InputError(f"syntax error: {reason}", path=str(path), line=exc.lines + 1) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from None
    except Exception as exc:  # rdflib raises plain exceptions for some malformed input
        raise InputError(f"cannot parse: {exc}", path=str(path)) from None


def parse_graph(paths: Iterable[Path]) -> Graph:
    """One graph from Turtle files (the ontology, the shapes)."""
    graph = Graph()
    for path in sorted(paths):
        _parse_into(graph, path)
    return graph


def data_files(root: Path) -> list[Path]:
    """The curated data files under ``root``, in a stable order."""
    if not root.is_dir():
        raise InputError("data folder not found", path=str(root))
    return sorted(p for p in root.rglob("*") if p.suffix in _FORMATS and p.is_file())


def parse_dataset(paths: Iterable[Path]) -> tuple[Dataset, dict[str, list[str]]]:
    """A dataset of named graphs, and for each graph the files that contributed to it.

    Triples outside a named graph have no source: they are reported as an input error.
    """
    dataset = Dataset()
    graph_files: dict[str, list[str]] = {}
    for path in sorted(paths):
        single = Dataset()
        _parse_into(single, path)
        default = single.default_graph
        if len(default) > 0:
            subject = next(iter(default))[0]
            raise InputError(
                f"{len(default)} triple(s) outside any named graph (first about {subject}); "
                "put each fact inside the named graph of the source that states it",
                path=str(path),
            )
        for graph in single.graphs():
            if graph.identifier == default.identifier or len(graph) == 0:
                continue
            name = str(graph.identifier)
            graph_files.setdefault(name, []).append(str(path))
            target = dataset.graph(URIRef(name))
            for triple in graph:
                target.add(triple)
    return dataset, graph_files


@dataclass
class Sources:
    """Everything a build reads, parsed."""

    ontology: Graph
    shapes: Graph
    data: Dataset
    graph_files: dict[str, list[str]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def read_sources(ontology_dir: Path, data_dir: Path) -> Sources:
    """Parse the ontology (all ``*.ttl`` but the shapes), the shapes and the data."""
    if not ontology_dir.is_dir():
        raise InputError("ontology folder not found", path=str(ontology_dir))
    ontology_files = [p for p in ontology_dir.glob("*.ttl") if p.name != "shapes.ttl"]
    shape_file = ontology_dir / "shapes.ttl"
    if not shape_file.is_file():
        raise InputError("shapes file not found", path=str(shape_file))
    files = data_files(data_dir)
    ontology = parse_graph(ontology_files)
    shapes = parse_graph([shape_file])
    data, graph_files = parse_dataset(files)
    return Sources(
        ontology=ontology,
        shapes=shapes,
        data=data,
        graph_files=graph_files,
        files=sorted([*ontology_files, shape_file, *files]),
    )
