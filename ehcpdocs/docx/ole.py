"""What an OLE compound file (the container of Office 97-2003 files) holds: a password-protected
file or a readable one.

Two kinds of OLE file reach ehcpdocs: an encrypted Office Open XML file (a .docx or .xlsx with a
password is an OLE container holding ``EncryptionInfo`` and ``EncryptedPackage``), and a legacy
Word, Excel or PowerPoint file, which may itself be password-protected. A legacy file says so in
its own stream: Word in the ``fEncrypted`` flag of the File Information Block at the start of
``WordDocument``; Excel with a ``FILEPASS`` record in the workbook globals after the first
``BOF``; PowerPoint with the encrypted header token in ``Current User``.

Streams are read with olefile. A container it cannot read is judged by the stream names found in
its first megabyte, as before olefile was used.
"""

from __future__ import annotations

import io
import struct

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "encrypted"
LEGACY = "legacy"

_OOXML_ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")
_WORD_FIB_IDENT = 0xA5EC
_WORD_ENCRYPTED_FLAG = 0x0100
_EXCEL_BOF, _EXCEL_EOF, _EXCEL_FILEPASS = 0x0809, 0x000A, 0x002F
_EXCEL_RECORDS_LOOKED_AT = 200
_POWERPOINT_ENCRYPTED_TOKEN = 0xF3D1C4DF
_MAX_STREAM_READ = 64 * 1024


def classify_ole(data: bytes) -> str:
    """``"encrypted"`` for a password-protected file (Office Open XML or 97-2003), else
    ``"legacy"`` for a readable Word, Excel or PowerPoint 97-2003 file."""
    import olefile  # only OLE files need it; importing it with the package cost every command 6 ms

    try:
        container = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # olefile raises OSError and others for damaged containers
        return _classify_by_names(data)
    try:
        return ENCRYPTED if _is_encrypted(container, len(data)) else LEGACY
    except Exception:  # a damaged stream: judge by names, as for an unreadable container
        return _classify_by_names(data)
    finally:
        container.close()


def _is_encrypted(container, file_size: int) -> bool:
    if any(container.exists(name) for name in _OOXML_ENCRYPTION_STREAMS):
        return True
    if container.exists("WordDocument"):
        return _word_is_encrypted(_head(container, "WordDocument", file_size))
    for name in ("Workbook", "Book"):
        if container.exists(name):
            return _excel_is_encrypted(_head(container, name, file_size))
    if container.exists("Current User"):
        return _powerpoint_is_encrypted(_head(container, "Current User", file_size))
    return False


class _ImpossibleStream(Exception):
    """A stream declares more bytes than the whole file holds: a damaged or hostile container."""


def _head(container, name: str, file_size: int) -> bytes:
    if container.get_size(name) > file_size:
        # olefile reads a whole stream when it opens it, trusting the declared size
        raise _ImpossibleStream(name)
    with container.openstream(name) as stream:
        return stream.read(_MAX_STREAM_READ)


def _word_is_encrypted(fib: bytes) -> bool:
    """The ``fEncrypted`` bit of a Word File Information Block (it also marks XOR obfuscation)."""
    if len(fib) < 12:
        return False
    ident, = struct.unpack_from("<H", fib, 0)
    flags, = struct.unpack_from("<H", fib, 10)
    return ident == _WORD_FIB_IDENT and bool(flags & _WORD_ENCRYPTED_FLAG)


def _excel_is_encrypted(workbook: bytes) -> bool:
    """Whether the globals substream of a BIFF workbook has a ``FILEPASS`` record."""
    offset = 0
    for index in range(_EXCEL_RECORDS_LOOKED_AT):
        if offset + 4 > len(workbook):
            return False
        kind, length = struct.unpack_from("<HH", workbook, offset)
        if index == 0 and kind != _EXCEL_BOF:
            return False
        if kind == _EXCEL_FILEPASS:
            return True
        if kind == _EXCEL_EOF:
            return False
        offset += 4 + length
    return False


def _powerpoint_is_encrypted(current_user: bytes) -> bool:
    """The header token of a PowerPoint ``CurrentUserAtom``: it differs when the file is encrypted."""
    if len(current_user) < 16:
        return False
    token, = struct.unpack_from("<I", current_user, 12)
    return token == _POWERPOINT_ENCRYPTED_TOKEN


def _classify_by_names(data: bytes) -> str:
    head = data[: 1024 * 1024]
    if any(name.encode("utf-16-le") in head for name in _OOXML_ENCRYPTION_STREAMS):
        return ENCRYPTED
    return LEGACY
