"""Minimal OLE compound files (version 3, 512-byte sectors) for tests: legacy Word, Excel and
PowerPoint files, readable or password-protected, with just the streams ehcpdocs looks at.

Every stream is padded to the mini-stream cutoff (4096 bytes) so it lives in ordinary sectors:
one FAT sector and one directory sector are then all the bookkeeping a file needs.
"""

from __future__ import annotations

import struct

SECTOR = 512
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (at most three) in its root storage."""
    assert 1 <= len(streams) <= 3
    padded = [(name, data.ljust(max(len(data), MINI_CUTOFF), b"\0")) for name, data in streams.items()]
    fat = [FAT_SECTOR, END]
    starts = []
    for _name, data in padded:
        count = -(-len(data) // SECTOR)
        first = len(fat)
        starts.append(first)
        fat.extend(range(first + 1, first + count))
        fat.append(END)
    assert len(fat) <= SECTOR // 4
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    entries = [_entry("Root Entry", 5, child=1, start=END, size=0)]
    for index, ((name, data), start) in enumerate(zip(padded, starts), start=1):
        right = index + 1 if index < len(padded) else NO_STREAM
        entries.append(_entry(name, 2, right=right, start=start, size=len(data)))
    while len(entries) < 4:
        entries.append(b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM)
                       + b"\0" * 36 + struct.pack("<IQ", 0, 0))
    directory = b"".join(entries)
    body = b"".join(data.ljust(-(-len(data) // SECTOR) * SECTOR, b"\0") for _name, data in padded)
    header = (MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, MINI_CUTOFF, END, 0, END, 0)
              + struct.pack("<109I", 0, *([FREE] * 108)))
    assert len(header) == SECTOR
    return header + fat_sector + directory + body


def _entry(name: str, kind: int, *, child: int = NO_STREAM, right: int = NO_STREAM, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, NO_STREAM, right, child)
            + b"\0" * 36 + struct.pack("<IQ", start, size))


def word_97(*, encrypted: bool) -> bytes:
    """A Word 97-2003 file: a File Information Block with or without ``fEncrypted``."""
    flags = 0x0100 if encrypted else 0
    fib = struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0809, 0, flags)
    return compound_file({"WordDocument": fib, "1Table": b"\0" * 16})


def excel_97(*, encrypted: bool) -> bytes:
    """An Excel 97-2003 workbook: BOF, FILEPASS when encrypted, a sheet record and EOF."""
    records = [struct.pack("<HH", 0x0809, 16) + b"\0" * 16]
    if encrypted:
        records.append(struct.pack("<HH", 0x002F, 6) + b"\x01\x00\x01\x00\x01\x00")
    records.append(struct.pack("<HH", 0x0085, 8) + b"\0" * 8)
    records.append(struct.pack("<HH", 0x000A, 0))
    return compound_file({"Workbook": b"".join(records)})


def powerpoint_97(*, encrypted: bool) -> bytes:
    """A PowerPoint 97-2003 file: the ``Current User`` atom's header token says whether it is encrypted."""
    token = 0xF3D1C4DF if encrypted else 0xE391C05F
    current_user = struct.pack("<HHIII", 0, 0x0FF6, 20, 20, token) + b"\0" * 16
    return compound_file({"Current User": current_user, "PowerPoint Document": b"\0" * 16})


def encrypted_ooxml() -> bytes:
    """A password-protected .docx: an OLE container of ``EncryptionInfo`` and ``EncryptedPackage``."""
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0" * 8})
