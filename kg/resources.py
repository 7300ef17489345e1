"""Where the ontology, shapes, queries and curated data live.

An installed wheel carries them under ``kg/_bundle``; a source checkout has them at the top
of the repository. Everything else reads them through this module only.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "queries_dir", "resource_root"]


def resource_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``data/``."""
    bundle = resources.files("kg").joinpath("_bundle")
    if bundle.is_dir():
        return Path(str(bundle))
    return Path(__file__).resolve().parent.parent


def ontology_dir() -> Path:
    return resource_root() / "ontology"


def queries_dir() -> Path:
    return resource_root() / "queries"


def data_dir() -> Path:
    return resource_root() / "data"
