"""Every error ehcpdocs raises, under one root.

Callers catch ``EhcpDocsError`` to handle anything ehcpdocs refuses; third-party exceptions
(zipfile, lxml, python-docx, pydantic, reportlab, pypdf, jinja2) are caught where they arise and
re-raised as one of these, so they never leak to a caller.

    EhcpDocsError                     root: carries file, section, amendment index where known
    ├── InputError                    the input cannot be used as given
    │   ├── DocumentError             a Word file that cannot be opened
    │   │   ├── NotWordDocumentError  not a .docx at all (no zip, no main document part)
    │   │   ├── LegacyDocError        a Word 97-2003 .doc (OLE container)
    │   │   ├── EncryptedDocumentError  password-protected / encrypted Office file
    │   │   ├── CorruptDocumentError  a damaged zip or malformed XML
    │   │   └── DocumentTooLargeError  over the size or compression-ratio limits
    │   ├── PlanStructureError        sections not found, or a plan laid out in a way we cannot read
    │   ├── LayoutProfileError        a layout profile (--layout) that cannot be read or is invalid
    │   ├── ReviewDataError           review / referral data that fails the schema (.problems)
    │   ├── GroundsError              amendments without the grounds Leicester's rules require
    │   ├── PlanMismatchError         the review belongs to another child's plan (.field)
    │   │   └── IdentityUnprovenError  the plan's name or date of birth cannot be read, or is
    │   │                             ambiguous, so the review cannot be proven to be this child's
    │   ├── AmendmentError            one amendment cannot be applied (.index, .section)
    │   │   ├── AnchorNotFoundError   the anchor or old text is not in the section
    │   │   ├── AnchorAmbiguousError  the anchor matches more than once
    │   │   └── UnsupportedAmendmentError  the operation does not fit the place (rewrite of a table...)
    │   └── TemplateError             a form template that cannot be rendered (.template, .variable)
    ├── RenderError                   a PDF could not be produced
    │   └── EngineUnavailableError    the requested external engine (soffice) is not installed
    └── OutputError                   an output file could not be written

Messages name the file, the section and the amendment, and never personal data beyond a plan's
reference.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "EhcpDocsError",
    "InputError",
    "DocumentError",
    "NotWordDocumentError",
    "LegacyDocError",
    "EncryptedDocumentError",
    "CorruptDocumentError",
    "DocumentTooLargeError",
    "PlanStructureError",
    "LayoutProfileError",
    "ReviewDataError",
    "GroundsError",
    "PlanMismatchError",
    "IdentityUnprovenError",
    "AmendmentError",
    "AnchorNotFoundError",
    "AnchorAmbiguousError",
    "UnsupportedAmendmentError",
    "TemplateError",
    "RenderError",
    "EngineUnavailableError",
    "OutputError",
]


class EhcpDocsError(Exception):
    """Root of every error ehcpdocs raises.

    ``file``, ``section`` and ``index`` (the amendment's position in the review, from 0) say where
    the problem is; ``str(error)`` is a one-line message that names them.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        section: str | None = None,
        index: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.section = section
        self.index = index
        super().__init__(message)

    def with_file(self, file: str | None) -> "EhcpDocsError":
        """Attach the file name if the error does not have one yet; returns self for ``raise``."""
        if self.file is None and file is not None:
            self.file = file
        return self

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.index is not None:
            where.append(f"amendment {self.index}")
        if self.section:
            where.append(f"section {self.section}")
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(EhcpDocsError):
    """The input cannot be used as given."""


class DocumentError(InputError):
    """A Word file that cannot be opened."""


class NotWordDocumentError(DocumentError):
    """The file is not a Word .docx document."""


class LegacyDocError(DocumentError):
    """A Word 97-2003 .doc file: save it as .docx first."""


class EncryptedDocumentError(DocumentError):
    """A password-protected or encrypted Office document."""


class CorruptDocumentError(DocumentError):
    """A damaged zip package or malformed XML part."""


class DocumentTooLargeError(DocumentError):
    """The package exceeds the size or compression limits (a possible zip bomb)."""


class PlanStructureError(InputError):
    """The plan's sections could not be found."""


class LayoutProfileError(InputError):
    """A layout profile that cannot be read or fails its schema; the message lists every problem."""


class ReviewDataError(InputError):
    """Review (or referral) data that fails the schema.

    ``problems`` lists each problem as ``(json_path, message)``, all of them at once.
    """

    def __init__(
        self,
        message: str,
        *,
        problems: Sequence[tuple[str, str]] = (),
        file: str | None = None,
    ) -> None:
        self.problems = list(problems)
        if self.problems:
            listed = "; ".join(f"{path}: {msg}" if path else msg for path, msg in self.problems)
            message = f"{message}: {listed}"
        super().__init__(message, file=file)


class GroundsError(InputError):
    """Amendments proposed without the grounds the council's rules require."""


class PlanMismatchError(InputError):
    """The review data belongs to a different plan or child. ``field`` names what differs."""

    def __init__(self, message: str, *, field: str, file: str | None = None) -> None:
        self.field = field
        super().__init__(message, file=file)


class IdentityUnprovenError(PlanMismatchError):
    """The plan's name or date of birth could not be read (or the plan gives two), so nothing
    proves the review is this child's. ``field`` names the detail; the message says how to go
    on (a layout profile naming its label, or an explicit choice to skip the check)."""


class AmendmentError(InputError):
    """One amendment cannot be applied; ``index`` and ``section`` say which."""


class AnchorNotFoundError(AmendmentError):
    """The anchor (or the ``old`` text) is not in the section."""


class AnchorAmbiguousError(AmendmentError):
    """The anchor matches more than one place in the section."""


class UnsupportedAmendmentError(AmendmentError):
    """The operation does not fit what is at that place."""


class TemplateError(InputError):
    """A template that cannot be rendered; ``template`` and ``variable`` say where."""

    def __init__(
        self,
        message: str,
        *,
        template: str | None = None,
        variable: str | None = None,
        file: str | None = None,
    ) -> None:
        self.template = template
        self.variable = variable
        super().__init__(message, file=file or template)


class RenderError(EhcpDocsError):
    """A PDF could not be produced."""


class EngineUnavailableError(RenderError):
    """The requested external conversion engine is not installed."""


class OutputError(EhcpDocsError):
    """An output file could not be written."""
