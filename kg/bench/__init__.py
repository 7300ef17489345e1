"""The benchmark: invest-kg's embedded path against plain rdflib and raw pyoxigraph.

``python -m kg.bench --out out/bench`` generates seeded synthetic investment graphs
(:mod:`kg.bench.generate`), measures load time, each competency question's latency and
peak memory for the three engines, each in a fresh subprocess (:mod:`kg.bench.child`), and
writes the table as Markdown and JSON (:mod:`kg.bench.run`). It reports; it never fails on
a target.
"""

from __future__ import annotations
