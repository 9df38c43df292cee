"""ASGI middleware: request ids, structured access logs, the upload limit, bearer-token auth.

The access log is one JSON object a line: method, path (never the query string), status,
duration and request id; never file names, form fields or contents.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid

from .problems import PROBLEM_TYPE, ServiceProblem

access_log = logging.getLogger("ehcpdocs.server.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# A job's results are fetched by its random id alone (links in the page cannot send a token).
JOB_RESULT = re.compile(r"^/api/v1/jobs/[A-Za-z0-9_-]{16,}(/|$)")


class JsonFormatter(logging.Formatter):
    """Log records as one JSON object a line, with the fields the service adds."""

    FIELDS = ("method", "path", "status", "duration_ms", "request_id", "job", "error_type", "bytes")

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname.lower(),
                 "logger": record.name, "message": record.getMessage()}
        for field in self.FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the service's loggers."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("ehcpdocs.server", "ehcpdocs.server.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


async def send_problem(send, problem: ServiceProblem, request_id: str) -> None:
    body = json.dumps(problem.body(request_id)).encode("utf-8")
    headers = [(b"content-type", PROBLEM_TYPE.encode()), (b"content-length", str(len(body)).encode()),
               (b"x-request-id", request_id.encode())]
    headers += [(key.lower().encode(), value.encode()) for key, value in problem.headers.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class UploadTooLarge(Exception):
    pass


class ServiceMiddleware:
    """Request id, access log, upload limit and auth around every HTTP request."""

    def __init__(self, app, *, max_upload_bytes: int, token: str | None) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.token = token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        given = headers.get("x-request-id", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = {"code": 500, "started": False}

        async def send_logged(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["started"] = True
                message["headers"] = list(message.get("headers", [])) + [(b"x-request-id", request_id.encode())]
            await send(message)

        try:
            problem = self.refusal(scope, headers)
            if problem is not None:
                await send_problem(send_logged, problem, request_id)
                return
            received = 0

            async def receive_limited():
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_upload_bytes:
                        # FastAPI turns errors while parsing a body into a 400; the flag lets
                        # the app's handler answer 413 instead
                        scope["state"]["upload_too_large"] = True
                        raise UploadTooLarge()
                return message

            try:
                await self.app(scope, receive_limited, send_logged)
            except UploadTooLarge:
                if not status["started"]:
                    await send_problem(send_logged, self.too_large(), request_id)
        finally:
            access_log.info("request", extra={
                "method": scope.get("method"), "path": scope.get("path"), "status": status["code"],
                "duration_ms": round((time.perf_counter() - started) * 1000, 1), "request_id": request_id})

    def too_large(self) -> ServiceProblem:
        return ServiceProblem("upload-too-large",
                              f"the upload is over the {self.max_upload_bytes / 2**20:g} MiB limit")

    def refusal(self, scope, headers: dict[str, str]) -> ServiceProblem | None:
        """A problem to answer at once: an oversized body by its length, or a missing token."""
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_upload_bytes:
            return self.too_large()
        path = scope["path"]
        if self.token and path.startswith("/api/") and not (scope.get("method") == "GET" and JOB_RESULT.match(path)):
            scheme, _, given = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
                return ServiceProblem("unauthorized", "this service needs a bearer token (Authorization: Bearer ...)",
                                      headers={"WWW-Authenticate": 'Bearer realm="ehcpdocs"'})
        return None
