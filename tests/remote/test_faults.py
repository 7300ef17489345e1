"""Every remote fault against a real socket: a clear message naming the endpoint and the
cause, a distinct exit code, bounded retries for reads and no retry for writes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.cli import main
from kg.config import EndpointConfig
from kg.errors import (
    EXIT_INPUT,
    EXIT_REMOTE_HTTP,
    EXIT_REMOTE_RESPONSE,
    EXIT_REMOTE_TIMEOUT,
    EXIT_REMOTE_UNREACHABLE,
    RemoteHTTPError,
    RemoteResponseError,
    RemoteTimeout,
    RemoteUnreachable,
    UsageError,
)
from kg.serve import free_port
from kg.store.remote import USER_AGENT, RemoteStore

if TYPE_CHECKING:
    from conftest import FaultyServer, StallingServer, Virtuoso

ASK = "ASK { ?s ?p ?o }"
SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
Start = Callable[[int, bytes, str], "FaultyServer"]


def store(url: str, **settings: object) -> RemoteStore:
    settings.setdefault("backoff", 0.01)
    return RemoteStore(config=EndpointConfig(endpoint=url, **settings))  # type: ignore[arg-type]


def write_config(path: Path, url: str, **settings: object) -> None:
    lines = [f'["{url}"]'] + [
        f"{key} = {value!r}".replace("'", '"') for key, value in settings.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def settle(server: StallingServer, expected: int) -> None:
    """Let the accept thread take every connection the client made (bounded wait)."""
    deadline = time.monotonic() + 5
    while len(server.accepted) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # one more accept round, so a surplus connection would be counted too


def test_closed_port_is_unreachable_after_bounded_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    remote = store(url, retries=2)
    with pytest.raises(RemoteUnreachable) as caught:
        remote.query(ASK)
    assert url in str(caught.value) and "connection refused" in str(caught.value)
    assert "after 3 attempts" in str(caught.value)
    assert remote.requests["read"] == 3
    assert caught.value.exit_code == EXIT_REMOTE_UNREACHABLE


def test_closed_port_exit_code(endpoints_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    write_config(endpoints_file, url, retries=0)
    assert main(["query", "investors-in-region", "-p", "region=id:kaluga-region",
                 "--endpoint", url]) == EXIT_REMOTE_UNREACHABLE  # fmt: skip
    assert url in capsys.readouterr().err


def test_stalling_server_times_out(stalling_server: StallingServer) -> None:
    remote = store(stalling_server.url, timeout=0.3, retries=1)
    with pytest.raises(RemoteTimeout) as caught:
        remote.query(SELECT)
    assert stalling_server.url in str(caught.value) and "timeout" in str(caught.value)
    settle(stalling_server, 2)
    assert len(stalling_server.accepted) == 2  # one try and one retry, no more
    assert caught.value.exit_code == EXIT_REMOTE_TIMEOUT


def test_stalling_server_exit_code(
    stalling_server: StallingServer, endpoints_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(endpoints_file, stalling_server.url, timeout=0.3, retries=0)
    sparql = endpoints_file.parent / "q.rq"
    sparql.write_text(SELECT, encoding="utf-8")
    assert main(["sparql", str(sparql), "--endpoint", stalling_server.url]) == EXIT_REMOTE_TIMEOUT
    assert "timed out" in capsys.readouterr().err
    settle(stalling_server, 1)
    assert len(stalling_server.accepted) == 1  # retries = 0 from the endpoints file


def test_server_error_is_retried_a_bounded_number_of_times(faulty_server: Start) -> None:
    server = faulty_server(500, b"internal trouble", "text/plain")
    remote = store(server.url, retries=3)
    with pytest.raises(RemoteHTTPError) as caught:
        remote.query(SELECT)
    assert caught.value.status == 500
    assert "500" in str(caught.value) and "internal trouble" in str(caught.value)
    assert server.url in str(caught.value)
    assert len(server.requests) == 4
    assert caught.value.exit_code == EXIT_REMOTE_HTTP


def test_client_error_is_not_retried(faulty_server: Start) -> None:
    server = faulty_server(400, b"syntax error near line 1", "text/plain")
    with pytest.raises(RemoteHTTPError) as caught:
        store(server.url, retries=3).query(SELECT)
    assert caught.value.status == 400 and "syntax error" in str(caught.value)
    assert len(server.requests) == 1


def test_writes_are_never_retried(faulty_server: Start) -> None:
    server = faulty_server(500, b"down", "text/plain")
    remote = store(server.url, update_endpoint=server.url, gsp_endpoint=server.url, retries=5)
    with pytest.raises(RemoteHTTPError):
        remote.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert len(server.requests) == 1
    with pytest.raises(RemoteHTTPError):
        remote.replace_graph("urn:g", b"<urn:a> <urn:b> <urn:c> .\n")
    # The load into the temporary graph failed: one write, then one clean-up DROP, no retry.
    methods_and_bodies = [(r["method"], r["body"]) for r in server.requests[1:]]
    assert [m for m, _ in methods_and_bodies] == ["POST", "POST"]
    assert "INSERT" not in methods_and_bodies[1][1] and "DROP" in methods_and_bodies[1][1]


def test_server_error_exit_code(faulty_server: Start, endpoints_file: Path) -> None:
    server = faulty_server(503, b"overloaded", "text/plain")
    write_config(endpoints_file, server.url, retries=1, backoff=0.01)
    sparql = endpoints_file.parent / "q.rq"
    sparql.write_text(ASK, encoding="utf-8")
    assert main(["sparql", str(sparql), "--endpoint", server.url]) == EXIT_REMOTE_HTTP
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("body", "form"),
    [
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": [', SELECT),
        (b'{"head": {"vars": ["s"]}}', SELECT),
        (b'{"head": {}, "boolean": "maybe"}', ASK),
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "x"}}]}}', SELECT),
        (b"<html>proxy login</html>", SELECT),
    ],
)
def test_malformed_answers(faulty_server: Start, body: bytes, form: str) -> None:
    server = faulty_server(200, body, "application/sparql-results+json")
    with pytest.raises(RemoteResponseError) as caught:
        store(server.url).query(form)
    assert server.url in str(caught.value) and "malformed response" in str(caught.value)
    assert caught.value.exit_code == EXIT_REMOTE_RESPONSE


def test_malformed_graph_answer(faulty_server: Start) -> None:
    server = faulty_server(200, b"<urn:a> <urn:b> .", "application/n-triples")
    with pytest.raises(RemoteResponseError):
        store(server.url).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_malformed_answer_exit_code(faulty_server: Start, endpoints_file: Path) -> None:
    server = faulty_server(200, b'{"head": ', "application/sparql-results+json")
    sparql = endpoints_file.parent / "q.rq"
    sparql.write_text(SELECT, encoding="utf-8")
    assert main(["sparql", str(sparql), "--endpoint", server.url]) == EXIT_REMOTE_RESPONSE


def test_user_agent_and_basic_credentials_from_the_environment(
    faulty_server: Start, endpoints_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = faulty_server(200, b'{"head": {}, "boolean": true}', "application/json")
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")
    assert RemoteStore(server.url).query(ASK).boolean is True
    headers = server.requests[0]
    assert headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("invest-kg/")
    assert headers["Authorization"] == "Basic YW5hbHlzdDpzM2NyZXQ="  # analyst:s3cret


def test_credentials_from_the_config_file(faulty_server: Start, endpoints_file: Path) -> None:
    server = faulty_server(200, b'{"head": {}, "boolean": false}', "application/json")
    write_config(endpoints_file, server.url, user="team", password="pw")
    assert RemoteStore(server.url).query(ASK).boolean is False
    assert server.requests[0]["Authorization"] == "Basic dGVhbTpwdw=="  # team:pw


def test_no_credentials_on_the_command_line() -> None:
    for flag in ("--user", "--password"):
        assert main(["query", "investors-in-region", "--endpoint", "http://x", flag, "u"]) == 2


def test_bad_config_file_names_the_file(endpoints_file: Path) -> None:
    endpoints_file.write_text('["http://example.org/sparql"]\ntimeout = "soon"\n')
    with pytest.raises(Exception, match=str(endpoints_file)):
        RemoteStore("http://example.org/sparql")


def test_read_commands_refuse_updates_before_sending(faulty_server: Start) -> None:
    server = faulty_server(200, b"{}", "application/json")
    for update in ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR DEFAULT"):
        with pytest.raises(UsageError) as caught:
            store(server.url).query(update)
        assert caught.value.exit_code == EXIT_INPUT
    assert server.requests == []


def test_virtuoso_without_credentials_is_refused(virtuoso: Virtuoso) -> None:
    """A real 401: the authenticated update endpoint without a password."""
    remote = store(f"{virtuoso.base}/sparql", update_endpoint=f"{virtuoso.base}/sparql-auth")
    with pytest.raises(RemoteHTTPError) as caught:
        remote.update("INSERT DATA { GRAPH <urn:kg-test:denied> { <urn:a> <urn:b> <urn:c> } }")
    assert caught.value.status == 401
    assert RemoteStore(config=virtuoso.config()).count("urn:kg-test:denied") == 0


def test_oxigraph_syntax_error_is_an_http_error(oxigraph_store: RemoteStore) -> None:
    with pytest.raises(RemoteHTTPError) as caught:
        oxigraph_store.query("SELECT ?s WHERE { ?s ?p }")
    assert caught.value.status == 400 and oxigraph_store.endpoint in str(caught.value)


def test_virtuoso_server_side_timeout_is_not_a_partial_answer(virtuoso: Virtuoso) -> None:
    """Virtuoso answers 200 with partial results when its ``timeout`` stops a query."""
    remote = RemoteStore(config=virtuoso.config(server_timeout=0.05, retries=3))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(RemoteTimeout) as caught:
        remote.query(heavy)
    assert "stopped the query at its timeout" in str(caught.value)
    assert caught.value.exit_code == EXIT_REMOTE_TIMEOUT
    assert remote.requests["read"] == 1  # the same query would stop again: not retried


def test_virtuoso_digest_auth_for_queries(virtuoso: Virtuoso) -> None:
    """Queries through the digest-protected endpoint: the challenge is answered."""
    config = virtuoso.config()
    remote = RemoteStore(
        f"{virtuoso.base}/sparql-auth", user="dba", password=config.password, auth="digest"
    )
    assert remote.query("ASK { }").boolean is True
    wrong = RemoteStore(f"{virtuoso.base}/sparql-auth", user="dba", password="nope", auth="digest")
    with pytest.raises(RemoteHTTPError) as caught:
        wrong.query("ASK { }")
    assert caught.value.status == 401
