"""The documents and data the fuzzer starts from, by name.

Plans: the three samples (with their reviews), the twelve council layout fixtures (each with a
one-word review, as ``benchmarks/amend.py`` makes it), and two generated plans: ``gen-minimal``
(a hand-written package of four parts) and ``gen-rich`` (content controls, a nested table,
hyperlinks, fields, tracked changes, a header, a footer and an image). ``NAME+amended`` is the
marked-up plan ``amend`` writes for plan NAME (what ``check`` and ``finalise`` read).

Containers that are not zips: ``ole-*``, Office 97-2003 files (readable or with a password)
and a password-protected .docx, built by ``tests/olebuilder.py``, for the package reader.

Data: the sample reviews, the full review (Annex 2 fields) and the two sample referrals.
Every base is built once per process and has stable bytes, so a saved failing input can be
replayed against the same base.
"""

from __future__ import annotations

import copy
import io
import json
import struct
import sys
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
TESTS = REPO / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

SAMPLE_IDS = ("LCC-EHCP-1001", "SCC-EHCP-2002", "PCC-EHCP-3003")
GENERATED = ("gen-minimal", "gen-rich")
OLE = ("ole-word97", "ole-word97-locked", "ole-excel97", "ole-powerpoint97-locked", "ole-encrypted-docx")
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
MEETING = {"meeting_date": "2026-10-12", "reasons": ["significant_change"],
           "evidence": ["Educational Psychology report, 1 September 2026"]}


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so generated bases have stable bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def council_names() -> list[str]:
    from fixtures.councils import layout_names

    return layout_names()


def plan_names() -> list[str]:
    return [*SAMPLE_IDS, *GENERATED, *council_names()]


@lru_cache(maxsize=None)
def plan_bytes(name: str) -> bytes:
    """A base plan's .docx bytes (``NAME+amended``: the marked-up plan of NAME)."""
    if name.endswith("+amended"):
        import ehcpdocs

        base = name[: -len("+amended")]
        return ehcpdocs.amend(plan_bytes(base), plan_review(base)).amended_docx
    if name in SAMPLE_IDS:
        return (SAMPLES / "plans" / f"{name}.docx").read_bytes()
    if name == "gen-minimal":
        return minimal_plan()
    if name == "gen-rich":
        return rich_plan()
    if name in OLE:
        import olebuilder

        return {"ole-word97": lambda: olebuilder.word_97(encrypted=False),
                "ole-word97-locked": lambda: olebuilder.word_97(encrypted=True),
                "ole-excel97": lambda: olebuilder.excel_97(encrypted=False),
                "ole-powerpoint97-locked": lambda: olebuilder.powerpoint_97(encrypted=True),
                "ole-encrypted-docx": olebuilder.encrypted_ooxml}[name]()
    from fixtures.councils import fixture

    return normalise_zip(fixture(name).docx)


@lru_cache(maxsize=None)
def _plan_review(name: str) -> str:
    if name in SAMPLE_IDS:
        return (SAMPLES / "reviews" / f"{name}.json").read_text(encoding="utf-8")
    if name in GENERATED:
        return json.dumps(generated_review(name), ensure_ascii=False)
    from fixtures.councils import fixture

    return json.dumps(council_review(fixture(name)), ensure_ascii=False)


def plan_review(name: str) -> dict:
    """The review that amends base plan ``name`` (a fresh copy)."""
    return json.loads(_plan_review(name.removesuffix("+amended")))


DATA_BASES = {
    "LCC-EHCP-1001": SAMPLES / "reviews" / "LCC-EHCP-1001.json",
    "SCC-EHCP-2002": SAMPLES / "reviews" / "SCC-EHCP-2002.json",
    "PCC-EHCP-3003": SAMPLES / "reviews" / "PCC-EHCP-3003.json",
    "full": SAMPLES / "reviews" / "full" / "LCC-EHCP-1001.json",
    "unchanged": SAMPLES / "reviews" / "unchanged" / "LCC-EHCP-1001.json",
    "complete": SAMPLES / "referrals" / "complete.json",
    "returned": SAMPLES / "referrals" / "returned.json",
}
REFERRAL_DIR = SAMPLES / "referrals"


