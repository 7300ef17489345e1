"""The remote store: any SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB, ...).

Queries go through SPARQLWrapper (SPARQL 1.1 Protocol); loads through the SPARQL 1.1 Graph
Store HTTP Protocol or SPARQL 1.1 Update, whichever the endpoint's settings name. Reads
retry with bounded exponential backoff; writes are sent once, never retried, so nothing can
be written twice. Every fault becomes a :class:`kg.errors.RemoteError` subclass whose
message names the endpoint and the cause, and whose exit code says which fault it was.

The endpoint must answer queries over the union of its named graphs as the default graph
(Virtuoso does by default; start an Oxigraph server with ``--union-default-graph``).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.__about__ import __version__
from kg.config import EndpointConfig, endpoint_config
from kg.errors import (
    PushIncomplete,
    RemoteError,
    RemoteHTTPError,
    RemoteResponseError,
    RemoteTimeout,
    RemoteUnreachable,
    UsageError,
)
from kg.queries import sparql_term
from kg.results import Result, term_from_json
from kg.store.base import Store, query_form, register_store

__all__ = ["USER_AGENT", "RemoteStore"]

USER_AGENT = f"invest-kg/{__version__} (+https://w3id.org/invest-kg)"

#: Triples per INSERT DATA request when loading through SPARQL Update.
UPDATE_CHUNK = 2000
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_PARSERS = {
    "application/n-triples": "turtle",  # N-Triples is a subset of Turtle
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/plain": "turtle",
    "text/rdf+n3": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
# Statuses worth asking again for a read: the server may be restarting or overloaded.
_RETRY_STATUS = {429, 500, 502, 503, 504}

T = TypeVar("T")


def _snippet(body: bytes, limit: int = 200) -> str:
    text = body.decode("utf-8", "replace").strip().replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "..."


def _fault(url: str, exc: BaseException) -> RemoteError:
    """The invest-kg error for a transport or HTTP failure talking to ``url``."""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException):
            body = b""
        cause = f"{exc.code} {exc.reason}"
        if body:
            cause += f": {_snippet(body)}"
        return RemoteHTTPError(url, cause, exc.code)
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return RemoteTimeout(url, "no answer within the client timeout")
        if isinstance(reason, ConnectionRefusedError):
            return RemoteUnreachable(url, "connection refused (is the server running?)")
        if isinstance(reason, socket.gaierror):
            return RemoteUnreachable(url, f"unknown host ({reason.strerror})")
        return RemoteUnreachable(url, str(reason))
    if isinstance(exc, TimeoutError | socket.timeout):
        return RemoteTimeout(url, "no answer within the client timeout")
    if isinstance(exc, ConnectionRefusedError):
        return RemoteUnreachable(url, "connection refused (is the server running?)")
    if isinstance(exc, ConnectionError | http.client.HTTPException):
        return RemoteResponseError(
            url, f"the connection broke before a complete answer ({type(exc).__name__})"
        )
    if isinstance(exc, OSError):
        return RemoteUnreachable(url, exc.strerror or str(exc))
    raise exc


def _retryable(error: RemoteError) -> bool:
    if getattr(error, "server_side", False):
        return False
    if isinstance(error, RemoteHTTPError):
        return error.status in _RETRY_STATUS
    return not isinstance(error, PushIncomplete)


class _PreemptiveBasic(urllib.request.BaseHandler):
    """Send basic credentials with every request (many endpoints never send a challenge)."""

    def __init__(self, user: str, password: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self.header = f"Basic {token}"

    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        request.add_unredirected_header("Authorization", self.header)
        return request

    https_request = http_request


@register_store("remote")
class RemoteStore(Store):
    """A SPARQL 1.1 endpoint. Settings not given here come from the endpoints file and the
    environment (see :mod:`kg.config`); credentials only ever come from there."""

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        config: EndpointConfig | None = None,
        **settings: Any,
    ) -> None:
        if config is None:
            if not endpoint:
                raise UsageError("a remote store needs an endpoint URL")
            config = endpoint_config(endpoint, **settings)
        self.config = config
        self.endpoint = config.endpoint
        handlers: list[urllib.request.BaseHandler] = []
        if config.user and config.password:
            if config.auth == "digest":
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                for url in (config.endpoint, config.update_endpoint, config.gsp_endpoint):
                    if url:
                        passwords.add_password(None, url, config.user, config.password)
                handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
            else:
                handlers.append(_PreemptiveBasic(config.user, config.password))
        self._opener = urllib.request.build_opener(*handlers)
        #: Requests sent, by kind ("read" or "write"), for callers that report on a session.
        self.requests = {"read": 0, "write": 0}

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"

    # -- transport --------------------------------------------------------------------

    def _open(self, request: urllib.request.Request, url: str) -> tuple[bytes, str]:
        """Send one request; the body and Content-Type of a 2xx answer, or a RemoteError."""
        try:
            with self._opener.open(request, timeout=self.config.timeout) as response:
                body: bytes = response.read()
                content_type: str = response.headers.get("Content-Type", "")
                sql_state = response.headers.get("X-SQL-State")
        except Exception as exc:  # every transport fault maps to a RemoteError
            raise _fault(url, exc) from None
        if sql_state:
            # Virtuoso answers 200 with partial results when its own timeout stops a query.
            error = RemoteTimeout(
                url,
                f"the server stopped the query at its timeout ({sql_state}); "
                "its partial answer was discarded",
            )
            error.server_side = True  # the same query would stop again: no retry
            raise error
        return body, content_type.split(";")[0].strip().lower()

    def _with_retries(self, attempt: Callable[[], T]) -> T:
        """Run a read, asking again after connection faults, timeouts and 5xx answers, at most
        ``retries`` more times, waiting ``backoff`` seconds doubled each time (capped at 8)."""
        tries = 0
        while True:
            try:
                self.requests["read"] += 1
                return attempt()
            except RemoteError as error:
                if tries >= self.config.retries or not _retryable(error):
                    if tries:
                        error.args = (f"{error.args[0]} (after {tries + 1} attempts)",)
                    raise
            time.sleep(min(self.config.backoff * 2**tries, 8.0))
            tries += 1

    def _wrapper(self, sparql: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(
            self.endpoint, updateEndpoint=self.config.update_endpoint, agent=USER_AGENT
        )
        wrapper.setOnlyConneg(True)
        wrapper.setMethod(POST)
        wrapper.setQuery(sparql)
        if self.config.server_timeout:
            # Virtuoso's query timeout, in milliseconds; other stores ignore the parameter.
            wrapper.addParameter("timeout", str(int(self.config.server_timeout * 1000)))
        return wrapper

    # -- reading ----------------------------------------------------------------------

    def query(self, sparql: str) -> Result:
        form = query_form(sparql)  # refuses SPARQL Update with exit code 2
        wrapper = self._wrapper(sparql)
        if form in ("select", "ask"):
            wrapper.setReturnFormat(JSON)
        else:
            wrapper.addCustomHttpHeader("Accept", _GRAPH_ACCEPT)
        # SPARQLWrapper builds the protocol request (encoding, Accept, User-Agent); invest-kg
        # sends it with its own opener so that timeouts, digest auth and faults stay its own.
        # A fresh request per attempt: auth handlers add headers to the one they send.
        body, content_type = self._with_retries(
            lambda: self._open(wrapper._createRequest(), self.endpoint)
        )
        if form in ("select", "ask"):
            return self._parse_json(body, content_type, form)
        return self._parse_graph(body, content_type)

    def _parse_json(self, body: bytes, content_type: str, form: str) -> Result:
        def bad(cause: str) -> RemoteResponseError:
            return RemoteResponseError(self.endpoint, cause)

        try:
            document = json.loads(body)
        except ValueError:
            raise bad(
                f"expected SPARQL JSON results, got {content_type or 'no Content-Type'}: "
                f"{_snippet(body, 80)!r}"
            ) from None
        if not isinstance(document, dict):
            raise bad("the JSON answer is not an object")
        if form == "ask":
            boolean = document.get("boolean")
            if not isinstance(boolean, bool):
                raise bad("an ASK answer without a true/false 'boolean'")
            return Result(kind="ask", boolean=boolean)
        head, results = document.get("head"), document.get("results")
        variables = head.get("vars") if isinstance(head, dict) else None
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
            raise bad("a SELECT answer without 'head.vars'")
        if not isinstance(bindings, list):
            raise bad("a SELECT answer without 'results.bindings'")
        rows: list[dict[str, Node]] = []
        for binding in bindings:
            if not isinstance(binding, dict):
                raise bad("a binding that is not an object")
            row: dict[str, Node] = {}
            for name, value in binding.items():
                if not isinstance(value, dict) or "value" not in value:
                    raise bad(f"binding of ?{name} is not an RDF term")
                try:
                    row[name] = term_from_json(value)
                except ValueError as exc:
                    raise bad(f"binding of ?{name}: {exc}") from None
            rows.append(row)
        return Result(kind="select", variables=variables, rows=rows)

    def _parse_graph(self, body: bytes, content_type: str) -> Result:
        parser = _RDF_PARSERS.get(content_type)
        if parser is None:
            raise RemoteResponseError(
                self.endpoint, f"expected RDF for a CONSTRUCT, got {content_type or 'nothing'}"
            )
        graph = Graph()
        try:
            graph.parse(data=body, format=parser)
        except Exception as exc:  # rdflib raises many kinds for bad input
            raise RemoteResponseError(
                self.endpoint, f"the {content_type} answer does not parse: {exc}"
            ) from None
        return Result(kind="graph", graph=graph)

    def count(self, graph: str | None = None) -> int:
        where = (
            f"GRAPH {sparql_term(URIRef(graph))} {{ ?s ?p ?o }}"
            if graph is not None
            else "GRAPH ?g { ?s ?p ?o }"
        )
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows
        try:
            return int(str(rows[0]["n"]))
        except (IndexError, KeyError, ValueError):
            raise RemoteResponseError(self.endpoint, "a COUNT query gave no number") from None

    # -- writing (sent once, never retried) -------------------------------------------

    def _write(self, method: str, url: str, body: bytes | None, content_type: str | None) -> None:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("User-Agent", USER_AGENT)
        if content_type:
            request.add_header("Content-Type", content_type)
        self.requests["write"] += 1
        self._open(request, url)

    def update(self, sparql: str) -> None:
        """Send one SPARQL 1.1 Update request to the update endpoint (never retried)."""
        url = self._need("update_endpoint")
        form = urllib.parse.urlencode({"update": sparql}).encode("ascii")
        self._write("POST", url, form, "application/x-www-form-urlencoded")

    def _need(self, setting: str) -> str:
        url: str | None = getattr(self.config, setting)
        if not url:
            raise UsageError(
                f"{self.endpoint}: writing needs a {setting.replace('_', ' ')} "
                f"(--{setting.replace('_', '-')} URL, or {setting} in the endpoints file)"
            )
        return url

    def _gsp_url(self, graph: str | None) -> str:
        base = self._need("gsp_endpoint")
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        return f"{base}{'&' if '?' in base else '?'}{query}"

    def _gsp(self, method: str, graph: str | None, ntriples: bytes | None = None) -> None:
        self._write(
            method, self._gsp_url(graph), ntriples, "text/turtle" if ntriples is not None else None
        )

    @property
    def writes_by(self) -> str:
        """``gsp`` or ``update``: how this store loads data (GSP when both are configured)."""
        if self.config.gsp_endpoint:
            return "gsp"
        if self.config.update_endpoint:
            return "update"
        raise UsageError(
            f"{self.endpoint}: writing needs --gsp-endpoint or --update-endpoint "
            "(or gsp_endpoint / update_endpoint in the endpoints file)"
        )

    def _insert(self, graph: str | None, ntriples: bytes) -> None:
        """Add triples to a graph (None: the default graph), by GSP POST or INSERT DATA."""
        if self.writes_by == "gsp":
            self._gsp("POST", graph, ntriples)
            return
        lines = [line for line in ntriples.decode("utf-8").splitlines() if line.strip()]
        for start in range(0, len(lines), UPDATE_CHUNK):
            chunk = "\n".join(lines[start : start + UPDATE_CHUNK])
            if graph is None:
                self.update(f"INSERT DATA {{\n{chunk}\n}}")
            else:
                self.update(f"INSERT DATA {{ GRAPH {sparql_term(URIRef(graph))} {{\n{chunk}\n}} }}")

    def drop(self, graph: str) -> None:
        """Remove a named graph if it exists."""
        if self.config.update_endpoint:
            self.update(f"DROP SILENT GRAPH {sparql_term(URIRef(graph))}")
            return
        try:
            self._gsp("DELETE", graph)
        except RemoteHTTPError as error:
            if error.status != 404:
                raise

    def load(self, nquads: bytes) -> None:
        by_graph = _split_quads(nquads)
        for graph in sorted(by_graph, key=lambda g: g or ""):
            self._insert(graph, by_graph[graph])

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Load into a temporary graph, check its triple count, then swap it in (SPARQL
        Update MOVE, or a GSP PUT when there is no update endpoint). Any failure before the
        swap leaves ``graph`` as it was."""
        sparql_term(URIRef(graph))  # refuses an IRI that cannot be written
        expected = _distinct_triples(ntriples)
        temp = f"urn:invest-kg:push:{uuid.uuid4()}"
        try:
            self._insert(temp, ntriples)
            arrived = self.count(temp)
            if arrived != expected:
                raise PushIncomplete(
                    self.endpoint,
                    f"{graph} arrived with {arrived} of {expected} triples; the old graph was kept",
                )
            if self.config.update_endpoint:
                self.update(
                    f"MOVE SILENT GRAPH {sparql_term(URIRef(temp))} "
                    f"TO GRAPH {sparql_term(URIRef(graph))}"
                )
            else:
                self._gsp("PUT", graph, ntriples)
        except BaseException:
            # The endpoint is failing already: the first error is the one to report.
            with contextlib.suppress(RemoteError):
                self.drop(temp)
            raise
        if not self.config.update_endpoint:
            self.drop(temp)
        arrived = self.count(graph)
        if arrived != expected:
            raise PushIncomplete(
                self.endpoint, f"{graph} holds {arrived} triples after the swap, not {expected}"
            )


def _split_quads(nquads: bytes) -> dict[str | None, bytes]:
    """N-Quads split into N-Triples per graph name (None for the default graph)."""
    graphs: dict[str | None, list[str]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        graphs.setdefault(name, []).append(
            str(ox.Triple(quad.subject, quad.predicate, quad.object)) + " ."
        )
    return {name: ("\n".join(lines) + "\n").encode("utf-8") for name, lines in graphs.items()}


def _distinct_triples(ntriples: bytes) -> int:
    return len(set(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)))
