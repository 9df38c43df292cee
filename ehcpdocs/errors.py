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
    ├── OutputError                   an output file could not be written
    └── ExecutorUnavailableError      a batch executor unknown, not installed (Dask, Ray) or unreachable

Messages name the file, the section and the amendment, and never personal data beyond a plan's
reference. ``str(error)`` is always one line of at most ``MAX_MESSAGE`` characters, whatever the
input it quotes: line breaks, control characters and lone surrogates become spaces (or U+FFFD),
a long file name is cut in the middle (its end and extension kept), long quoted input ('…')
is cut first, and then the line, each cut marked with "…". ``quote`` and ``cut`` are the same
rules for code building a message.
"""

from __future__ import annotations

import re
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
    "ExecutorUnavailableError",
    "OutputError",
    "MAX_MESSAGE",
    "one_line",
    "cut",
    "quote",
]

MAX_MESSAGE = 300
MAX_FILE = 80
MAX_SECTION = 20
QUOTED_KEPT = 40

# Line breaks (also U+0085, U+2028, U+2029), other control characters and bidirectional
# overrides: none of them may reach a terminal or a log line from quoted input.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A quoted stretch of a message: an opening quote not inside a word ("the child's" is not one).
_QUOTED = re.compile("(?<![\\w'‘“\"])(['‘“\"])(.*?)(['’”\"])(?![\\w])")


def one_line(text: object) -> str:
    """Text as one printable line: runs of line breaks and control characters become one space,
    lone surrogates U+FFFD."""
    text = str(text)
    text = _UNPRINTABLE.sub(" ", text)
    return _SURROGATE.sub("\ufffd", text)


def cut(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters, the cut marked with '…'."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def cut_middle(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters in the middle, so a file name keeps its end."""
    if len(text) <= limit:
        return text
    tail = min(24, limit // 3)
    return text[: limit - tail - 1] + "…" + text[len(text) - tail :]


def quote(text: str, limit: int = 60) -> str:
    """Input shown in a message: one line, whitespace collapsed, cut to ``limit``, in quotes."""
    return "'" + cut(" ".join(one_line(text).split()), limit) + "'"


def shorten_quotes(message: str, limit: int) -> str:
    """Cut the longest quoted stretches of a message until it fits ``limit`` (or none is long)."""
    while len(message) > limit:
        spans = [m for m in _QUOTED.finditer(message) if len(m.group(2)) > QUOTED_KEPT]
        if not spans:
            break
        longest = max(spans, key=lambda m: len(m.group(2)))
        keep = max(QUOTED_KEPT, len(longest.group(2)) - (len(message) - limit))
        inner = cut(longest.group(2), keep)
        message = message[: longest.start(2)] + inner + message[longest.end(2) :]
    return message


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
            where.append(cut_middle(" ".join(one_line(self.file).split()), MAX_FILE))
        if self.index is not None:
            where.append(f"amendment {self.index}")
        if self.section:
            where.append(f"section {cut(one_line(self.section), MAX_SECTION)}")
        prefix = ": ".join(where)
        message = " ".join(one_line(self.message).split())
        room = MAX_MESSAGE - (len(prefix) + 2 if prefix else 0)
        message = cut(shorten_quotes(message, room), room)
        return f"{prefix}: {message}" if prefix else message


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


class ExecutorUnavailableError(EhcpDocsError):
    """A batch's executor cannot be used: an unknown name, its engine (Dask, Ray) not installed,
    or its scheduler not reachable."""
