"""Errors as RFC 9457 problem details (``application/problem+json``).

Every ``EhcpDocsError`` subclass has a stable ``code`` (the table in docs/server.md); the
``detail`` is the same one-line message the CLI prints after ``error:``. The service's own
refusals (auth, limits, time, a crashed worker) have codes of their own.
"""

from __future__ import annotations

from .. import errors

PROBLEM_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:ehcpdocs:problem:"

# (code, HTTP status, title) per error class; looked up through the class's MRO, so a new
# subclass without an entry gets its parent's code (and the test for this table fails).
ERROR_CODES: dict[type[errors.EhcpDocsError], tuple[str, int, str]] = {
    errors.EhcpDocsError: ("invalid-request", 422, "The request cannot be carried out"),
    errors.InputError: ("invalid-input", 422, "The input cannot be used as given"),
    errors.DocumentError: ("document-unreadable", 422, "The Word file cannot be opened"),
    errors.NotWordDocumentError: ("not-word-document", 422, "Not a Word .docx document"),
    errors.LegacyDocError: ("legacy-doc", 422, "A Word 97-2003 .doc file"),
    errors.EncryptedDocumentError: ("encrypted-document", 422, "A password-protected document"),
    errors.CorruptDocumentError: ("corrupt-document", 422, "A damaged Word file"),
    errors.DocumentTooLargeError: ("document-too-large", 422, "The document is over the size limits"),
    errors.PlanStructureError: ("plan-structure", 422, "The plan's sections cannot be found"),
    errors.LayoutProfileError: ("layout-profile", 422, "The layout profile cannot be used"),
    errors.ReviewDataError: ("review-data", 422, "The data fails its schema"),
    errors.GroundsError: ("grounds-missing", 422, "Amendments without the grounds required"),
    errors.PlanMismatchError: ("plan-mismatch", 422, "The review belongs to another plan"),
    errors.IdentityUnprovenError: ("identity-unproven", 422, "The review cannot be proven to be this child's"),
    errors.AmendmentError: ("amendment-failed", 422, "An amendment cannot be applied"),
    errors.AnchorNotFoundError: ("anchor-not-found", 422, "An amendment's text is not in the section"),
    errors.AnchorAmbiguousError: ("anchor-ambiguous", 422, "An amendment's text matches more than once"),
    errors.UnsupportedAmendmentError: ("amendment-unsupported", 422, "An amendment does not fit its place"),
    errors.TemplateError: ("template", 422, "A form template cannot be rendered"),
    errors.RenderError: ("render-failed", 422, "The PDF cannot be produced"),
    errors.EngineUnavailableError: ("engine-unavailable", 503, "The conversion engine is not installed"),
    errors.OutputError: ("output-failed", 500, "An output cannot be written"),
    errors.ExecutorUnavailableError: ("executor-unavailable", 503, "The batch executor cannot be used"),
}

# The service's own problems: code -> (status, title).
SERVICE_CODES: dict[str, tuple[int, str]] = {
    "unauthorized": (401, "A valid bearer token is required"),
    "not-found": (404, "Not found"),
    "upload-too-large": (413, "The upload is over the size limit"),
    "invalid-form": (422, "The request's fields are missing or invalid"),
    "busy": (503, "Every worker is busy"),
    "not-ready": (503, "The service is starting or stopping"),
    "time-limit": (504, "The work took longer than the time limit"),
    "worker-crashed": (500, "The worker process stopped unexpectedly"),
    "internal": (500, "Internal error"),
}


def error_class(name: str) -> type[errors.EhcpDocsError]:
    """An error class by its name (as a worker reports it), the root for an unknown name."""
    found = getattr(errors, name, None)
    if isinstance(found, type) and issubclass(found, errors.EhcpDocsError):
        return found
    return errors.EhcpDocsError


def code_for(cls: type[errors.EhcpDocsError]) -> tuple[str, int, str]:
    """The (code, status, title) of an error class, through its ancestors."""
    for klass in cls.__mro__:
        if klass in ERROR_CODES:
            return ERROR_CODES[klass]
    return ERROR_CODES[errors.EhcpDocsError]


class ServiceProblem(Exception):
    """A request refused by the service itself, or an error from a worker, as a problem."""

    def __init__(self, code: str, detail: str, *, status: int | None = None, title: str | None = None,
                 problems: list[dict] | None = None, headers: dict[str, str] | None = None) -> None:
        known_status, known_title = SERVICE_CODES.get(code, (422, "The request cannot be carried out"))
        self.code = code
        self.detail = detail
        self.status = status or known_status
        self.title = title or known_title
        self.problems = problems
        self.headers = headers or {}
        super().__init__(detail)

    @classmethod
    def from_error(cls, error_type: str, detail: str, problems: list[dict] | None = None) -> "ServiceProblem":
        """The problem for an ``EhcpDocsError`` a worker reported by class name and message."""
        code, status, title = code_for(error_class(error_type))
        return cls(code, detail, status=status, title=title, problems=problems)

    def body(self, request_id: str | None = None) -> dict:
        body = {"type": TYPE_PREFIX + self.code, "title": self.title, "status": self.status,
                "detail": self.detail, "code": self.code}
        if self.problems:
            body["problems"] = self.problems
        if request_id:
            body["request_id"] = request_id
        return body
