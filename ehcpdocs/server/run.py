"""Running the service on uvicorn, as ``ehcpdocs serve`` does."""

from __future__ import annotations

import logging

import uvicorn

from .app import create_app
from .middleware import configure_logging
from .settings import Settings

GRACEFUL_SECONDS = 30


def serve(*, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None, time_limit: float | None = None,
          max_upload_bytes: int | None = None, log_level: str = "info") -> None:
    """Serve until SIGINT or SIGTERM; requests in flight get ``GRACEFUL_SECONDS`` to finish."""
    settings = Settings.from_env(workers=workers, time_limit=time_limit, max_upload_bytes=max_upload_bytes)
    configure_logging(getattr(logging, log_level.upper()))
    logging.getLogger("ehcpdocs.server").info(
        "starting", extra={"path": f"http://{host}:{port}/"})
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level=log_level,
                timeout_graceful_shutdown=GRACEFUL_SECONDS, server_header=False, proxy_headers=True)
