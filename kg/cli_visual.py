"""CLI commands for looking at the graph: ``kg export`` and ``kg analyze``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kg.cli import command, open_graph
from kg.errors import UsageError
from kg.graph import KnowledgeGraph

__all__: list[str] = []


def _graph_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder of curated data (default: the data shipped with invest-kg)",
    )
    parser.add_argument(
        "--build",
        type=Path,
        default=Path("out"),
        help="build folder whose store is read when it is current (default: out)",
    )
    parser.add_argument(
        "--endpoint", default=None, help="SPARQL 1.1 query endpoint URL of a remote store"
    )


def _open(args: argparse.Namespace) -> KnowledgeGraph:
    return open_graph(argparse.Namespace(out=args.build, data=args.data, endpoint=args.endpoint))


def _export_options(parser: argparse.ArgumentParser) -> None:
    from kg.export import EXPORTERS
    from kg.network import VIEWS

    formats = ", ".join(f"{name} (.{cls.extension})" for name, cls in sorted(EXPORTERS.items()))
    parser.add_argument("--format", "-f", help=f"export format: {formats}")
    parser.add_argument(
        "--view", default="full", help=f"which part of the graph: {', '.join(sorted(VIEWS))}"
    )
    parser.add_argument("--focus", help="only the neighbourhood of this entity (label or IRI)")
    parser.add_argument("--depth", type=int, help="hops around --focus (default 1)")
    parser.add_argument(
        "--all",
        action="store_true",
        help="write the standard set of exports of the Kaluga graph into the folder --out",
    )
    parser.add_argument(
        "--out", "-o", type=Path, required=True, help="file to write (a folder with --all)"
    )
    _graph_options(parser)


@command(
    "export", "write the graph or a view of it for Gephi, yEd, Cytoscape, Graphviz, a browser"
)(_export_options)
def _export(args: argparse.Namespace) -> int:
    from kg.export import export, export_all, exporter
    from kg.network import VIEWS

    if args.all:
        if args.format or args.focus or args.depth is not None:
            raise UsageError("--all writes a fixed set; leave out --format, --focus and --depth")
        with _open(args) as graph:
            paths = export_all(graph, args.out)
        print(f"Wrote {len(paths)} exports to {args.out}/: " + ", ".join(p.name for p in paths))
        return 0
    if not args.format:
        raise UsageError("give --format FORMAT (or --all)")
    exporter(args.format)  # an unknown format is refused before any reading
    if args.view not in VIEWS:
        raise UsageError(f"unknown view {args.view!r}; the views are: {', '.join(sorted(VIEWS))}")
    with _open(args) as graph:
        path = export(
            graph, args.format, args.out, view=args.view, focus=args.focus, depth=args.depth
        )
    print(f"Wrote {path}")
    return 0


def _analyze_options(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="analysis", metavar="ANALYSIS", required=True)
    parent = sub.add_parser("parent", help="the ultimate parents of a company")
    parent.add_argument("entity", help="company or joint venture (label or IRI)")
    parent.add_argument("--date", help="follow the stakes valid on this day (YYYY-MM-DD)")
    invest = sub.add_parser(
        "investment", help="investment into a region by origin country or sector, per currency"
    )
    invest.add_argument("region", help="region (label or IRI)")
    invest.add_argument("--by", default="origin", help="origin (default) or sector")
    central = sub.add_parser("centrality", help="degree and betweenness centrality")
    central.add_argument("--view", default="full")
    central.add_argument("--top", type=int, default=10, help="how many entities (default 10)")
    path = sub.add_parser("path", help="the shortest connection between two entities")
    path.add_argument("start", help="entity (label or IRI)")
    path.add_argument("end", help="entity (label or IRI)")
    path.add_argument("--view", default="full", help="the view to search in (default full)")
    for each in (parent, invest, central, path):
        each.add_argument("--format", choices=("text", "json"), default="text")
        _graph_options(each)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _print(args: argparse.Namespace, text: str, data: Any) -> None:
    if args.format == "json":
        sys.stdout.write(json.dumps(_jsonable(data), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(text + "\n")


@command("analyze", "ultimate parents, investment by origin or sector, centrality, connections")(
    _analyze_options
)
def _analyze(args: argparse.Namespace) -> int:
    from kg import analyze

    with _open(args) as graph:
        if args.analysis == "parent":
            parents = analyze.ultimate_parents(graph, args.entity, on=args.date)
            _print(args, "\n".join(p.text() for p in parents), [asdict(p) for p in parents])
        elif args.analysis == "investment":
            groups = analyze.investment_by(graph, args.region, by=args.by)
            data = [dict(asdict(g), total=g.total) for g in groups]
            _print(args, "\n".join(g.text() for g in groups) or "no investment figures", data)
        elif args.analysis == "centrality":
            rows = analyze.centrality(graph, view=args.view)[: max(args.top, 0)]
            lines = [f"{r.betweenness:.4f}  {r.degree:3d}  {r.label} ({r.type})" for r in rows]
            _print(
                args, "betweenness degree entity\n" + "\n".join(lines), [asdict(r) for r in rows]
            )
        else:
            found = analyze.shortest_connection(graph, args.start, args.end, view=args.view)
            _print(args, found.text(), asdict(found))
    return 0
