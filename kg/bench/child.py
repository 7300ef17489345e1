"""One engine, one dataset, one fresh process: load, ask every question, report.

The benchmark starts this module once per engine and size (``python -m kg.bench.child``)
so that each engine's peak memory (VmHWM of this process) is its own. It appends
its measurements to the file named by ``--events`` as JSON lines, as they happen.

Engines:

``invest-kg``
    What an analyst's script does: a :class:`~kg.graph.KnowledgeGraph` over an in-memory
    :class:`~kg.store.embedded.EmbeddedStore`, asked through ``KnowledgeGraph.query`` with
    labels as parameters (label resolution, parameter binding, rows of rdflib terms).
``pyoxigraph``
    The floor: ``Store.load`` and ``Store.query`` on the final query text (the one
    invest-kg runs after binding), with the union default graph.
``rdflib``
    The baseline users would otherwise use: an in-memory ``Dataset`` with a union default
    graph and rdflib's own SPARQL engine, each query cut off after ``--cap`` seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from kg.queries import BIND_PLACES

__all__ = ["ENGINES", "REPEAT_BUDGET", "VARIANTS", "main", "measure"]

ENGINES = ("invest-kg", "pyoxigraph", "rdflib")

#: A query is repeated only while its runs add up to less than this (seconds), so that a
#: slow query costs one or two runs, not ``repeat`` of them.
REPEAT_BUDGET = 10.0

#: Other texts of the same question that the raw pyoxigraph engine also times: its
#: parameters bound at every place invest-kg knows (kg.queries.BIND_PLACES).
VARIANTS = BIND_PLACES


class CapExceeded(Exception):
    """A query ran longer than the cap and was stopped."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise CapExceeded


def _peak_bytes() -> int:
    """This process's peak resident memory since it started its program.

    Linux's VmHWM belongs to the program's own address space; ``ru_maxrss`` also keeps
    the high-water mark of the forked parent's memory across ``exec``, which would
    charge the benchmark runner's own memory to every engine."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    # Elsewhere, ru_maxrss: kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


def _current_bytes() -> int:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * resource.getpagesize()
    except OSError:
        return 0


def _timed(run: Callable[[], int], cap: float) -> tuple[float | None, int]:
    """Seconds ``run`` took and the rows it returned; (None, 0) when it hit the cap."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        rows = run()
    except CapExceeded:
        return None, 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start, rows


def _invest_kg(data: Path) -> tuple[Callable[[dict[str, Any]], Callable[[], int]], Any]:
    from kg.graph import KnowledgeGraph
    from kg.store.embedded import EmbeddedStore

    graph = KnowledgeGraph(EmbeddedStore())
    graph.store.load(data.read_bytes())

    def prepare(item: dict[str, Any]) -> Callable[[], int]:
        return lambda: len(graph.query(item["name"], **item["params"]).rows)

    return prepare, graph


def _pyoxigraph(data: Path) -> tuple[Callable[[dict[str, Any]], Callable[[], int]], Any]:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(data), format=ox.RdfFormat.N_QUADS)

    def prepare(item: dict[str, Any]) -> Callable[[], int]:
        def run() -> int:
            answer = store.query(item["text"], use_default_graph_as_union=True)
            assert isinstance(answer, ox.QuerySolutions)
            return len([tuple(solution) for solution in answer])

        return run

    return prepare, store


def _rdflib(data: Path) -> tuple[Callable[[dict[str, Any]], Callable[[], int]], Any]:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(str(data), format="nquads")

    def prepare(item: dict[str, Any]) -> Callable[[], int]:
        return lambda: len(list(dataset.query(item["text"])))

    return prepare, dataset


_LOADERS = {"invest-kg": _invest_kg, "pyoxigraph": _pyoxigraph, "rdflib": _rdflib}


def measure(
    engine: str,
    data: Path,
    workload: list[dict[str, Any]],
    repeat: int,
    cap: float,
    emit: Callable[[dict[str, Any]], None],
) -> None:
    """Load ``data`` into ``engine`` and run each workload query up to ``repeat`` times
    (fewer once its runs add up to ``REPEAT_BUDGET`` seconds; a run stops at ``cap`` where
    the engine is Python). Every step is an event passed to ``emit`` as it happens, so the
    parent keeps what was measured even if it has to stop a run that will not end."""
    emit({"event": "begin", "engine": engine, "baseline_bytes": _current_bytes()})
    start = time.perf_counter()
    prepare, keep = _LOADERS[engine](data)
    emit(
        {
            "event": "load",
            "seconds": time.perf_counter() - start,
            "loaded_bytes": _current_bytes(),
            "peak_after_load_bytes": _peak_bytes(),
        }
    )
    for item in workload:
        skip = set(item.get("skip", ()))
        variants = [("text", item["text"])] if "text" not in skip else []
        if engine == "pyoxigraph":
            # The same query with its parameters bound at each place invest-kg knows,
            # measured on the same store.
            variants += [
                (key, item[f"text_{key}"])
                for key in VARIANTS
                if item.get(f"text_{key}") and key not in skip
            ]
        for variant, text in variants:
            run = prepare({**item, "text": text})
            spent = 0.0
            for _ in range(max(1, repeat)):
                emit({"event": "start", "name": item["name"], "variant": variant})
                seconds, rows = _timed(run, cap)
                if seconds is None:
                    emit({"event": "capped", "name": item["name"], "variant": variant})
                    break
                emit(
                    {
                        "event": "ran",
                        "name": item["name"],
                        "variant": variant,
                        "seconds": seconds,
                        "rows": rows,
                    }
                )
                spent += seconds
                if spent >= REPEAT_BUDGET:
                    break
    del keep
    emit({"event": "end", "peak_bytes": _peak_bytes()})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.bench.child")
    parser.add_argument("--engine", choices=ENGINES, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--workload", type=Path, required=True)
    parser.add_argument("--events", type=Path, required=True, help="JSON lines, appended")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cap", type=float, default=120.0)
    args = parser.parse_args(argv)
    workload = json.loads(args.workload.read_text(encoding="utf-8"))
    with args.events.open("a", encoding="utf-8") as events:

        def emit(event: dict[str, Any]) -> None:
            event["at"] = time.time()
            events.write(json.dumps(event) + "\n")
            events.flush()

        measure(args.engine, args.data, workload, args.repeat, args.cap, emit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