@lru_cache(maxsize=None)
def _data(name: str) -> str:
    return DATA_BASES[name].read_text(encoding="utf-8")


def data(name: str):
    """A base review or referral as JSON data (a fresh copy)."""
    return json.loads(_data(name))


def data_plan(name: str) -> str:
    """The plan a base review belongs to."""
    return "LCC-EHCP-1001" if name in ("full", "unchanged") else name


@lru_cache(maxsize=None)
def plan_texts(name: str) -> dict[str, list[str]]:
    """Section letter -> the texts of its paragraphs and rows' first cells (for anchors)."""
    import ehcpdocs

    plan = ehcpdocs.read_plan(plan_bytes(name))
    texts: dict[str, list[str]] = {}
    for letter, section in plan.sections.items():
        found = [place.text for place in section.places if place.text.strip()]
        for row in section.rows:
            found.extend(text for text in row.texts if text.strip())
        texts[letter] = found or [section.title or letter]
    return texts


def council_review(built) -> dict:
    """A one-word amendment in the first section with a word that occurs once in it."""
    import ehcpdocs

    plan = ehcpdocs.read_plan(built.docx)
    for letter, section in plan.sections.items():
        texts = [place.text for place in section.places]
        for text in texts:
            for word in text.split():
                if len(word) > 5 and word.isalpha() and sum(other.count(word) for other in texts) == 1:
                    return {"plan_id": built.plan_id, "child": built.review_child(), "review": copy.deepcopy(MEETING),
                            "amendments": [{"op": "replace", "section": letter, "old": word, "new": word + "s"}]}
    return {"plan_id": built.plan_id, "child": built.review_child(), "review": copy.deepcopy(MEETING), "amendments": []}


def generated_review(name: str) -> dict:
    amendments = [
        {"op": "replace", "section": "B", "old": "15 minutes", "new": "20 minutes"},
        {"op": "revise", "section": "A", "paragraph": "She wants to be a vet.", "new": "She wants to be a doctor."},
        {"op": "insert", "section": "D", "after": "No social care needs", "new": "A new paragraph."},
    ]
    if name == "gen-rich":
        amendments.append({"op": "delete_row", "section": "F", "row": "Social skills group"})
        amendments.append({"op": "add_row", "section": "E", "after": "Read a book alone",
                           "cells": ["Count to 100", "Daily counting", "July 2027"]})
    return {"plan_id": "TST-EHCP-0001",
            "child": {"first_name": "Zoë", "last_name": "Example", "date_of_birth": "2016-05-02"},
            "review": copy.deepcopy(MEETING), "amendments": amendments}


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style></w:styles>')


def _p(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _table(rows: list[tuple[str, ...]]) -> str:
    columns = len(rows[0])
    grid = "".join('<w:gridCol w:w="3000"/>' for _ in range(columns))
    body = "".join("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{_p(c)}</w:tc>'
                                      for c in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'


def _plan_body(extra: str = "") -> str:
    details = _table([("Name", "Zoë Example"), ("Date of birth", "2 May 2016"), ("Plan reference", "TST-EHCP-0001")])
    return "".join([
        details,
        _p("Section A: Views, interests and aspirations", "Heading1"),
        _p("Zoë loves drawing and swimming with her brother."), _p("She wants to be a vet."),
        _p("Section B – Special educational needs", "Heading1"),
        _p("Zoë needs 15 minutes of movement breaks twice a day."),
        _p("Section D: Social care needs", "Heading1"), _p("No social care needs are identified."),
        _p("Section E: Outcomes", "Heading1"),
        _table([("Outcome", "Steps", "Timescale"), ("Read a book alone", "Weekly reading", "July 2027")]),
        _p("Section F: Special educational provision", "Heading1"),
        _table([("Provision", "By whom", "Frequency"), ("Speech therapy", "SALT", "Weekly"),
                ("Social skills group", "Teaching assistant", "Weekly")]),
        extra,
        _p("Section K: Advice and information", "Heading1"), _p("K1 Educational psychology advice, March 2025"),
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
        'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>',
    ])


def _document(body: str, extra_ns: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            f'{extra_ns}><w:body>{body}</w:body></w:document>')


def _zip(members: list[tuple[str, str | bytes]]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME),
                             content.encode("utf-8") if isinstance(content, str) else content,
                             compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def minimal_plan() -> bytes:
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS),
                 ("word/_rels/document.xml.rels", DOCUMENT_RELS), ("word/document.xml", _document(_plan_body())),
                 ("word/styles.xml", STYLES)])


