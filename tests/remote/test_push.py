"""kg push against real stores: every graph arrives, a re-push replaces instead of adding,
and a push that fails part-way leaves the old graph as it was."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.build import MANIFEST, BuildResult
from kg.cli import main
from kg.config import EndpointConfig
from kg.errors import EXIT_INPUT, EXIT_PUSH_INCOMPLETE, PushIncomplete, RemoteHTTPError
from kg.push import push
from kg.serve import Server
from kg.store.remote import RemoteStore

if TYPE_CHECKING:
    from conftest import Virtuoso

pytestmark = pytest.mark.slow

G = "https://w3id.org/invest-kg/test/"


def manifest_graphs(built: BuildResult) -> dict[str, int]:
    graphs: dict[str, int] = json.loads((built.out / MANIFEST).read_text())["graphs"]
    return graphs


def scratch(server: Server, *, gsp: bool = False, update: bool = True) -> RemoteStore:
    return RemoteStore(
        config=EndpointConfig(
            endpoint=server.query_url,
            update_endpoint=server.update_url if update else None,
            gsp_endpoint=server.gsp_url if gsp else None,
        )
    )


def nt(*objects: str) -> bytes:
    return "".join(f'<urn:s> <urn:p> "{o}" .\n' for o in objects).encode()


def contents(store: RemoteStore, graph: str) -> set[str]:
    rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return {str(row["o"]) for row in rows}


def temporary_graphs(store: RemoteStore) -> list[str]:
    return [g for g in store.graphs() if g.startswith("urn:invest-kg:push:")]


@pytest.mark.parametrize("how", ["update", "gsp", "gsp-only"])
def test_push_loads_every_graph_and_repush_replaces(
    scratch_server: Server, built: BuildResult, how: str
) -> None:
    store = scratch(scratch_server, gsp=how != "update", update=how != "gsp-only")
    prefix = f"{G}{how}/"
    for _ in range(2):  # the second push must replace, not add
        report = push(store, built.out, graph_prefix=prefix)
        assert len(report.graphs) == len(manifest_graphs(built))
        for graph, triples in report.graphs.items():
            assert graph.startswith(prefix)
            assert store.count(graph) == triples
    assert sorted(report.graphs.values()) == sorted(manifest_graphs(built).values())
    assert temporary_graphs(store) == []


def test_replace_drops_what_the_new_content_lacks(scratch_server: Server) -> None:
    store = scratch(scratch_server)
    store.replace_graph(f"{G}replace", nt("old", "kept"))
    store.replace_graph(f"{G}replace", nt("kept", "new"))
    assert contents(store, f"{G}replace") == {"kept", "new"}


def test_push_of_the_kaluga_graph_to_virtuoso_by_gsp(
    virtuoso: Virtuoso, built: BuildResult
) -> None:
    store = RemoteStore(config=virtuoso.config(gsp=True))
    report = push(store, built.out, graph_prefix=f"{G}virtuoso-gsp/")
    for graph, triples in report.graphs.items():
        assert store.count(graph) == triples
    store.replace_graph(f"{G}virtuoso-gsp/x", nt("a", "b"))
    store.replace_graph(f"{G}virtuoso-gsp/x", nt("b", "c"))
    assert contents(store, f"{G}virtuoso-gsp/x") == {"b", "c"}
    assert temporary_graphs(store) == []


def test_cli_push(scratch_server: Server, built: BuildResult, capsys: pytest.CaptureFixture[str]):
    code = main(
        [
            "push",
            "--endpoint", scratch_server.query_url,
            "--update-endpoint", scratch_server.update_url,
            "--graph-prefix", f"{G}cli/",
            "--out", str(built.out),
        ]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert f"<{G}cli/investment-digest-2015-04-22-kaluga>" in out
    assert f"Pushed {sum(manifest_graphs(built).values())} triples" in out


def test_cli_push_needs_a_way_to_write(scratch_server: Server, built: BuildResult) -> None:
    assert main(["push", "--endpoint", scratch_server.query_url, "--out", str(built.out)]) == 2


def test_cli_push_needs_a_build(scratch_server: Server, tmp_path: Path) -> None:
    argv = ["push", "--endpoint", scratch_server.query_url, "--out", str(tmp_path)]
    assert main([*argv, "--update-endpoint", scratch_server.update_url]) == EXIT_INPUT


# -- failures part-way: a proxy in front of the real server spoils one kind of request -----

Tamper = Callable[[str, bytes], bytes | None]


@pytest.fixture
def proxy(scratch_server: Server) -> Iterator[Callable[[Tamper], str]]:
    """``proxy(tamper)``: the base URL of a forwarding proxy to the scratch server.
    ``tamper(path, body)`` returns the body to forward, or None to answer 500 instead."""
    started: list[http.server.ThreadingHTTPServer] = []

    def start(tamper: Tamper) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                sent = tamper(self.path, body)
                if sent is None:
                    self.send_error(500, "spoiled on purpose")
                    return
                request = urllib.request.Request(
                    scratch_server.base + self.path,
                    data=sent if self.command in ("POST", "PUT") else None,
                    method=self.command,
                )
                for name in ("Content-Type", "Accept"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, payload = response.status, response.read()
                        content_type = response.headers.get("Content-Type", "text/plain")
                except urllib.error.HTTPError as error:
                    status, payload = error.code, error.read()
                    content_type = "text/plain"
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def through(base: str, *, gsp: bool) -> RemoteStore:
    return RemoteStore(
        config=EndpointConfig(
            endpoint=f"{base}/query",
            update_endpoint=f"{base}/update",
            gsp_endpoint=f"{base}/store" if gsp else None,
            retries=0,
        )
    )


def drop_last_triple(path: str, body: bytes) -> bytes | None:
    """A torn transfer: the load of a temporary graph loses its last triple."""
    if "invest-kg%3Apush" in path:  # GSP load into the temporary graph
        lines = body.splitlines(keepends=True)
        return b"".join(lines[:-1])
    return body


def refuse_swap(path: str, body: bytes) -> bytes | None:
    return None if b"MOVE" in body else body


@pytest.mark.parametrize(
    ("tamper", "gsp", "error"),
    [(drop_last_triple, True, PushIncomplete), (refuse_swap, False, RemoteHTTPError)],
)
def test_failed_push_leaves_the_old_graph_intact(
    scratch_server: Server,
    proxy: Callable[[Tamper], str],
    tamper: Tamper,
    gsp: bool,
    error: type[Exception],
) -> None:
    direct = scratch(scratch_server)
    graph = f"{G}intact/{tamper.__name__}"
    direct.replace_graph(graph, nt("old 1", "old 2"))
    broken = through(proxy(tamper), gsp=gsp)
    with pytest.raises(error):
        broken.replace_graph(graph, nt("new 1", "new 2", "new 3"))
    assert contents(direct, graph) == {"old 1", "old 2"}
    assert temporary_graphs(direct) == []


def test_failed_push_exit_code(
    scratch_server: Server,
    proxy: Callable[[Tamper], str],
    built: BuildResult,
    endpoints_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = proxy(drop_last_triple)
    endpoints_file.write_text(f'["{base}/query"]\nretries = 0\n', encoding="utf-8")
    argv = ["push", "--endpoint", f"{base}/query", "--out", str(built.out)]
    argv += ["--update-endpoint", f"{base}/update", "--gsp-endpoint", f"{base}/store"]
    assert main([*argv, "--graph-prefix", f"{G}cli-fail/"]) == EXIT_PUSH_INCOMPLETE
    assert "old graph was kept" in capsys.readouterr().err
    assert not [g for g in scratch(scratch_server).graphs() if g.startswith(f"{G}cli-fail/")]
