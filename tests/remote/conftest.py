"""Real SPARQL servers for the remote tests: an Oxigraph server and Virtuoso Open Source.

Each is started once per session on free 127.0.0.1 ports with a fresh data folder, waited
for by polling (bounded), and always stopped. Small socket servers that misbehave on
purpose (refuse, stall, answer 500, answer malformed JSON) live here too.
"""

from __future__ import annotations

import configparser
import http.server
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.build import BuildResult
from kg.config import EndpointConfig
from kg.push import push
from kg.serve import Server, free_port, running_server
from kg.store.remote import RemoteStore

READY_TIMEOUT = 90.0

# -- Oxigraph server -------------------------------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-write Oxigraph server (union default graph) holding the built Kaluga graph."""
    with running_server(tmp_path_factory.mktemp("oxigraph"), read_only=False) as server:
        yield server


def oxigraph_config(server: Server, **settings: object) -> EndpointConfig:
    return EndpointConfig(
        endpoint=server.query_url,
        update_endpoint=server.update_url,
        gsp_endpoint=server.gsp_url,
        **settings,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def oxigraph_store(oxigraph_server: Server, built: BuildResult) -> RemoteStore:
    """The Oxigraph server as a remote store, with ``kg push`` of the build done once."""
    store = RemoteStore(config=oxigraph_config(oxigraph_server))
    push(store, built.out)
    return store


@pytest.fixture(scope="session")
def scratch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second Oxigraph server that push tests may change at will."""
    with running_server(tmp_path_factory.mktemp("scratch"), read_only=False) as server:
        yield server


# -- Virtuoso --------------------------------------------------------------------------

VIRTUOSO_INI = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/var/lib/virtuoso-opensource-7/db/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)


@dataclass
class Virtuoso:
    """A running Virtuoso: its process, HTTP port and the dba password of its fresh database."""

    process: subprocess.Popen[bytes]
    http_port: int
    password: str
    folder: Path
    stores: list[RemoteStore] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def config(self, *, gsp: bool = False, **settings: object) -> EndpointConfig:
        """Public /sparql for queries; updates (or GSP) through the digest-authenticated
        endpoints as dba."""
        return EndpointConfig(
            endpoint=f"{self.base}/sparql",
            update_endpoint=None if gsp else f"{self.base}/sparql-auth",
            gsp_endpoint=f"{self.base}/sparql-graph-crud-auth" if gsp else None,
            user="dba",
            password=self.password,
            auth="digest",
            **settings,  # type: ignore[arg-type]
        )

    def log(self) -> str:
        return _log(self.folder)


def _private_ini(folder: Path, server_port: int, http_port: int) -> Path:
    """A copy of Debian's virtuoso.ini with the database in ``folder`` and both ports on
    127.0.0.1 (everything else as the package ships it)."""
    source = next((p for p in VIRTUOSO_INI if p.is_file()), None)
    if source is None:
        pytest.fail(f"no virtuoso.ini in {', '.join(map(str, VIRTUOSO_INI))}")
    ini = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    ini.optionxform = str  # type: ignore[assignment,method-assign]
    ini.read(source)
    for section, key, name in (
        ("Database", "DatabaseFile", "virtuoso.db"),
        ("Database", "ErrorLogFile", "virtuoso.log"),
        ("Database", "LockFile", "virtuoso.lck"),
        ("Database", "TransactionFile", "virtuoso.trx"),
        ("Database", "xa_persistent_file", "virtuoso.pxa"),
        ("TempDatabase", "DatabaseFile", "virtuoso-temp.db"),
        ("TempDatabase", "TransactionFile", "virtuoso-temp.trx"),
    ):
        if ini.has_section(section):
            ini.set(section, key, str(folder / name))
    ini.set("Parameters", "ServerPort", f"127.0.0.1:{server_port}")
    ini.set("HTTPServer", "ServerPort", f"127.0.0.1:{http_port}")
    ini.set("Parameters", "DirsAllowed", f"., {folder}")
    # Keep the test server small: it holds about a thousand triples.
    ini.set("Parameters", "NumberOfBuffers", "10000")
    ini.set("Parameters", "MaxDirtyBuffers", "6000")
    target = folder / "virtuoso.ini"
    with target.open("w") as handle:
        ini.write(handle)
    return target


def _wait_http(url: str, alive: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if not alive():
            pytest.fail(f"{what} stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError) as exc:
            last = str(exc)
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer {url} within {READY_TIMEOUT:.0f} s ({last})")


def _digest_ok(base: str, password: str) -> bool:
    """Whether dba/``password`` passes digest auth at /sparql-auth."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, "dba", password)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
    try:
        with opener.open(f"{base}/sparql-auth?query=ASK%7B%7D", timeout=30) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError:
        return False


def _log(folder: Path) -> str:
    path = folder / "virtuoso.log"
    return path.read_text(errors="replace")[-2000:] if path.is_file() else ""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Virtuoso Open Source in the foreground over a fresh database in a temp folder.

    A fresh database always starts with the built-in dba password "dba": the password a
    Debian install asks for through debconf is applied by the package's postinst to the
    system database only, never to a new one. The fixture nevertheless sets a random dba
    password through isql before any test runs, so the tests prove that credentials reach
    the server and never depend on a default.
    """
    program = shutil.which("virtuoso-t")
    if program is None:
        pytest.fail("virtuoso-t is missing: run 'make system' (Debian virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    server_port, http_port = free_port(), free_port()
    ini = _private_ini(folder, server_port, http_port)
    process = subprocess.Popen(
        [program, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_http(
            f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D",
            lambda: process.poll() is None,
            "virtuoso-t",
        )
        base = f"http://127.0.0.1:{http_port}"
        password = "dba"
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is not None:
            # Virtuoso's SQL reads a bare token starting with a digit as a number: start
            # with letters. isql exits 0 even when a statement fails, so check over HTTP.
            new = "kg" + secrets.token_hex(12)
            subprocess.run(
                [isql, f"127.0.0.1:{server_port}", "dba", "dba", f"EXEC=SET PASSWORD dba {new};"],
                capture_output=True,
                timeout=60,
                check=False,
            )
            if _digest_ok(base, new):
                password = new
        if not _digest_ok(base, password):
            pytest.fail(f"dba cannot log in to the fresh Virtuoso database:\n{_log(folder)}")
        yield Virtuoso(process=process, http_port=http_port, password=password, folder=folder)
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def virtuoso_store(virtuoso: Virtuoso, built: BuildResult) -> RemoteStore:
    """Virtuoso as a remote store, with ``kg push`` of the build done once (SPARQL Update)."""
    store = RemoteStore(config=virtuoso.config())
    push(store, built.out)
    return store


# -- misbehaving servers on real sockets -----------------------------------------------


@dataclass
class FaultyServer:
    """A tiny HTTP server in a thread that answers every request the same (bad) way and
    records what it was sent."""

    port: int
    requests: list[dict[str, str]]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture
def faulty_server() -> Iterator[Callable[[int, bytes, str], FaultyServer]]:
    """``faulty_server(status, body, content_type)`` starts one; all are stopped after."""
    started: list[http.server.ThreadingHTTPServer] = []

    def start(status: int, body: bytes, content_type: str) -> FaultyServer:
        seen: list[dict[str, str]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length).decode("utf-8", "replace")
                seen.append({"method": self.command, "body": payload, **dict(self.headers)})
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return FaultyServer(port=server.server_address[1], requests=seen)

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@dataclass
class StallingServer:
    """Accepts connections and never answers; counts the connections it accepted."""

    port: int
    accepted: list[socket.socket]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture
def stalling_server() -> Iterator[StallingServer]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)  # held open, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield StallingServer(port=listener.getsockname()[1], accepted=accepted)
    stop.set()
    thread.join(5)
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def endpoints_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private endpoints file for the CLI (KG_ENDPOINTS_FILE), empty until a test writes it;
    credentials from the environment are cleared so the test controls them."""
    path = tmp_path / "endpoints.toml"
    monkeypatch.setenv("KG_ENDPOINTS_FILE", str(path))
    for variable in ("KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_AUTH"):
        monkeypatch.delenv(variable, raising=False)
    return path


os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