def tiny_png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


RICH_EXTRA = (
    # a content control, a hyperlink, a field, tracked changes, a nested table, an image
    '<w:sdt><w:sdtPr><w:alias w:val="Note"/></w:sdtPr><w:sdtContent>'
    '<w:p><w:r><w:t>A note in a content control with a </w:t></w:r>'
    '<w:hyperlink r:id="rId3"><w:r><w:t>link</w:t></w:r></w:hyperlink>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t> inserted</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText> deleted</w:delText></w:r></w:del>'
    '</w:p></w:sdtContent></w:sdt>'
    '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>'
    '<w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
    '<w:p><w:r><w:t>Merged cell</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/>'
    '</w:tcPr>' + _table([("Nested", "table")]) + '<w:p/></w:tc><w:tc><w:p><w:r><w:drawing>'
    '<wp:inline><wp:extent cx="95250" cy="95250"/><wp:docPr id="1" name="Picture 1"/><a:graphic>'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
    '<pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId4"/>'
    '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="95250" cy="95250"/></a:xfrm>'
    '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>'
    '</w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p>'
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Listed</w:t></w:r>'
    '</w:p></w:tc></w:tr></w:tbl>'
    '<w:p><w:r><w:t xml:space="preserve">Tab</w:t><w:tab/><w:t>and break</w:t><w:br/><w:t>end</w:t></w:r>'
    '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>'
)
RICH_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
MARGIN = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{{kind}} xmlns:w="{W_NS}">'
          '<w:p><w:r><w:t xml:space="preserve">TST-EHCP-0001 page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/>'
          '</w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
          '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:{kind}>')


def rich_plan() -> bytes:
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/hyperlink" Target="https://example.org/" TargetMode="External"/>'
        f'<Relationship Id="rId4" Type="{rel}/image" Target="media/image1.png"/>'
        f'<Relationship Id="rId5" Type="{rel}/header" Target="header1.xml"/>'
        f'<Relationship Id="rId6" Type="{rel}/footer" Target="footer1.xml"/></Relationships>')
    body = _plan_body(RICH_EXTRA).replace(
        "<w:sectPr>", '<w:sectPr><w:headerReference w:type="default" r:id="rId5"/>'
                      '<w:footerReference w:type="default" r:id="rId6"/>')
    types = CONTENT_TYPES.replace(
        "</Types>",
        '<Default Extension="png" ContentType="image/png"/>'
        '<Override PartName="/word/numbering.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        '<Override PartName="/word/header1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        '<Override PartName="/word/footer1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
    return _zip([("[Content_Types].xml", types), ("_rels/.rels", PACKAGE_RELS), ("word/_rels/document.xml.rels", rels),
                 ("word/document.xml", _document(body, RICH_NS)), ("word/styles.xml", STYLES),
                 ("word/numbering.xml", NUMBERING), ("word/header1.xml", MARGIN.format(kind="hdr")),
                 ("word/footer1.xml", MARGIN.format(kind="ftr")), ("word/media/image1.png", tiny_png())])
