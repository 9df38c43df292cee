"""The loop a worker process runs: receive a job, run it, send back plain data.

Errors travel as plain data (class name, the one-line message, the schema problems), never
as pickled exceptions, and an unexpected exception is reported by its type name alone, so no
input text reaches the service's logs through it.
"""

from __future__ import annotations

import signal

from ..errors import EhcpDocsError, ReviewDataError

READY = "ready"


def error_reply(error: BaseException) -> tuple[str, dict]:
    if isinstance(error, EhcpDocsError):
        problems = None
        if isinstance(error, ReviewDataError) and error.problems:
            problems = [{"path": path, "message": str(EhcpDocsError(message))} for path, message in error.problems]
        return "error", {"type": type(error).__name__, "detail": str(error), "problems": problems}
    return "internal", {"type": type(error).__name__}


def serve_jobs(connection) -> None:
    """Run jobs sent on ``connection`` until it closes or sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C and shutdown are the parent's to handle
    from . import jobs  # imported here, so the library loads once per worker, before READY

    jobs.warm_up()
    connection.send(READY)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        name, payload = message
        try:
            reply = ("ok", jobs.JOBS[name](**payload))
        except Exception as error:  # noqa: BLE001 - every failure becomes a reply, the worker lives on
            reply = error_reply(error)
        try:
            connection.send(reply)
        except (EOFError, OSError):
            return
        except Exception as error:  # noqa: BLE001 - a result that cannot be sent
            connection.send(error_reply(error))
