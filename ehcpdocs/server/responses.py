"""Answers with several files: one deterministic ZIP, made in memory."""

from __future__ import annotations

import io
import re
import zipfile

from fastapi.responses import Response

FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".zip": "application/zip",
}
ZIP_RESPONSE = {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
                "description": "A ZIP of the output files (names as the CLI writes them) and summary.json."}


def media_type(name: str) -> str:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return MEDIA_TYPES.get(suffix, "application/octet-stream")


def safe_name(name: str, default: str = "result") -> str:
    """A file name fit for a Content-Disposition header."""
    cleaned = UNSAFE.sub("_", name).strip("._")
    return cleaned[:120] or default


COMPRESSED_ALREADY = (".docx", ".pdf", ".zip", ".png")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The same files give the same bytes: fixed dates, sorted names. Word documents, PDFs and
    pictures are compressed already and are stored as they are (deflating them again cost the
    event loop a few milliseconds a plan for a percent or two of size); the rest is deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
            stored = name.lower().endswith(COMPRESSED_ALREADY)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=None if stored else 1)
    return buffer.getvalue()


def file_response(data: bytes, name: str, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(data, media_type=media_type(name),
                    headers={"Content-Disposition": f'{disposition}; filename="{safe_name(name)}"',
                             "Cache-Control": "no-store"})


def zip_response(files: dict[str, bytes], stem: str) -> Response:
    return file_response(zip_bytes(files), f"{safe_name(stem)}.zip")
