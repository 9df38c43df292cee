"""Mutations of a .docx at the zip level: the bytes of the package, its records and its members.

A package is first read into its members (name, bytes); member mutations (drop, duplicate,
replace, rename, add, a zip bomb) rebuild the zip; record mutations then patch the fields of
the local headers, the central directory and the end record (flags such as the encryption bit,
compression methods, declared sizes, versions, CRCs, extra fields), and byte mutations
truncate, flip, prepend or append. Each mutation is ``(kind, seed, amount)``: the seed picks the
member, offset and value, so a mutation is reproducible and shrinks towards the first choice.
"""

from __future__ import annotations

import io
import random
import struct
import warnings
import zipfile
import zlib

FIXED_TIME = (2026, 1, 1, 0, 0, 0)

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"

# field name -> (offset in the record, struct format)
LOCAL_FIELDS = {
    "version": (4, "<H"), "flags": (6, "<H"), "method": (8, "<H"), "time": (10, "<H"), "date": (12, "<H"),
    "crc": (14, "<I"), "compressed": (18, "<I"), "size": (22, "<I"), "name_length": (26, "<H"),
    "extra_length": (28, "<H"),
}
CENTRAL_FIELDS = {
    "made_by": (4, "<H"), "version": (6, "<H"), "flags": (8, "<H"), "method": (10, "<H"), "time": (12, "<H"),
    "date": (14, "<H"), "crc": (16, "<I"), "compressed": (20, "<I"), "size": (24, "<I"), "name_length": (28, "<H"),
    "extra_length": (30, "<H"), "comment_length": (32, "<H"), "disk": (34, "<H"), "internal": (36, "<H"),
    "external": (38, "<I"), "offset": (42, "<I"),
}
END_FIELDS = {
    "disk": (4, "<H"), "cd_disk": (6, "<H"), "disk_entries": (8, "<H"), "entries": (10, "<H"),
    "cd_size": (12, "<I"), "cd_offset": (16, "<I"), "comment_length": (20, "<H"),
}

FLAG_BITS = (0, 0, 0, 1, 2, 3, 5, 6, 11, 13, 15)  # bit 0 (encryption) drawn most often
METHODS = (1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 14, 18, 19, 93, 94, 95, 96, 97, 98, 99, 255, 0xFFFF, 0, 8)
HUGE_SIZES = (0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 100 * 1024 * 1024 + 1, 200 * 1024 * 1024 + 1, 0, 1)
VERSIONS = (0, 10, 20, 45, 46, 62, 63, 64, 90, 255, 0xFFFF)

MEMBER_KINDS = ("drop", "duplicate", "replace", "rename", "add", "bomb", "stored")
RECORD_KINDS = ("flag", "method", "size", "version", "crc", "extra", "name", "end", "offset")
BYTE_KINDS = ("truncate", "flip", "header", "prepend", "append")
ZIP_KINDS = MEMBER_KINDS + RECORD_KINDS + BYTE_KINDS

IMPORTANT_MEMBERS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                     "word/_rels/document.xml.rels", "word/numbering.xml", "word/settings.xml")


