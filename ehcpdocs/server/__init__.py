"""The HTTP service (``ehcpdocs serve``) and the coordinator's web page.

    from ehcpdocs.server import Settings, create_app
    app = create_app(Settings.from_env())      # an ASGI app: uvicorn, hypercorn, ...

Needs the optional extra ``ehcpdocs[server]`` (FastAPI, uvicorn, python-multipart). The CPU
work runs in a bounded pool of worker processes (``pool.WorkerPool``) so the event loop never
blocks; see docs/server.md for the endpoints, the error codes and running it in production.
"""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
