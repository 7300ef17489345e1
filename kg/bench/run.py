"""Run the benchmark at several sizes and write the table (Markdown and JSON).

For each size: generate the synthetic graph, add the ontology graph (as ``kg build``
does), fix the parameters of every competency question to entities the synthetic graph
has, then start one fresh process per engine (:mod:`kg.bench.child`). Ratios and target
checks are computed here; nothing fails on a missed target.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg import resources
from kg.bench.child import ENGINES, VARIANTS
from kg.bench.generate import Generated, Landmarks, generate
from kg.errors import UsageError
from kg.files import write_atomic
from kg.loading import parse_graph
from kg.namespaces import ONTOLOGY_GRAPH, expand
from kg.queries import NamedQuery, bind_values, load_queries, resolve_parameters

__all__ = [
    "TARGETS",
    "SizeResult",
    "machine",
    "render_markdown",
    "run_benchmark",
    "workload",
]

#: The issue's targets at 1M triples.
TARGETS = {
    "speedup": 100.0,  # each question at least this many times faster than rdflib ...
    "fast_enough": 0.050,  # ... or answered in under this many seconds
    "overhead": 1.2,  # invest-kg / raw pyoxigraph at most
    "load_speedup": 8.0,  # rdflib parse time / invest-kg load time at least
    "memory_ratio": 0.5,  # invest-kg peak memory / rdflib peak memory at most
}

ENGINE_TITLES = {
    "invest-kg": "invest-kg (embedded)",
    "pyoxigraph": "raw pyoxigraph",
    "rdflib": "rdflib in-memory",
}


def _entity_value(landmarks: Landmarks, cls: str | None) -> str | None:
    """The label (or prefixed name) of the landmark entity of class ``cls``."""
    by_class = {
        "ikg:Region": landmarks.region,
        "ikg:Event": landmarks.event,
        "ikg:Site": landmarks.zone,
        "ikg:Company": landmarks.venture,
        "ikg:SourceDocument": landmarks.source,
        "ikg:Country": "France",
    }
    return by_class.get(cls or "")


def _label_index(landmarks: Landmarks) -> dict[str, str]:
    return {
        landmarks.region: landmarks.region_iri,
        landmarks.event: landmarks.event_iri,
        landmarks.zone: landmarks.zone_iri,
        landmarks.venture: landmarks.venture_iri,
        landmarks.source: landmarks.source_iri,
        "France": expand("id:france") or "",
    }


def workload(
    queries: dict[str, NamedQuery], landmarks: Landmarks
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each competency question with its first example's parameters adapted to the
    synthetic graph, and the final query text invest-kg runs once they are bound.

    Returns the workload and notes on questions left out (a parameter it cannot fill)."""
    index = _label_index(landmarks)

    def resolve(value: str, cls: str | None) -> URIRef:
        return URIRef(index.get(value) or expand(value) or value)

    items: list[dict[str, Any]] = []
    notes: list[str] = []
    for name, query in sorted(queries.items()):
        wanted = set(query.examples[0]) if query.examples else set()
        params: dict[str, str] = {}
        missing = []
        for param in query.parameters:
            if not param.required and param.name not in wanted:
                continue
            value: str | None
            if param.kind == "entity":
                value = _entity_value(landmarks, param.cls)
            elif param.kind == "year":
                facilities = "facilit" in name
                value = landmarks.commissioned_year if facilities else landmarks.indicator_year
            else:
                value = None
            if value is None:
                missing.append(param.name)
            else:
                params[param.name] = value
        if missing:
            notes.append(f"{name}: left out, no synthetic value for {', '.join(missing)}")
            continue
        bindings = resolve_parameters(query, params, resolve)
        item: dict[str, Any] = {
            "name": name,
            "params": params,
            "text": bind_values(query.text, bindings, query.bind_at),
        }
        # The same question with its parameters bound at every place invest-kg knows, to
        # show raw pyoxigraph's plan for each beside the place the query's header chose.
        for place in VARIANTS:
            item[f"text_{place}"] = bind_values(query.text, bindings, place)
        items.append(item)
    return items, notes


def _ontology_nquads() -> str:
    """The ontology and alignments as N-Quads in their named graph, sorted."""
    folder = resources.ontology_dir()
    graph = parse_graph(p for p in folder.glob("*.ttl") if p.name != "shapes.ttl")
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(
        line[: -len(" .")] + f" <{ONTOLOGY_GRAPH}> .\n"
        for line in text.splitlines()
        if line.strip()
    )
    return "".join(lines)