def read_members(data: bytes) -> list[tuple[str, bytes]]:
    """The members of a (well-formed) package, in order."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(info.filename, archive.read(info)) for info in archive.infolist()]


def build_zip(members: list[tuple[str, bytes]], *, stored: frozenset[str] = frozenset()) -> bytes:
    """A zip of the members in order, with fixed timestamps (duplicates kept as given)."""
    output = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 'Duplicate name' is what a duplicate-member case wants
        with zipfile.ZipFile(output, "w") as archive:
            for name, content in members:
                info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
                info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
    return output.getvalue()


def _pick_member(names: list[str], rnd: random.Random) -> int:
    """A member index, the parts every reader needs drawn more often."""
    important = [i for i, name in enumerate(names) if name in IMPORTANT_MEMBERS]
    if important and rnd.random() < 0.7:
        return rnd.choice(important)
    return rnd.randrange(len(names)) if names else 0


def mutate_members(members: list[tuple[str, bytes]], kind: str, seed: int, amount: int) -> list[tuple[str, bytes]]:
    """A member-level mutation of the package's member list."""
    rnd = random.Random(seed)
    members = list(members)
    if not members:
        return members
    names = [name for name, _ in members]
    index = _pick_member(names, rnd)
    name, content = members[index]
    if kind == "drop":
        del members[index]
    elif kind == "duplicate":
        variants = [content, b"", content[: len(content) // 2], b"<x/>", members[rnd.randrange(len(members))][1]]
        members.insert(rnd.randrange(len(members) + 1), (name, variants[amount % len(variants)]))
    elif kind == "replace":
        variants = [
            b"", b"\x00" * 64, bytes(rnd.randrange(256) for _ in range(200)), b"<?xml version='1.0'?>",
            b"PK\x03\x04" + content[:100], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            content.decode("utf-8", "replace").encode("utf-16"), content + b"<trailing/>",
            b"\xef\xbb\xbf" + content, content.replace(b"UTF-8", b"ISO-8859-1"),
            content.replace(b"UTF-8", b"UTF-16"), content.replace(b"utf-8", b"EBCDIC"),
        ]
        members[index] = (name, variants[amount % len(variants)])
    elif kind == "rename":
        variants = [name.upper(), name.replace("/", "\\"), "/" + name, "../" + name, name + "/", name + "\x00",
                    "word/" + "x" * 300 + ".xml", name.replace("document", "Document"), ""]
        members[index] = (variants[amount % len(variants)], content)
    elif kind == "add":
        extra = [
            ("word/" + "deep/" * 50 + "x.xml", b"<x/>"),
            ("customXml/item1.xml", b"<root>" * 50 + b"</root>" * 50),
            ("word/media/image1.png", bytes(rnd.randrange(256) for _ in range(300))),
            ("word/media/image1.emf", b"\x01\x00\x00\x00" + b"\xff" * 100),
            ("EncryptionInfo", b"\x04\x00\x04\x00"),
        ]
        members.insert(rnd.randrange(len(members) + 1), extra[amount % len(extra)])
    elif kind == "bomb":
        size = (2 + amount % 12) * 1024 * 1024
        members[index] = (name, content + b" " * size)
    elif kind == "stored":
        pass  # handled by build: the member is written without compression
    return members


class Layout:
    """Where the records of a zip are: local headers, central entries and the end record."""

    def __init__(self, data: bytes) -> None:
        self.central: list[int] = []
        self.local: list[int] = []
        self.end: int | None = None
        end = data.rfind(END_SIG)
        if end < 0 or end + 22 > len(data):
            return
        self.end = end
        entries, = struct.unpack_from("<H", data, end + 10)
        offset, = struct.unpack_from("<I", data, end + 16)
        for _ in range(entries):
            if offset + 46 > len(data) or data[offset:offset + 4] != CENTRAL_SIG:
                break
            self.central.append(offset)
            local, = struct.unpack_from("<I", data, offset + 42)
            if local + 30 <= len(data) and data[local:local + 4] == LOCAL_SIG:
                self.local.append(local)
            name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
            offset += 46 + name_length + extra_length + comment_length


def _patch(data: bytearray, record: int, fields: dict, field: str, value: int) -> None:
    where, fmt = fields[field]
    limit = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
    if record + where + struct.calcsize(fmt) <= len(data):
        struct.pack_into(fmt, data, record + where, value & limit)


def _read(data: bytearray, record: int, fields: dict, field: str) -> int:
    where, fmt = fields[field]
    if record + where + struct.calcsize(fmt) > len(data):
        return 0
    return struct.unpack_from(fmt, data, record + where)[0]


def mutate_records(data: bytes, kind: str, seed: int, amount: int) -> bytes:
    """A record-level mutation: one field of a local header, a central entry or the end record."""
    rnd = random.Random(seed)
    layout = Layout(data)
    out = bytearray(data)
    if not layout.central:
        return mutate_bytes(data, "flip", seed, amount)
    entry = rnd.randrange(len(layout.central))
    central = layout.central[entry]
    local = layout.local[entry] if entry < len(layout.local) else None
    where = rnd.choice(("central", "local", "both"))
    targets = []
    if where in ("central", "both"):
        targets.append((central, CENTRAL_FIELDS))
    if where in ("local", "both") and local is not None:
        targets.append((local, LOCAL_FIELDS))
    if not targets:
        targets.append((central, CENTRAL_FIELDS))
    for record, fields in targets:
        if kind == "flag":
            bit = FLAG_BITS[amount % len(FLAG_BITS)]
            _patch(out, record, fields, "flags", _read(out, record, fields, "flags") | (1 << bit))
        elif kind == "method":
            _patch(out, record, fields, "method", METHODS[amount % len(METHODS)])
        elif kind == "size":
            field = rnd.choice(("size", "compressed", "size"))
            _patch(out, record, fields, field, HUGE_SIZES[amount % len(HUGE_SIZES)])
        elif kind == "version":
            _patch(out, record, fields, "version", VERSIONS[amount % len(VERSIONS)])
        elif kind == "crc":
            _patch(out, record, fields, "crc", _read(out, record, fields, "crc") ^ (1 + amount))
        elif kind == "extra":
            _patch(out, record, fields, "extra_length", (0xFFFF, 4, 1, 200, 0x7FFF)[amount % 5])
        elif kind == "name":
            _patch(out, record, fields, "name_length", (0, 1, 0xFFFF, 300)[amount % 4])
        elif kind == "offset":
            if fields is CENTRAL_FIELDS:
                _patch(out, record, fields, "offset", (0xFFFFFFFF, len(data), 1, 0, central)[amount % 5])
    if kind == "end" and layout.end is not None:
        field = rnd.choice(tuple(END_FIELDS))
        _patch(out, layout.end, END_FIELDS, field, (0, 1, 0xFFFF, 0xFFFFFFFF, 10_001, len(data))[amount % 6])
    if kind == "name" and where != "local":
        # also a name that is not UTF-8 although the UTF-8 flag is set
        _patch(out, central, CENTRAL_FIELDS, "flags", _read(out, central, CENTRAL_FIELDS, "flags") | 0x800)
        if central + 46 < len(out):
            out[central + 46] = 0xFF
    return bytes(out)


def mutate_bytes(data: bytes, kind: str, seed: int, amount: int) -> bytes:
    """A byte-level mutation of the whole package."""
    rnd = random.Random(seed)
    if not data:
        return data
    if kind == "truncate":
        cut = rnd.randrange(len(data))
        if amount % 3 == 1:  # cut out the middle
            return data[:cut] + data[cut + 1 + rnd.randrange(4096):]
        return data[:cut]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(1 + amount % 16):
            position = rnd.randrange(len(out))
            if rnd.random() < 0.5:
                out[position] ^= 1 << rnd.randrange(8)
            else:
                out[position] = rnd.randrange(256)
        return bytes(out)
    if kind == "header":
        out = bytearray(data)
        signatures = [i for sig in (LOCAL_SIG, CENTRAL_SIG, END_SIG) for i in _find_all(data, sig)]
        if signatures:
            at = rnd.choice(signatures)
            out[at:at + 4] = (b"PK\x00\x00", b"\x00\x00\x00\x00", b"PK\x07\x08", b"PK\x06\x06", b"PK\x05\x06")[amount % 5]
        return bytes(out)
    if kind == "prepend":
        return (b"PK", b"garbage" * 10, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 100, data[:200])[amount % 5] + data
    if kind == "append":
        return data + (b"PK\x05\x06" + b"\x00" * 18, b"\x00" * 1000, data[-200:], b"PK\x03\x04" * 10)[amount % 4]
    return data


def _find_all(data: bytes, needle: bytes) -> list[int]:
    found = []
    at = data.find(needle)
    while at >= 0 and len(found) < 500:
        found.append(at)
        at = data.find(needle, at + 1)
    return found


def deflate_bomb(size: int) -> bytes:
    """``size`` zero bytes, deflated (for hand-written zip bomb tests)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(b"\x00" * size) + compressor.flush()
