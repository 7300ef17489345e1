"""The ``kg`` command: a thin layer over the library, one library call per command.

Exit codes: 0 success (or the graph conforms), 1 SHACL violations, 2 usage or input error,
3-6 remote store faults (see kg.errors).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import kg
from kg.build import build, compile_sources, is_fresh
from kg.errors import KgError, UsageError, ValidationFailed
from kg.graph import KnowledgeGraph
from kg.results import FORMATS, format_result
from kg.validation import ValidationReport

__all__ = ["COMMANDS", "main"]

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None]]] = {}


def command(
    name: str, help_text: str
) -> Callable[[Callable[[argparse.ArgumentParser], None]], Callable[[Handler], Handler]]:
    """Register a subcommand: ``@command(name, help)(add_arguments)(handler)``."""

    def with_arguments(
        add: Callable[[argparse.ArgumentParser], None],
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            COMMANDS[name] = (help_text, handler, add)
            return handler

        return register

    return with_arguments


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder of curated data (default: the data shipped with invest-kg)",
    )
    parser.add_argument("--out", type=Path, default=Path("out"), help="build folder (default: out)")


def _store_options(parser: argparse.ArgumentParser) -> None:
    _data_options(parser)
    parser.add_argument(
        "--endpoint",
        default=None,
        help="SPARQL 1.1 query endpoint URL of a remote store (default: the embedded store)",
    )
    parser.add_argument(
        "--format",
        default="table",
        choices=sorted(FORMATS),
        help="table, csv, json (SPARQL 1.1 JSON results); turtle or nt for CONSTRUCT",
    )


def open_graph(args: argparse.Namespace) -> KnowledgeGraph:
    """The graph a read command runs on: remote endpoint, fresh build in out/, or the files."""
    if getattr(args, "endpoint", None):
        from kg.store import open_store

        return KnowledgeGraph(open_store("remote", endpoint=args.endpoint))
    if is_fresh(args.out, data_dir=args.data):
        return kg.load(args.out)
    print(
        f"kg: note: {args.out}/ holds no current build; reading the curated files "
        "(run 'kg build' to query in milliseconds)",
        file=sys.stderr,
    )
    return kg.load(data_dir=args.data)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


@command("build", "load ontology and data, validate, and write the dataset to out/")(_data_options)
def _build(args: argparse.Namespace) -> int:
    result = build(args.out, data_dir=args.data)
    _write(result.report.text() + "\n")
    _write(
        f"Wrote {result.quads} quads to {result.out}/: "
        + ", ".join(p.name for p in result.files)
        + "\n"
    )
    return 0


def _validate_options(parser: argparse.ArgumentParser) -> None:
    _data_options(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


@command(
    "validate", "print a SHACL validation report (exit 0 conforms, 1 violations, 2 input errors)"
)(_validate_options)
def _validate(args: argparse.Namespace) -> int:
    report = compile_sources(data_dir=args.data).validate()
    _write((report.to_json() if args.format == "json" else report.text()) + "\n")
    return 0 if report.conforms else 1


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param takes KEY=VALUE, not {pair!r}")
        params[key.strip()] = value
    return params


def _query_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="a named competency question (see 'kg queries')")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter; entities accept an IRI, a prefixed name or a label",
    )
    _store_options(parser)


@command("query", "answer a named competency question")(_query_options)
def _query(args: argparse.Namespace) -> int:
    with open_graph(args) as graph:
        result = graph.query(args.name, **_parse_params(args.param))
        _write(format_result(result, args.format))
    return 0


def _sparql_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a file with a SELECT, ASK or CONSTRUCT query, or - for stdin")
    _store_options(parser)


@command("sparql", "run any SPARQL query (SELECT, ASK, CONSTRUCT) from a file or stdin")(
    _sparql_options
)
def _sparql(args: argparse.Namespace) -> int:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise kg.InputError(f"cannot read: {exc.strerror}", path=args.file) from None
    with open_graph(args) as graph:
        _write(format_result(graph.sparql(text), args.format))
    return 0


@command("queries", "list the named competency questions and their parameters")(lambda p: None)
def _queries(args: argparse.Namespace) -> int:
    from kg import resources
    from kg.queries import load_queries

    for name, query in load_queries(resources.queries_dir()).items():
        _write(f"{name}: {query.title}\n  {query.question}\n")
        for param in query.parameters:
            _write(f"  --param {param.describe()}\n")
    return 0


def _answers_options(parser: argparse.ArgumentParser) -> None:
    _store_options(parser)


@command("answers", "answer every competency question with its example parameters")(
    _answers_options
)
def _answers(args: argparse.Namespace) -> int:
    with open_graph(args) as graph:
        for name, query in graph.queries.items():
            for example in query.examples or ({},):
                shown = "; ".join(f"{k}={v}" for k, v in example.items())
                _write(f"\n== {name} ({shown})\n{query.question}\n\n")
                _write(format_result(graph.query(name, **example), args.format))
    return 0


# Commands that live beside their subject register themselves on import.
from kg import cli_remote as _cli_remote  # noqa: E402,F401
from kg import cli_visual as _cli_visual  # noqa: E402,F401


def parser() -> argparse.ArgumentParser:
    """The argument parser, built from the command registry."""
    top = argparse.ArgumentParser(
        prog="kg",
        description="invest-kg: an investment knowledge graph (build, validate, query, export)",
    )
    top.add_argument("--version", action="version", version=f"invest-kg {kg.__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, handler, add) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        add(command_parser)
        command_parser.set_defaults(handler=handler)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg``; returns the exit code."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.handler(args))
    except ValidationFailed as exc:
        print(
            exc.report.text() if isinstance(exc.report, ValidationReport) else exc, file=sys.stdout
        )
        print(
            "kg: the graph does not conform to its shapes; out/ was left as it was", file=sys.stderr
        )
        return exc.exit_code
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    # Run the imported kg.cli, whose registry the kg.cli_* modules filled, not this copy.
    from kg.cli import main as _main

    sys.exit(_main())
