"""Open a .docx package safely and keep its parts as they were.

A Word document is a zip of XML parts. ``open_package`` checks the bytes before trusting them:
legacy .doc and encrypted files (both OLE containers) are told apart from a damaged zip; total
size, entry count and compression ratio are bounded so a zip bomb cannot exhaust memory. Every
part keeps its original bytes and order, so parts we do not change are written back untouched.

Whatever ``zipfile`` and ``zlib`` raise on a damaged package (``BadZipFile``, ``zlib.error``,
``RuntimeError`` for the encryption bit, ``NotImplementedError`` for a compression method or zip
version, ``EOFError``, ``struct.error``...) is mapped here, where it arises, to a
``DocumentError`` that names the file and the part. A part is read only when its entry is one
Word writes: not encrypted, stored or deflated (other methods are refused: bzip2 and LZMA
would decompress without the size bound), one entry per name.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Union

from lxml import etree

from ..errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    LegacyDocError,
    NotWordDocumentError,
)
from .ole import OLE_MAGIC, classify_ole
from .xml import error_text, parse_xml, part_label

Source = Union[str, os.PathLike, bytes, bytearray, memoryview, BinaryIO]

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_COMPRESSION_RATIO = 200

ZIP_MAGIC = b"PK"
# General purpose flags: bit 0 encrypted, bit 6 strong encryption, bit 13 central directory encrypted.
ENCRYPTION_FLAGS = 0x0001 | 0x0040 | 0x2000
WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# What zipfile and zlib raise on damaged archives (UnicodeDecodeError is a ValueError).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, ValueError, EOFError, OSError,
              NotImplementedError, RuntimeError, OverflowError)

OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_OFFICE_DOCUMENT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Package:
    """The parts of a .docx, by name, in the order they were stored.

    ``main_part`` is the name of the main document part (usually ``word/document.xml``).
    ``name`` is a label for messages: the file name when read from a path.
    """

    parts: dict[str, bytes]
    main_part: str
    name: str | None = None
    _rels: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict, repr=False)

    def read(self, part: str) -> bytes | None:
        """The bytes of a part, or None when the package does not have it."""
        return self.parts.get(part)

    def xml(self, part: str) -> etree._Element | None:
        """A part parsed with the hardened parser, or None when absent or empty."""
        data = self.parts.get(part)
        if not data:
            return None
        return parse_xml(data, part=part, file=self.name)

    def rels_of(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of a part: id -> (type, target part name or URL, target mode)."""
        if part not in self._rels:
            self._rels[part] = self._read_rels(part)
        return self._rels[part]

    def _read_rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        directory, base = posixpath.split(part)
        rels_name = posixpath.join(directory, "_rels", base + ".rels")
        root = self.xml(rels_name)
        if root is None:
            return {}
        rels = {}
        for rel in root.iter(f"{{{PKG_RELS_NS}}}Relationship"):
            mode = rel.get("TargetMode", "Internal")
            target = rel.get("Target", "")
            if mode != "External":
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.normpath(posixpath.join(directory, target))
            rels[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
        return rels

    def related(self, part: str, rel_type_suffix: str) -> list[str]:
        """Internal parts a part points to with a relationship type ending in the given suffix."""
        return [
            target
            for rel_type, target, mode in self.rels_of(part).values()
            if mode != "External" and rel_type.endswith(rel_type_suffix) and target in self.parts
        ]

    def main_related(self, rel_type_suffix: str) -> str | None:
        """The first part the main document points to with that relationship type
        ("/styles", "/numbering", "/theme", "/settings"), or None."""
        found = self.related(self.main_part, rel_type_suffix)
        return found[0] if found else None

    def styles_part(self) -> str | None:
        """The name of the styles part, if the document has one."""
        return self.main_related("/styles")

    def margin_parts(self) -> list[str]:
        """The header parts, then the footer parts, of the main document."""
        return self.related(self.main_part, "/header") + self.related(self.main_part, "/footer")


def source_name(source: Source) -> str | None:
    """A label for messages: the file name of a path, or of a named file object."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else None


def read_source(source: Source, name: str | None = None) -> bytes:
    """The bytes of a path, bytes-like object or binary file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        try:
            return Path(source).read_bytes()
        except FileNotFoundError:
            raise NotWordDocumentError("file not found", file=name) from None
        except IsADirectoryError:
            raise NotWordDocumentError("is a folder, not a Word file", file=name) from None
        except OSError as exc:
            raise NotWordDocumentError(f"cannot be read ({exc.strerror})", file=name) from None
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            raise NotWordDocumentError("was opened in text mode; open it with 'rb'", file=name)
        return bytes(data)
    raise NotWordDocumentError(f"cannot read a Word document from {type(source).__name__}")


def open_package(source: Source, name: str | None = None) -> Package:
    """Read and check a .docx package; every failure is a ``DocumentError``."""
    name = name or source_name(source)
    data = read_source(source, name)
    if len(data) == 0:
        raise NotWordDocumentError("is empty (0 bytes), not a Word document", file=name)
    if data.startswith(OLE_MAGIC):
        if classify_ole(data) == "encrypted":
            raise EncryptedDocumentError(
                "is password-protected or encrypted; remove the password in Word and try again",
                file=name,
            )
        raise LegacyDocError(
            "is a Word 97-2003 .doc file; open it in Word and save it as .docx", file=name
        )
    if not data.startswith(ZIP_MAGIC):
        raise NotWordDocumentError("is not a Word .docx document (not a zip package)", file=name)
    if len(data) > MAX_PACKAGE_BYTES:
        raise DocumentTooLargeError(
            f"is {len(data) // (1024 * 1024)} MB, over the {MAX_PACKAGE_BYTES // (1024 * 1024)} MB limit",
            file=name,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise CorruptDocumentError(f"is a damaged zip package ({error_text(exc)})", file=name) from None
    check_limits(infos, name)
    parts: dict[str, bytes] = {}
    for info in infos:
        if not info.filename or info.filename.endswith("/"):
            continue  # a folder entry (ZipInfo.is_dir fails on an empty name)
        check_entry(info, parts, name)
        try:
            parts[info.filename] = archive.read(info)
        except ZIP_ERRORS as exc:
            raise CorruptDocumentError(
                f"is a damaged zip package: part {part_label(info.filename)} cannot be read ({error_text(exc)})",
                file=name,
            ) from None
    main_part = find_main_part(parts, name)
    return Package(parts=parts, main_part=main_part, name=name)


def check_entry(info: zipfile.ZipInfo, parts: dict[str, bytes], name: str | None) -> None:
    """Refuse an entry Word would never write, before reading it: encrypted, compressed with a
    method other than stored or deflate, or a second part of the same name."""
    label = part_label(info.filename)
    if info.flag_bits & ENCRYPTION_FLAGS:
        raise EncryptedDocumentError(
            f"part {label} is encrypted inside the zip package, which Word never does: "
            "the file is damaged or was zipped with a password",
            file=name,
        )
    if info.compress_type not in WORD_COMPRESSION:
        raise CorruptDocumentError(
            f"is a damaged zip package: part {label} uses compression method {info.compress_type}, "
            "which Word does not use (only stored and deflate)",
            file=name,
        )
    if info.filename in parts:
        raise CorruptDocumentError(
            f"is a damaged zip package: it holds two parts named {label}", file=name
        )


def check_limits(infos: list[zipfile.ZipInfo], name: str | None) -> None:
    """Refuse packages whose declared sizes could exhaust memory."""
    if len(infos) > MAX_ENTRIES:
        raise DocumentTooLargeError(f"has {len(infos)} parts, over the {MAX_ENTRIES} limit", file=name)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_PACKAGE_BYTES:
            raise DocumentTooLargeError(
                f"expands to more than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB", file=name
            )
        if info.file_size > 1024 * 1024 and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise DocumentTooLargeError(
                f"part {part_label(info.filename)} is compressed more than {MAX_COMPRESSION_RATIO}:1 "
                "(a possible zip bomb)",
                file=name,
            )


def find_main_part(parts: dict[str, bytes], name: str | None) -> str:
    """The main document part named by the package relationships (``word/document.xml``)."""
    if "[Content_Types].xml" not in parts:
        raise NotWordDocumentError(
            "is a zip package but not a Word document ([Content_Types].xml is missing)", file=name
        )
    rels = parts.get("_rels/.rels")
    if rels:
        root = parse_xml(rels, part="_rels/.rels", file=name)
        for rel in root.iter(f"{{{PKG_RELS_NS}}}Relationship"):
            if rel.get("Type") in (OFFICE_DOCUMENT_REL, STRICT_OFFICE_DOCUMENT_REL):
                target = rel.get("Target", "").lstrip("/")
                target = posixpath.normpath(target)
                if target in parts:
                    return target
    if "word/document.xml" in parts:
        return "word/document.xml"
    raise NotWordDocumentError(
        "is a zip package but not a Word document (no main document part)", file=name
    )
