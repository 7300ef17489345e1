"""kg serve: a real read-only Oxigraph endpoint over out/, answering curl, stopping cleanly."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from kg.build import BuildResult
from kg.serve import free_port

pytestmark = pytest.mark.slow

KG = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]


@pytest.fixture
def served(built: BuildResult) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``kg serve`` running over the built out/ folder, with the URL it printed."""
    process = subprocess.Popen(
        [*KG, "serve", "--out", str(built.out), "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once the server accepts connections
        assert "http://127.0.0.1:" in line, process.stderr.read() if process.stderr else ""
        yield process, line.split()[-1]
    finally:
        if process.poll() is None:
            process.terminate()  # kg serve stops its server on SIGTERM
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def curl(url: str, query: str, accept: str = "application/sparql-results+json") -> str:
    program = shutil.which("curl")
    assert program, "curl is needed to test kg serve"
    done = subprocess.run(
        [program, "-sS", "--fail", "-m", "30", "-H", f"Accept: {accept}",
         f"{url}?{urllib.parse.urlencode({'query': query})}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_answers_curl_and_stops_cleanly(
    served: tuple[subprocess.Popen[str], str], built: BuildResult, stop: signal.Signals
) -> None:
    process, url = served
    assert url.endswith("/query")
    answer = json.loads(curl(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == built.quads
    # The default graph is the union of the sources; GRAPH still finds each source.
    union = json.loads(curl(url, "ASK { <https://w3id.org/invest-kg/id/kaluga-region> ?p ?o }"))
    assert union["boolean"] is True
    graphs = json.loads(curl(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert len(graphs["results"]["bindings"]) == len(
        json.loads((built.out / "manifest.json").read_text())["graphs"]
    )
    process.send_signal(stop)
    assert process.wait(timeout=60) == 0


def test_serve_is_read_only(served: tuple[subprocess.Popen[str], str]) -> None:
    _process, url = served
    update = url.rsplit("/", 1)[0] + "/update"
    done = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "30",
         "--data-urlencode", "update=DROP ALL", update],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.stdout.startswith("4") or done.stdout.startswith("5")
    answer = json.loads(curl(url, "ASK { GRAPH ?g { ?s ?p ?o } }"))
    assert answer["boolean"] is True


def test_server_stops_when_kg_serve_is_killed(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    """Even a SIGKILL of kg serve (no chance to clean up) does not leave the server running."""
    process, url = served
    process.kill()
    process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            curl(url, "ASK { }")
        except subprocess.CalledProcessError:
            return
        time.sleep(0.1)
    pytest.fail(f"the oxigraph server at {url} outlived kg serve")


def test_serve_needs_a_build(tmp_path: pytest.TempPathFactory) -> None:
    done = subprocess.run([*KG, "serve", "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2 and "kg build" in done.stderr
