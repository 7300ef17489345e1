"""Where the graph lives: one interface, store kinds registered by name.

``embedded`` (the default) runs queries in-process on the Oxigraph engine; ``remote`` talks
to any SPARQL 1.1 endpoint. Both give the same answers to the same queries.
"""

from __future__ import annotations

from kg.store import embedded as _embedded  # noqa: F401  (registers "embedded")
from kg.store import remote as _remote  # noqa: F401  (registers "remote")
from kg.store.base import STORES, Store, open_store, register_store

__all__ = ["STORES", "Store", "open_store", "register_store"]