def machine() -> dict[str, Any]:
    """Where the numbers came from: CPU, cores, memory, Python and library versions, date."""
    cpu = platform.processor() or platform.machine()
    memory = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    versions = {}
    for package in ("invest-kg", "rdflib", "pyoxigraph", "pyshacl"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


@dataclass
class SizeResult:
    """The measurements at one size: the graph, the questions, and each engine's run."""

    label: str
    target: int
    quads: int
    groups: int
    regions: int
    graphs: int
    seed: int
    workload: list[dict[str, Any]]
    engines: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "size": self.label,
            "target_triples": self.target,
            "quads": self.quads,
            "groups": self.groups,
            "regions": self.regions,
            "graphs": self.graphs,
            "seed": self.seed,
            "workload": [{"name": w["name"], "params": w["params"]} for w in self.workload],
            "engines": self.engines,
            "ratios": ratios(self),
            "notes": self.notes,
        }


def _query_median(result: SizeResult, engine: str, name: str) -> float | None:
    run = result.engines.get(engine, {}).get("queries", {}).get(name)
    return None if run is None else run.get("median")


def ratios(result: SizeResult) -> dict[str, Any]:
    """Speed-ups, overheads and the memory ratio, and whether each meets its target."""
    out: dict[str, Any] = {"queries": {}}
    cap = result.engines.get("rdflib", {}).get("cap")
    for item in result.workload:
        name = item["name"]
        ikg = _query_median(result, "invest-kg", name)
        raw = _query_median(result, "pyoxigraph", name)
        base = _query_median(result, "rdflib", name)
        capped = bool(
            result.engines.get("rdflib", {}).get("queries", {}).get(name, {}).get("capped")
        )
        speedup = None
        at_least = False
        if ikg:
            if base is not None:
                speedup = base / ikg
            elif capped and cap:
                speedup, at_least = cap / ikg, True
        overhead = ikg / raw if ikg and raw else None
        out["queries"][name] = {
            "speedup": speedup,
            "speedup_at_least": at_least,
            "overhead": overhead,
            "speed_target_met": (ikg is not None and ikg < TARGETS["fast_enough"])
            or (speedup is not None and speedup >= TARGETS["speedup"]),
            "overhead_target_met": overhead is not None and overhead <= TARGETS["overhead"],
        }
    ikg_run = result.engines.get("invest-kg", {})
    raw_run = result.engines.get("pyoxigraph", {})
    base_run = result.engines.get("rdflib", {})
    load = base_run["load"] / ikg_run["load"] if ikg_run and base_run else None
    after = "peak_after_load_bytes"
    memory = (
        ikg_run[after] / base_run[after] if ikg_run.get(after) and base_run.get(after) else None
    )
    memory_run = (
        ikg_run["peak_bytes"] / base_run["peak_bytes"]
        if ikg_run.get("peak_bytes") and base_run.get("peak_bytes")
        else None
    )
    load_overhead = ikg_run["load"] / raw_run["load"] if ikg_run and raw_run else None
    out["load_speedup"] = load
    out["load_target_met"] = load is not None and load >= TARGETS["load_speedup"]
    out["load_overhead"] = load_overhead
    out["memory_ratio"] = memory
    out["memory_ratio_run"] = memory_run
    out["memory_target_met"] = memory is not None and memory <= TARGETS["memory_ratio"]
    return out


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _times(value: float | None, at_least: bool = False) -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}x" if value >= 100 else f"{value:.2f}x" if value < 10 else f"{value:.1f}x"
    return f"> {text}" if at_least else text


def _mb(value: int | None) -> str:
    return "-" if not value else f"{value / 2**20:,.0f} MB"


def _yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


COLUMNS = [
    "measure",
    "invest-kg (embedded)",
    "raw pyoxigraph",
    "raw, values at end",
    "raw, values at start",
    "raw, IRIs inline",
    "rdflib in-memory",
    "rdflib / invest-kg",
    "invest-kg / raw",
    "rows",
    "target met",
]


