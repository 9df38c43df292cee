"""Write a package as a .docx deterministically: the same parts give the same bytes.

Parts keep their original order, with ``[Content_Types].xml`` first as Office expects; every
entry gets the same fixed timestamp and permissions, so outputs are byte-identical run to run.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# Level 1 deflates XML about three times faster than the default for files a little larger.
COMPRESS_LEVEL = 1
# Already-compressed media gain nothing from deflate; storing them saves time on every write.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".zip", ".docx", ".xlsx", ".pptx")


def package_bytes(parts: dict[str, bytes]) -> bytes:
    """A .docx zip of the given parts, deterministic for the same input."""
    names = list(parts)
    if "[Content_Types].xml" in parts:
        names.remove("[Content_Types].xml")
        names.insert(0, "[Content_Types].xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
            method = zipfile.ZIP_STORED if name.lower().endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            info.compress_type = method
            info.external_attr = 0o600 << 16
            info.create_system = 0
            archive.writestr(info, parts[name], compress_type=method, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()
