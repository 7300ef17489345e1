"""Settings of remote SPARQL endpoints: a config file keyed by endpoint URL, and the environment.

Credentials never come from the command line (they would show in ``ps`` and shell history):
they come from ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` or from the config file, by
default ``~/.config/invest-kg/endpoints.toml`` (``$XDG_CONFIG_HOME`` is honoured, and
``KG_ENDPOINTS_FILE`` names another file)::

    ["http://localhost:8890/sparql"]
    update_endpoint = "http://localhost:8890/sparql-auth"
    gsp_endpoint = "http://localhost:8890/sparql-graph-crud-auth"
    user = "dba"
    password = "..."
    auth = "digest"          # or "basic" (the default)
    timeout = 60             # seconds the client waits for an answer
    server_timeout = 30      # seconds, sent as Virtuoso's ``timeout`` parameter
    retries = 3              # extra attempts for reads (never for writes)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.errors import InputError, UsageError

__all__ = ["AUTH_KINDS", "EndpointConfig", "config_file", "endpoint_config"]

AUTH_KINDS = ("basic", "digest")


@dataclass(frozen=True)
class EndpointConfig:
    """Everything invest-kg needs to talk to one SPARQL endpoint."""

    endpoint: str
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never printed
    auth: str = "basic"
    timeout: float = 60.0
    server_timeout: float | None = None
    retries: int = 3
    backoff: float = 0.25


def config_file() -> Path:
    """The endpoints file invest-kg reads (it need not exist)."""
    named = os.environ.get("KG_ENDPOINTS_FILE")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "invest-kg" / "endpoints.toml"


_TYPES: dict[str, tuple[type, ...]] = {
    "update_endpoint": (str,),
    "gsp_endpoint": (str,),
    "user": (str,),
    "password": (str,),
    "auth": (str,),
    "timeout": (int, float),
    "server_timeout": (int, float),
    "retries": (int,),
    "backoff": (int, float),
}


def _from_file(path: Path, endpoint: str) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the endpoints file: {exc}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", path=str(path)) from None
    table = document.get(endpoint) or document.get(endpoint.rstrip("/")) or {}
    if not isinstance(table, dict):
        raise InputError(f"[{endpoint!r}] must be a table of settings", path=str(path))
    for key, value in table.items():
        if key not in _TYPES:
            raise InputError(
                f"unknown setting {key!r} for {endpoint}; known: {', '.join(_TYPES)}",
                path=str(path),
            )
        if not isinstance(value, _TYPES[key]) or isinstance(value, bool):
            raise InputError(f"setting {key!r} for {endpoint} has the wrong type", path=str(path))
    return dict(table)


def endpoint_config(endpoint: str, **overrides: Any) -> EndpointConfig:
    """The settings for ``endpoint``: defaults, then the config file, then the environment
    (credentials only), then ``overrides`` that are not None (from the CLI or the caller)."""
    if not endpoint.startswith(("http://", "https://")):
        raise UsageError(f"endpoint {endpoint!r} is not an http:// or https:// URL")
    settings: dict[str, Any] = _from_file(config_file(), endpoint)
    for key, variable in (
        ("user", "KG_ENDPOINT_USER"),
        ("password", "KG_ENDPOINT_PASSWORD"),
        ("auth", "KG_ENDPOINT_AUTH"),
    ):
        if os.environ.get(variable):
            settings[key] = os.environ[variable]
    settings.update({k: v for k, v in overrides.items() if v is not None})
    config = replace(EndpointConfig(endpoint=endpoint), **settings)
    if config.auth not in AUTH_KINDS:
        raise UsageError(f"auth must be one of {', '.join(AUTH_KINDS)}, not {config.auth!r}")
    if config.timeout <= 0:
        raise UsageError("timeout must be a positive number of seconds")
    if config.retries < 0:
        raise UsageError("retries must be zero or more")
    return config
