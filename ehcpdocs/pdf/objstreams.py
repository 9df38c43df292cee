"""A reportlab document written with its small objects in object streams (PDF 1.5).

A tagged plan has an indirect object for every structure element: two thousand in a forty-page
plan, each some ninety bytes in a classic file, which tripled its size. Written into
compressed object streams, with a cross-reference stream in place of the xref table, they cost
a few bytes each. reportlab writes only classic files, so ``format_with_object_streams`` takes
the place of ``PDFDocument.format`` for a tagged render: the same objects in the same order,
formatted by reportlab, the packable ones (``packable`` says which) gathered into streams.
"""

from __future__ import annotations

import struct
import zlib
from typing import Callable

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFFile, PDFIndirectObject

PER_STREAM = 200  # objects per object stream: a reader decompresses a whole stream for one object
FLATE_LEVEL = 1
_ROW = struct.Struct(">BIH")  # cross-reference stream row: type, offset or stream, generation or index


def format_with_object_streams(document: PDFDocument, packable: Callable[[object], bool]) -> bytes:
    """The bytes of ``document`` (a reportlab ``PDFDocument`` ready to format), its objects that
    ``packable`` accepts (never streams) in object streams."""
    document.encrypt.prepare(document)
    if document.encrypt.info():
        return PDFDocument.format(document)  # encrypted files keep reportlab's own layout
    catalog, info = document.Reference(document.Catalog), document.Reference(document.info)
    file = PDFFile(document._pdfVersion)
    document.__accum__ = file
    by_number = document.numberToId
    objects = document.idToObject
    numbers = document.idToObjectNumberAndVersion
    offsets: dict[int, int] = {}
    packed: list[tuple[int, bytes]] = []
    counter = 0
    while True:  # objects may be registered while others are formatted: numbered on
        counter += 1
        name = by_number.get(counter)
        if name is None:
            break
        obj = objects[name]
        if packable(obj):
            packed.append((counter, obj.format(document)))
        else:
            offsets[counter] = file.add(PDFIndirectObject(name, obj).format(document))
    del document.__accum__

    in_stream: dict[int, tuple[int, int]] = {}
    number = counter
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start:start + PER_STREAM]
        heads, bodies, position = [], [], 0
        for index, (packed_number, data) in enumerate(chunk):
            heads.append(b"%d %d" % (packed_number, position))
            bodies.append(data)
            position += len(data) + 1
            in_stream[packed_number] = (number, index)
        head = b" ".join(heads) + b"\n"
        content = zlib.compress(head + b"\n".join(bodies), FLATE_LEVEL)
        offsets[number] = file.add(
            b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream\nendobj\n"
            % (number, len(chunk), len(head), len(content), content))
        number += 1

    xref_number = number
    xref_offset = file.offset
    offsets[xref_number] = xref_offset
    rows = [_ROW.pack(0, 0, 65535)]
    for entry in range(1, xref_number + 1):
        if entry in offsets:
            rows.append(_ROW.pack(1, offsets[entry], 0))
        else:
            stream, index = in_stream[entry]
            rows.append(_ROW.pack(2, stream, index))
    table = zlib.compress(b"".join(rows), FLATE_LEVEL)
    identifier = document.ID().strip().split(b"\n")[0]
    file.add(
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %d 0 R/Info %d 0 R/ID %s/Filter/FlateDecode/Length %d>>"
        b"\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
        % (xref_number, xref_number + 1, numbers[catalog.name][0], numbers[info.name][0], identifier,
           len(table), table, xref_offset))
    return file.format(document)
