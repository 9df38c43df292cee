"""Checking the documents attached to a referral.

Each attachment is opened: a password-protected or encrypted PDF, an encrypted Word, Excel or
PowerPoint file (an encrypted Office Open XML file is an OLE container, not a zip), or a file
that cannot be read is a problem named by the file; otherwise the file's type, size and page
count (where the file records one) are listed on the referral summary.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..docx.ole import OLE_MAGIC, classify_ole

OFFICE_TYPES = {
    ".docx": "Word document",
    ".docm": "Word document",
    ".xlsx": "Excel workbook",
    ".xlsm": "Excel workbook",
    ".pptx": "PowerPoint presentation",
}
LEGACY_OFFICE_TYPES = {".doc": "Word 97-2003 document", ".xls": "Excel 97-2003 workbook", ".ppt": "PowerPoint 97-2003 presentation"}
IMAGE_TYPES = {
    ".png": ("PNG image", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("JPEG image", b"\xff\xd8\xff"),
    ".jpeg": ("JPEG image", b"\xff\xd8\xff"),
    ".gif": ("GIF image", b"GIF8"),
    ".tif": ("TIFF image", None),
    ".tiff": ("TIFF image", None),
}
TEXT_TYPES = {".txt": "Text file", ".csv": "CSV file", ".rtf": "Rich Text document"}
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_EXPANDED_BYTES = 500 * 1024 * 1024
PAGES_ELEMENT = re.compile(rb"<(?:\w+:)?Pages>(\d{1,9})</(?:\w+:)?Pages>")
SHEET_ELEMENT = re.compile(rb"<(?:\w+:)?sheet\b")


@dataclass(frozen=True)
class AttachmentInfo:
    """What one attachment is: type, size, pages (None when the file does not say), or a problem."""

    name: str
    kind: str
    size: int
    pages: int | None = None
    problem: str | None = None
    note: str | None = None


def human_size(size: int) -> str:
    """'532 bytes', '14.2 KB', '3.1 MB'."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def inspect_attachment(path: Path, name: str | None = None) -> AttachmentInfo:
    """Open one attachment and say what it is, or why it cannot be sent."""
    name = name or path.name
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if not path.is_file():
            return AttachmentInfo(name, "folder", 0, problem="is a folder, not a file")
        if size > MAX_ATTACHMENT_BYTES:
            return AttachmentInfo(name, suffix.lstrip(".") or "file", size,
                                  problem=f"is {human_size(size)}, over the {human_size(MAX_ATTACHMENT_BYTES)} limit")
        data = path.read_bytes()
    except FileNotFoundError:
        return AttachmentInfo(name, "missing", 0, problem="is not found")
    except OSError as exc:
        return AttachmentInfo(name, "unreadable", 0, problem=f"cannot be read ({exc.strerror})")
    except ValueError:  # a NUL in the path
        return AttachmentInfo(name, "unreadable", 0, problem="is not a usable file name")
    if not data:
        return AttachmentInfo(name, "empty file", 0, problem="is empty (0 bytes)")
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return inspect_pdf(name, data)
    if data.startswith(OLE_MAGIC):
        return inspect_ole(name, data, suffix)
    if suffix in OFFICE_TYPES or (data.startswith(b"PK\x03\x04") and suffix not in IMAGE_TYPES):
        return inspect_office(name, data, suffix)
    if suffix in IMAGE_TYPES:
        kind, magic = IMAGE_TYPES[suffix]
        if magic is not None and not data.startswith(magic):
            return AttachmentInfo(name, kind, len(data), problem=f"is not a readable {kind}")
        return AttachmentInfo(name, kind, len(data), pages=1)
    if suffix in TEXT_TYPES:
        return AttachmentInfo(name, TEXT_TYPES[suffix], len(data))
    return AttachmentInfo(
        name, suffix.lstrip(".").upper() + " file" if suffix else "file", len(data),
        note="type not recognised: check that the service can open it",
    )


def inspect_pdf(name: str, data: bytes) -> AttachmentInfo:
    """A PDF's page count, or a problem when it is encrypted or damaged."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return AttachmentInfo(name, "PDF", len(data), problem="is a password-protected or encrypted PDF; send it without a password")
        pages = len(reader.pages)
    except Exception as exc:  # pypdf raises many types for damaged files; any of them means unreadable
        return AttachmentInfo(name, "PDF", len(data), problem=f"cannot be read as a PDF ({type(exc).__name__})")
    return AttachmentInfo(name, "PDF", len(data), pages=pages)


def inspect_ole(name: str, data: bytes, suffix: str) -> AttachmentInfo:
    """An OLE container: an encrypted Office Open XML file, or a legacy Office file."""
    kind = OFFICE_TYPES.get(suffix) or LEGACY_OFFICE_TYPES.get(suffix) or "Office file"
    if classify_ole(data) == "encrypted":
        return AttachmentInfo(name, kind, len(data), problem=f"is a password-protected or encrypted {kind}; remove the password and attach it again")
    if suffix in OFFICE_TYPES:
        kind = {".docx": "Word 97-2003 document", ".xlsx": "Excel 97-2003 workbook"}.get(suffix, "Office 97-2003 file")
    return AttachmentInfo(name, kind, len(data), note="an older Office format: the page count is not recorded")


def inspect_office(name: str, data: bytes, suffix: str) -> AttachmentInfo:
    """A Word, Excel or PowerPoint file: readable zip, and the pages or sheets it records."""
    kind = OFFICE_TYPES.get(suffix, "Office document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return AttachmentInfo(name, kind, len(data), problem=f"is not a readable {kind} (not an Office package)")
            if sum(info.file_size for info in archive.infolist()) > MAX_EXPANDED_BYTES:
                return AttachmentInfo(name, kind, len(data), problem=f"expands to more than {human_size(MAX_EXPANDED_BYTES)}")
            broken = archive.testzip()
            if broken is not None:
                return AttachmentInfo(name, kind, len(data), problem=f"is a damaged {kind} (part {broken} is corrupt)")
            app = archive.read("docProps/app.xml") if "docProps/app.xml" in names else b""
            workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError, zlib.error):  # RuntimeError: an encrypted member; zlib.error: damaged data
        return AttachmentInfo(name, kind, len(data), problem=f"is a damaged {kind} (not a readable zip package)")
    if workbook:
        sheets = len(SHEET_ELEMENT.findall(workbook))
        return AttachmentInfo(name, "Excel workbook", len(data), note=f"{sheets} sheet(s)")
    match = PAGES_ELEMENT.search(app)
    pages = int(match.group(1)) if match else None
    return AttachmentInfo(name, kind, len(data), pages=pages)
