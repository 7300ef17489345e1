"""CLI commands for looking at the graph: ``kg export`` and ``kg analyze``."""

from __future__ import annotations
