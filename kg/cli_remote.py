"""CLI commands for remote stores: ``kg push`` and ``kg serve``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli import _write, command
from kg.store import remote as _remote  # noqa: F401  (registers the "remote" store kind)

__all__: list[str] = []


def _push_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, help="SPARQL 1.1 query endpoint URL")
    parser.add_argument(
        "--update-endpoint", default=None, help="SPARQL 1.1 Update endpoint URL (for MOVE/DROP)"
    )
    parser.add_argument(
        "--gsp-endpoint", default=None, help="SPARQL 1.1 Graph Store HTTP Protocol endpoint URL"
    )
    parser.add_argument(
        "--graph-prefix",
        default=None,
        metavar="IRI",
        help="name the source graphs under this IRI instead of https://w3id.org/invest-kg/source/",
    )
    parser.add_argument("--out", type=Path, default=Path("out"), help="build folder (default: out)")


@command(
    "push",
    "load the built dataset into a SPARQL store, replacing each source's named graph whole",
)(_push_options)
def _push(args: argparse.Namespace) -> int:
    from kg.push import push
    from kg.store.remote import RemoteStore

    store = RemoteStore(
        args.endpoint, update_endpoint=args.update_endpoint, gsp_endpoint=args.gsp_endpoint
    )

    def progress(graph: str, triples: int) -> None:
        _write(f"replaced <{graph}>: {triples} triples\n")

    report = push(store, args.out, graph_prefix=args.graph_prefix, progress=progress)
    _write(f"Pushed {report.triples} triples in {len(report.graphs)} graphs to {store.endpoint}\n")
    return 0


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("out"), help="build folder (default: out)")
    parser.add_argument(
        "--port", type=int, default=7878, help="port on 127.0.0.1 (default: 7878; 0 picks one)"
    )


@command("serve", "serve the built dataset as a read-only SPARQL endpoint on 127.0.0.1")(
    _serve_options
)
def _serve(args: argparse.Namespace) -> int:
    from kg.serve import serve

    def announce(text: str) -> None:
        print(text, file=sys.stdout, flush=True)

    return serve(args.out, port=args.port, announce=announce)
