"""CLI commands for remote stores: ``kg push`` and ``kg serve``."""

from __future__ import annotations
