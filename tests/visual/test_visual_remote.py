"""The projection and exports read through SPARQL only, so a remote store gives the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.build import BuildResult
from kg.config import EndpointConfig
from kg.export import export
from kg.graph import KnowledgeGraph
from kg.push import push
from kg.serve import running_server
from kg.store.remote import RemoteStore


@pytest.fixture(scope="module")
def remote_graph(
    tmp_path_factory: pytest.TempPathFactory, built: BuildResult
) -> Iterator[KnowledgeGraph]:
    """A real Oxigraph server on 127.0.0.1 holding the pushed Kaluga build; always stopped."""
    with running_server(tmp_path_factory.mktemp("oxigraph-visual"), read_only=False) as server:
        store = RemoteStore(
            config=EndpointConfig(
                endpoint=server.query_url,
                update_endpoint=server.update_url,
                gsp_endpoint=server.gsp_url,
            )
        )
        push(store, built.out)
        yield KnowledgeGraph(store)


@pytest.mark.slow
def test_remote_store_gives_the_same_network_and_bytes(
    remote_graph: KnowledgeGraph, graph: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    remote, local = remote_graph.to_networkx(), graph.to_networkx()
    assert set(remote.edges(keys=True)) == set(local.edges(keys=True))
    assert dict(remote.nodes(data="label")) == dict(local.nodes(data="label"))
    for fmt in ("graphml", "jsonld"):
        far = export(remote_graph, fmt, tmp_path / f"remote.{fmt}", view="investment")
        near = export(graph, fmt, tmp_path / f"local.{fmt}", view="investment")
        assert far.read_bytes() == near.read_bytes(), fmt
