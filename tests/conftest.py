"""Shared fixtures: the Kaluga graph built once per session, in memory and on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg import resources
from kg.build import BuildResult, build


@pytest.fixture(scope="session")
def graph() -> Iterator[kg.KnowledgeGraph]:
    """The curated Kaluga graph in an in-memory embedded store."""
    with kg.load() as loaded:
        yield loaded


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A full ``kg build`` of the curated data into a temporary out/ folder."""
    return build(tmp_path_factory.mktemp("out"))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the curated data folder that a test may break."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(resources.data_dir(), target)
    return target