def table_rows(result: SizeResult) -> list[list[str]]:
    """The table at one size: load, peak memory, then one row per competency question."""
    r = ratios(result)
    engines = result.engines
    cap = engines.get("rdflib", {}).get("cap")

    def engine_cell(engine: str, name: str) -> str:
        run = engines.get(engine, {}).get("queries", {}).get(name)
        if run is None:
            return "-"
        if run.get("capped"):
            return f"> {_seconds(cap)} (cap)"
        return _seconds(run.get("median"))

    def variant_cell(name: str, variant: str) -> str:
        run = engines.get("pyoxigraph", {}).get("queries", {}).get(name, {}).get(variant)
        if run is None:
            return "-"
        if run.get("capped"):
            return f"> {_seconds(cap)} (cap)"
        return _seconds(run.get("median"))

    def rows_cell(name: str) -> str:
        counts = []
        for engine in ENGINES:
            run = engines.get(engine, {}).get("queries", {}).get(name)
            counts.append("-" if run is None or run.get("rows") is None else str(run["rows"]))
        return " / ".join(counts)

    def load_of(engine: str) -> float | None:
        run = engines.get(engine)
        return None if run is None else float(run["load"])

    def peak_of(engine: str, key: str = "peak_bytes") -> int | None:
        run = engines.get(engine)
        return None if run is None or not run.get(key) else int(run[key])

    rows = [
        [
            "load",
            _seconds(load_of("invest-kg")),
            _seconds(load_of("pyoxigraph")),
            *([""] * len(VARIANTS)),
            _seconds(load_of("rdflib")),
            _times(r["load_speedup"]),
            _times(r["load_overhead"]),
            "",
            f"{_yes(r['load_target_met'])} (>= {TARGETS['load_speedup']:.0f}x)",
        ],
        [
            "peak memory, graph loaded",
            _mb(peak_of("invest-kg", "peak_after_load_bytes")),
            _mb(peak_of("pyoxigraph", "peak_after_load_bytes")),
            *([""] * len(VARIANTS)),
            _mb(peak_of("rdflib", "peak_after_load_bytes")),
            "-" if r["memory_ratio"] is None else f"invest-kg uses {r['memory_ratio']:.2f}x",
            "",
            "",
            f"{_yes(r['memory_target_met'])} (<= {TARGETS['memory_ratio']:.1f}x rdflib)",
        ],
        [
            "peak memory, whole run",
            _mb(peak_of("invest-kg")),
            _mb(peak_of("pyoxigraph")),
            *([""] * len(VARIANTS)),
            _mb(peak_of("rdflib")),
            "-"
            if r["memory_ratio_run"] is None
            else f"invest-kg uses {r['memory_ratio_run']:.2f}x",
            "",
            "",
            "",
        ],
    ]
    for item in result.workload:
        name = item["name"]
        q = r["queries"][name]
        rows.append(
            [
                name,
                engine_cell("invest-kg", name),
                engine_cell("pyoxigraph", name),
                *(variant_cell(name, place) for place in VARIANTS),
                engine_cell("rdflib", name),
                _times(q["speedup"], q["speedup_at_least"]),
                _times(q["overhead"]),
                rows_cell(name),
                f"speed {_yes(q['speed_target_met'])}, overhead {_yes(q['overhead_target_met'])}",
            ]
        )
    return rows


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(results: list[SizeResult], info: dict[str, Any], command: str) -> str:
    """The whole report: machine, command, targets, and one table per size."""
    versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items())
    parts = [
        "# invest-kg benchmark",
        "",
        f"- Machine: {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_bytes'] / 2**30:.1f} GiB memory, {info['os']}",
        f"- Python {info['python']}; {versions}",
        f"- Date: {info['date']}",
        f"- Command: `{command}`",
        "",
        "Each engine runs in a fresh process per size: load time, median latency of each "
        "competency question, peak resident memory of the engine's process (VmHWM). invest-kg "
        "runs `KnowledgeGraph.query` with labels as parameters (label resolution, binding, "
        "rows as rdflib terms); raw pyoxigraph and rdflib run the same final query text. "
        "rdflib queries stop at the cap and are repeated only while their runs add up to "
        "less than 10 s. Rows are given as invest-kg / pyoxigraph / rdflib.",
        "",
        "Targets (issue 3, at 1M triples): every question at least "
        f"{TARGETS['speedup']:.0f}x faster than rdflib or under "
        f"{TARGETS['fast_enough'] * 1000:.0f} ms; invest-kg at most {TARGETS['overhead']}x "
        f"raw pyoxigraph; load at least {TARGETS['load_speedup']:.0f}x faster than rdflib; "
        f"peak memory at most {TARGETS['memory_ratio']:.1f}x rdflib's.",
    ]
    for result in results:
        repeat = max(
            (
                q.get("runs", 0)
                for q in result.engines.get("invest-kg", {}).get("queries", {}).values()
            ),
            default=0,
        )
        parts += [
            "",
            f"## {result.label} triples",
            "",
            f"{result.quads:,} quads in {result.graphs:,} source graphs plus the ontology graph "
            f"({result.groups:,} parent groups, {result.regions} regions; seed {result.seed}; "
            f"median of {repeat} runs).",
            "",
            _markdown_table(COLUMNS, table_rows(result)),
        ]
        if result.notes:
            parts += ["", *[f"- {note}" for note in result.notes]]
        params = "; ".join(
            f"{w['name']}: " + ", ".join(f"{k}={v}" for k, v in w["params"].items())
            for w in result.workload
        )
        parts += ["", f"Parameters: {params}."]
    return "\n".join(parts) + "\n"


