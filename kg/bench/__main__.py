"""``python -m kg.bench --out out/bench [--sizes 10k,100k,1m] [--repeat N] [--quick]``.

Prints the table and writes it as Markdown and JSON to ``--out``. Exit 0 whatever the
numbers: the benchmark reports targets, it does not fail on them (exit 2 for bad options).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.bench.child import ENGINES
from kg.bench.generate import parse_size
from kg.bench.run import render_markdown, run_benchmark
from kg.errors import KgError

DEFAULT_SIZES = "10k,100k,1m"
QUICK_SIZES = "3k"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.bench",
        description="Measure invest-kg's embedded store against plain rdflib and raw "
        "pyoxigraph on seeded synthetic investment graphs.",
    )
    parser.add_argument("--out", type=Path, default=Path("out/bench"), help="report folder")
    parser.add_argument(
        "--sizes",
        default=None,
        help=f"comma-separated triple counts (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"one tiny size ({QUICK_SIZES}), one run, a 5 s cap: a smoke test",
    )
    parser.add_argument("--repeat", type=int, default=None, help="runs per query (default 5)")
    parser.add_argument(
        "--cap",
        type=float,
        default=None,
        help="seconds before a query run is cut off (default 120; 5 with --quick)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help=f"comma-separated, from {', '.join(ENGINES)}"
    )
    args = parser.parse_args(argv)
    sizes_text = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 5)
    cap = args.cap if args.cap is not None else (5.0 if args.quick else 120.0)
    command = "python -m kg.bench " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    try:
        sizes = [(part.strip().lower(), parse_size(part)) for part in sizes_text.split(",")]
        if args.repeat is not None and args.repeat < 1:
            raise KgError("--repeat must be at least 1")
        engines = [e.strip() for e in args.engines.split(",") if e.strip()]
        results = run_benchmark(
            sizes,
            args.out,
            repeat=repeat,
            cap=cap,
            seed=args.seed,
            engines=engines,
            command=command.strip(),
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except KgError as exc:
        print(f"kg.bench: {exc}", file=sys.stderr)
        return exc.exit_code
    from kg.bench.run import machine

    print(render_markdown(results, machine(), command.strip()))
    print(f"written: {args.out / 'bench.md'}, {args.out / 'bench.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
