"""``kg serve``: a real read-only SPARQL endpoint (the Oxigraph server) over the built dataset.

The server runs over a private snapshot of ``out/store`` so that a ``kg build`` while it
runs cannot pull files from under it; queries see the union of all source graphs as the
default graph, and ``GRAPH ?g`` still finds each source. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from kg.build import STORE_DIR
from kg.errors import KgError, UsageError

__all__ = ["Server", "free_port", "oxigraph_command", "running_server", "serve"]

HOST = "127.0.0.1"
READY_TIMEOUT = 60.0


class ServerFailed(KgError):
    """The Oxigraph server could not start or stopped by itself."""


def oxigraph_command() -> str:
    """The path of the ``oxigraph`` server program, or a UsageError saying how to get it."""
    # Beside this Python first: a virtual environment's bin/ is often not on PATH.
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise UsageError(
            "the 'oxigraph' server program is not installed; "
            "install it with: pip install 'invest-kg[server]'"
        )
    return found


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(
    host: str, port: int, alive: Callable[[], bool], timeout: float = READY_TIMEOUT
) -> None:
    """Poll until something accepts connections on ``host:port``; raise ServerFailed when the
    process dies first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise ServerFailed("the server stopped while starting")
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            time.sleep(0.05)
    raise ServerFailed(f"the server did not listen on {host}:{port} within {timeout:.0f} s")


@dataclass
class Server:
    """A running Oxigraph server: its process and the URLs of its SPARQL services."""

    process: subprocess.Popen[bytes]
    port: int
    host: str = HOST

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def gsp_url(self) -> str:
        return f"{self.base}/store"

    def stop(self, timeout: float = 10.0) -> int:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` s); its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to send SIGTERM when the parent exits."""
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


@contextmanager
def running_server(
    location: Path, *, port: int = 0, read_only: bool = True, timeout_s: int | None = None
) -> Iterator[Server]:
    """An Oxigraph server over ``location`` on 127.0.0.1 (a free port when ``port`` is 0),
    with the union of named graphs as its default graph; stopped when the block ends."""
    port = port or free_port()
    command = [
        oxigraph_command(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"{HOST}:{port}",
        "--union-default-graph",
    ]
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    # Its own session: a Ctrl-C in the terminal reaches invest-kg, which stops the server.
    # On Linux the server also gets SIGTERM if invest-kg dies without stopping it.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    server = Server(process=process, port=port)
    try:
        wait_for_port(HOST, port, lambda: process.poll() is None)
        yield server
    finally:
        server.stop()


class _Stop(Exception):
    pass


def serve(
    out: Path | str = "out", *, port: int = 7878, announce: Callable[[str], None] | None = None
) -> int:
    """Serve ``out/store`` read-only until Ctrl-C or SIGTERM; returns 0 after a clean stop."""
    store = Path(out) / STORE_DIR
    if not store.is_dir():
        raise UsageError(f"{store} does not exist; run 'kg build' first")
    oxigraph_command()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with tempfile.TemporaryDirectory(prefix="invest-kg-serve-") as tmp:
            snapshot = Path(tmp) / "store"
            shutil.copytree(store, snapshot, ignore=shutil.ignore_patterns("LOCK"))
            with running_server(snapshot, port=port) as server:
                say = announce or (lambda text: print(text, flush=True))
                say(f"invest-kg SPARQL endpoint (read-only): {server.query_url}")
                say("Press Ctrl-C to stop.")
                code = server.process.wait()
                raise ServerFailed(f"the oxigraph server stopped by itself (exit code {code})")
    except (_Stop, KeyboardInterrupt):
        print("kg: server stopped", file=sys.stderr)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