def _peak_of_process(pid: int) -> int:
    """The peak resident memory (VmHWM) of a live process, 0 where unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


#: Seconds a run may overshoot the cap before the watchdog stops the child (the engines
#: written in Rust cannot be interrupted from inside, so the parent stops them).
GRACE = 5.0


def _run_child(
    engine: str,
    data: Path,
    items: list[dict[str, Any]],
    folder: Path,
    repeat: int,
    cap: float,
) -> dict[str, Any]:
    """Run one engine in fresh processes until every question was measured or capped.

    A run that outlives the cap is stopped by killing the child; the next child loads the
    data again and goes on with the questions left. Peak memory is the highest of them."""
    runs: dict[tuple[str, str], dict[str, Any]] = {}
    done: set[tuple[str, str]] = set()
    summary: dict[str, Any] = {"engine": engine, "cap": cap, "restarts": 0, "peak_bytes": 0}
    remaining = items
    attempt = 0
    while remaining:
        events_file = folder / f"events-{engine}-{attempt}.jsonl"
        events_file.unlink(missing_ok=True)
        workload_file = folder / f"workload-{engine}-{attempt}.json"
        write_atomic(workload_file, json.dumps(remaining).encode("utf-8"))
        command = [
            sys.executable,
            "-m",
            "kg.bench.child",
            "--engine",
            engine,
            "--data",
            str(data),
            "--workload",
            str(workload_file),
            "--events",
            str(events_file),
            "--repeat",
            str(repeat),
            "--cap",
            str(cap),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        offset = 0
        current: tuple[str, str] | None = None
        started = 0.0
        killed = False

        def read_events(events_file: Path = events_file) -> None:
            nonlocal offset, current, started
            if not events_file.is_file():
                return
            with events_file.open(encoding="utf-8") as handle:
                handle.seek(offset)
                while True:
                    line = handle.readline()
                    if not line.endswith("\n"):
                        break
                    offset += len(line.encode("utf-8"))
                    event = json.loads(line)
                    kind = event["event"]
                    if kind == "begin" and "baseline_bytes" not in summary:
                        summary["baseline_bytes"] = event["baseline_bytes"]
                    elif kind == "load" and "load" not in summary:
                        summary["load"] = event["seconds"]
                        summary["loaded_bytes"] = event["loaded_bytes"]
                        summary["peak_after_load_bytes"] = event["peak_after_load_bytes"]
                    if kind == "load":
                        peak = max(summary["peak_bytes"], event["peak_after_load_bytes"])
                        summary["peak_bytes"] = peak
                    elif kind == "start":
                        key = (event["name"], event["variant"])
                        if current is not None and current != key:
                            done.add(current)
                        current, started = key, time.monotonic()
                    elif kind == "ran":
                        key = (event["name"], event["variant"])
                        run = runs.setdefault(key, {"times": [], "rows": None, "capped": False})
                        run["times"].append(event["seconds"])
                        run["rows"] = event["rows"]
                    elif kind == "capped":
                        key = (event["name"], event["variant"])
                        runs.setdefault(key, {"times": [], "rows": None, "capped": False})
                        runs[key]["capped"] = True
                    elif kind == "end":
                        if current is not None:
                            done.add(current)
                        summary["peak_bytes"] = max(summary["peak_bytes"], event["peak_bytes"])

        while process.poll() is None:
            time.sleep(0.2)
            read_events()
            if current is not None and time.monotonic() - started > cap + GRACE:
                summary["peak_bytes"] = max(summary["peak_bytes"], _peak_of_process(process.pid))
                process.kill()
                killed = True
                break
        _, stderr = process.communicate()
        read_events()
        if killed and current is not None:
            run = runs.setdefault(current, {"times": [], "rows": None, "capped": False})
            if not run["times"]:
                run["capped"] = True
            done.add(current)
            summary["restarts"] += 1
        elif process.returncode != 0:
            tail = stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            summary["error"] = f"exit {process.returncode}: " + " | ".join(tail)
            break
        progressed = []
        for item in remaining:
            wanted = ["text"]
            if engine == "pyoxigraph":
                wanted += [v for v in VARIANTS if item.get(f"text_{v}")]
            left = [v for v in wanted if (item["name"], v) not in done]
            if left:
                skip = [v for v in wanted if v not in left]
                progressed.append({**item, "skip": skip})
        if len(progressed) == len(remaining) and not killed:
            summary["error"] = "the child stopped without measuring anything"
            break
        remaining = progressed
        attempt += 1
    queries: dict[str, Any] = {}
    for item in items:
        name = item["name"]
        main = runs.get((name, "text"), {"times": [], "rows": None, "capped": False})
        times = main["times"]
        entry: dict[str, Any] = {
            "median": statistics.median(times) if times else None,
            "runs": len(times),
            "times": times,
            "rows": main["rows"] if times else None,
            "capped": bool(main["capped"] and not times),
        }
        for key in VARIANTS:
            variant = runs.get((name, key))
            if variant is not None:
                entry[key] = {
                    "median": statistics.median(variant["times"]) if variant["times"] else None,
                    "rows": variant["rows"],
                    "capped": bool(variant["capped"] and not variant["times"]),
                }
        queries[name] = entry
    summary["queries"] = queries
    return summary


def run_benchmark(
    sizes: Sequence[tuple[str, int]],
    out: Path,
    *,
    repeat: int = 5,
    cap: float = 120.0,
    seed: int = 42,
    engines: Sequence[str] = ENGINES,
    command: str = "python -m kg.bench",
    log: Callable[[str], None] = print,
) -> list[SizeResult]:
    """Measure every engine at every size; write ``bench.md`` and ``bench.json`` to ``out``
    after each size (so a long run shows its finished sizes), and return the results."""
    for engine in engines:
        if engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    queries = load_queries(resources.queries_dir())
    ontology = _ontology_nquads()
    info = machine()
    results: list[SizeResult] = []
    data_dir = out / "data"
    for label, size in sizes:
        log(f"[{label}] generating a synthetic graph of about {size:,} triples (seed {seed})")
        generated: Generated = generate(size, seed)
        data = data_dir / f"bench-{label}.nq"
        write_atomic(data, generated.nquads() + ontology.encode("utf-8"))
        items, notes = workload(queries, generated.landmarks)
        counts = (generated.quads, generated.groups, generated.regions, generated.graphs)
        # The children measure their own memory; the runner holds no graph while they run.
        del generated
        workload_file = data_dir / f"workload-{label}.json"
        write_atomic(workload_file, json.dumps(items, indent=2).encode("utf-8"))
        result = SizeResult(
            label=label,
            target=size,
            quads=counts[0],
            groups=counts[1],
            regions=counts[2],
            graphs=counts[3],
            seed=seed,
            workload=items,
            notes=notes,
        )
        for engine in engines:
            log(f"[{label}] {engine}: loading and asking {len(items)} questions")
            measured = _run_child(engine, data, items, data_dir, repeat, cap)
            if "error" in measured:
                result.notes.append(f"{engine} failed: {measured['error']}")
                log(f"[{label}] {engine} FAILED: {measured['error']}")
            if "load" not in measured:
                continue
            result.engines[engine] = measured
            log(f"[{label}] {engine}: loaded in {_seconds(measured['load'])}")
        results.append(result)
        markdown = render_markdown(results, info, command)
        write_atomic(out / "bench.md", markdown.encode("utf-8"))
        report: dict[str, Any] = {"machine": info, "command": command, "targets": TARGETS}
        report["sizes"] = [r.to_json() for r in results]
        write_atomic(out / "bench.json", (json.dumps(report, indent=2) + "\n").encode("utf-8"))
    return results
