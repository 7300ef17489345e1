"""The store registry, as a library user meets it (without the CLI imported)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from kg.errors import InputError, UsageError


def test_both_store_kinds_are_registered_by_importing_kg_alone() -> None:
    code = "import kg, kg.store as s; print(sorted(s.STORES)); print(kg.open_store('embedded'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[0] == "['embedded', 'remote']"


def test_unknown_store_kind_lists_the_kinds() -> None:
    with pytest.raises(UsageError, match="choose one of: embedded, remote"):
        kg.open_store("sqlite")


def test_embedded_store_replaces_a_graph_and_counts() -> None:
    store = kg.open_store("embedded")
    store.load(b"<urn:a> <urn:p> <urn:b> <urn:g> .\n<urn:c> <urn:p> <urn:d> <urn:h> .\n")
    store.replace_graph("urn:g", b"<urn:x> <urn:p> <urn:y> .\n<urn:x> <urn:p> <urn:z> .\n")
    assert (store.count("urn:g"), store.count("urn:h"), store.count()) == (2, 1, 3)
    assert store.graphs() == ["urn:g", "urn:h"]
    with pytest.raises(InputError, match="not N-Triples"):
        store.replace_graph("urn:h", b"<urn:broken\n")
    assert store.count("urn:h") == 1
