"""``ehcpdocs serve``: the HTTP service and the coordinator's web page (extra ``ehcpdocs[server]``)."""

from __future__ import annotations

import click

from ..errors import EhcpDocsError
from .common import handle_errors


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: put a reverse proxy in front).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes for the CPU work [default: EHCPDOCS_WORKERS, else one per core].")
@click.option("--time-limit", type=click.FloatRange(min=1), default=None,
              help="Seconds one request's work may take before its worker is replaced (504) "
                   "[default: EHCPDOCS_TIME_LIMIT, else 120].")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.1), default=None,
              help="Largest request body in MiB (413 past it) [default: EHCPDOCS_MAX_UPLOAD_MB, else 50].")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True, help="Least severe log lines written (JSON lines on stderr).")
@handle_errors
def serve_command(host: str, port: int, workers: int | None, time_limit: float | None, max_upload_mb: float | None,
                  log_level: str) -> None:
    """Serve the API (/api/v1, docs at /docs) and the web page (/) until stopped.

    Set EHCPDOCS_TOKEN to require 'Authorization: Bearer <token>' on every /api route.
    Ctrl-C or SIGTERM stops it gracefully: requests in flight finish (up to 30 seconds),
    then the workers stop. See docs/server.md.
    """
    try:
        from ..server.run import serve
    except ImportError as error:
        raise EhcpDocsError(f"the server needs its extra: pip install 'ehcpdocs[server]' ({error.name} is missing)") from None
    serve(host=host, port=port, workers=workers, time_limit=time_limit,
          max_upload_bytes=None if max_upload_mb is None else int(max_upload_mb * 2**20), log_level=log_level)
