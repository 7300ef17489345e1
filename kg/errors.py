"""Errors that carry their exit code, so the CLI and scripts can rely on it.

The codes follow pySHACL's habit: 0 conforms or succeeded, 1 violations, 2 usage or input
error. Remote faults get codes of their own so a script can tell them apart.
"""

from __future__ import annotations

__all__ = [
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_PUSH_INCOMPLETE",
    "EXIT_REMOTE_HTTP",
    "EXIT_REMOTE_RESPONSE",
    "EXIT_REMOTE_TIMEOUT",
    "EXIT_REMOTE_UNREACHABLE",
    "EXIT_VIOLATIONS",
    "InputError",
    "KgError",
    "PushIncomplete",
    "RemoteError",
    "RemoteHTTPError",
    "RemoteResponseError",
    "RemoteTimeout",
    "RemoteUnreachable",
    "UsageError",
    "ValidationFailed",
]

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2
EXIT_REMOTE_UNREACHABLE = 3
EXIT_REMOTE_TIMEOUT = 4
EXIT_REMOTE_HTTP = 5
EXIT_REMOTE_RESPONSE = 6
EXIT_PUSH_INCOMPLETE = 7


class KgError(Exception):
    """Base of every error invest-kg reports to a user; ``exit_code`` is what the CLI returns."""

    exit_code = EXIT_INPUT


class InputError(KgError):
    """A file could not be read or parsed; the message names the file and the line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class UsageError(KgError):
    """A command was called wrongly: unknown query, parameter, format or entity."""


class ValidationFailed(KgError):
    """The graph does not conform to the shapes; ``report`` says which entity broke which rule."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, report: object, message: str = "the graph does not conform to its shapes"):
        super().__init__(message)
        self.report = report


class RemoteError(KgError):
    """A remote SPARQL endpoint failed; the message names the endpoint and the cause."""

    exit_code = EXIT_REMOTE_RESPONSE
    what = "the endpoint failed"

    def __init__(self, endpoint: str, cause: str):
        super().__init__(f"{endpoint}: {self.what}: {cause}")
        self.endpoint = endpoint
        self.cause = cause


class RemoteUnreachable(RemoteError):
    """No connection could be made: refused, unknown host, network down."""

    exit_code = EXIT_REMOTE_UNREACHABLE
    what = "cannot connect"


class RemoteTimeout(RemoteError):
    """The endpoint did not answer within the client timeout, or stopped the query itself."""

    exit_code = EXIT_REMOTE_TIMEOUT
    what = "timed out"
    #: True when the server stopped the query at its own limit (asking again would not help).
    server_side = False


class RemoteHTTPError(RemoteError):
    """The endpoint answered with an HTTP error status (4xx or 5xx); ``status`` holds it."""

    exit_code = EXIT_REMOTE_HTTP
    what = "HTTP error"

    def __init__(self, endpoint: str, cause: str, status: int):
        super().__init__(endpoint, cause)
        self.status = status


class RemoteResponseError(RemoteError):
    """The endpoint answered, but not with a well-formed SPARQL result."""

    exit_code = EXIT_REMOTE_RESPONSE
    what = "malformed response"


class PushIncomplete(RemoteError):
    """A graph did not arrive whole (its triple count differs); the old graph was kept."""

    exit_code = EXIT_PUSH_INCOMPLETE
    what = "push incomplete"
