"""The ASGI app: the API, the web page, health, the interactive docs from local files.

``/docs`` is Swagger UI served from the files of the ``fastapi-offline`` package (no CDN);
``/openapi.json`` is the OpenAPI document (committed as docs/openapi.json).
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartParser

from .. import __version__
from . import page, routes
from .middleware import ServiceMiddleware
from .models import Health
from .openapi import add_examples
from .pool import WorkerPool
from .problems import PROBLEM_TYPE, ServiceProblem
from .settings import Settings
from .store import JobStore

DESCRIPTION = """Read, amend, compare and render Education, Health and Care Plans over HTTP.

Documents go in as multipart uploads. One file comes back as itself; several come back as one
ZIP with the names the CLI writes; reports come back as JSON. Every refusal is an RFC 9457
`application/problem+json` with the CLI's one-line message in `detail` and a stable `code`.
When the service runs with `EHCPDOCS_TOKEN`, every `/api` route needs `Authorization: Bearer <token>`
(a job's results are fetched by its random id alone)."""


def problem_response(problem: ServiceProblem, request: Request) -> JSONResponse:
    request_id = request.scope.get("state", {}).get("request_id")
    return JSONResponse(problem.body(request_id), status_code=problem.status, media_type=PROBLEM_TYPE,
                        headers=problem.headers)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service with ``settings`` (default: from the environment); its worker pool starts
    with the app's lifespan and stops, after the requests in flight, when the server stops."""
    settings = settings or Settings.from_env()
    # Uploads stay in memory up to the upload limit instead of spilling into temporary files.
    MultiPartParser.spool_max_size = settings.max_upload_bytes
    MultiPartParser.max_part_size = settings.max_upload_bytes

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = WorkerPool(settings.worker_count, settings.queue_limit)
        app.state.jobs = JobStore(settings.job_ttl, settings.job_store_bytes)
        app.state.batch_lock = asyncio.Lock()
        app.state.background = set()
        await app.state.pool.start()
        try:
            yield
        finally:
            app.state.pool.closing = True
            if app.state.background:
                await asyncio.gather(*app.state.background, return_exceptions=True)
            await app.state.pool.close()
            app.state.jobs.clear()

    app = FastAPI(title="ehcpdocs", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.include_router(routes.router)
    app.include_router(page.router)
    app.include_router(page.page_router)
    app.mount("/static", StaticFiles(directory=str(resources.files("ehcpdocs.server") / "static")), name="static")
    docs_assets = docs_folder()
    if docs_assets is not None:
        app.mount("/docs-assets", StaticFiles(directory=docs_assets), name="docs-assets")

        @app.get("/docs", include_in_schema=False)
        async def docs():
            return get_swagger_ui_html(openapi_url="/openapi.json", title="ehcpdocs API",
                                       swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                       swagger_css_url="/docs-assets/swagger-ui.css",
                                       swagger_favicon_url="/docs-assets/favicon.png")

    @app.get("/healthz", tags=["health"], response_model=Health, summary="Alive (the process answers)")
    async def healthz(request: Request) -> dict:
        return health(request)

    @app.get("/readyz", tags=["health"], response_model=Health, summary="Ready: every worker is up",
             responses={503: {"model": Health, "description": "Starting, stopping or replacing a worker."}})
    async def readyz(request: Request) -> JSONResponse:
        body = health(request)
        return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)

    @app.exception_handler(ServiceProblem)
    async def service_problem(request: Request, problem: ServiceProblem):
        return problem_response(problem, request)

    @app.exception_handler(RequestValidationError)
    async def invalid_form(request: Request, error: RequestValidationError):
        if request.scope.get("state", {}).get("upload_too_large"):
            return problem_response(too_large(settings), request)
        listed = [{"path": ".".join(str(part) for part in item.get("loc", ())), "message": str(item.get("msg", ""))}
                  for item in error.errors()]
        detail = "; ".join(f"{item['path']}: {item['message']}" for item in listed)[:300]
        return problem_response(ServiceProblem("invalid-form", detail, problems=listed), request)

    @app.exception_handler(StarletteHTTPException)
    async def http_problem(request: Request, error: StarletteHTTPException):
        if request.scope.get("state", {}).get("upload_too_large"):
            return problem_response(too_large(settings), request)
        code = {401: "unauthorized", 404: "not-found", 413: "upload-too-large"}.get(error.status_code, "invalid-form")
        return problem_response(ServiceProblem(code, str(error.detail), status=error.status_code), request)

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception):
        return problem_response(ServiceProblem("internal", f"internal error ({type(error).__name__}); please report it"),
                                request)

    app.add_middleware(ServiceMiddleware, max_upload_bytes=settings.max_upload_bytes, token=settings.token)
    add_examples(app)
    return app


def too_large(settings: Settings) -> ServiceProblem:
    return ServiceProblem("upload-too-large", f"the upload is over the {settings.max_upload_bytes / 2**20:g} MiB limit")


def health(request: Request) -> dict:
    pool = getattr(request.app.state, "pool", None)
    if pool is None:
        return {"status": "starting", "workers": 0, "busy": 0, "waiting": 0}
    status = "stopping" if pool.closing else ("ok" if pool.ready else "starting")
    return {"status": status, "workers": pool.alive, "busy": pool.busy, "waiting": pool.waiting}


def docs_folder() -> str | None:
    """Swagger UI's files from the fastapi-offline package, when it is installed."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = resources.files(fastapi_offline) / "static"
    return str(folder) if (folder / "swagger-ui-bundle.js").is_file() else None
