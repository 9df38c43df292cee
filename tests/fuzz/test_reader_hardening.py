"""What the fuzzer found in the package, XML and text layer, fixed at the cause, one test each.

Damaged zips raise the right ``DocumentError`` naming the file and the part (not ``zlib.error``,
``RuntimeError``, ``NotImplementedError``); XML nested past 256 levels is refused, never a
``RecursionError``; text XML cannot hold never raises when written; odd attribute values
never crash the block reader. Every message is one line of at most 300 characters.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from lxml import etree

import ehcpdocs
from ehcpdocs.docx.package import open_package
from ehcpdocs.docx.text import R, append_text, iter_runs, paragraph_text, set_text
from ehcpdocs.docx.xml import MAX_XML_DEPTH, parse_xml, w
from ehcpdocs.errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError

from fuzz import bases, zipmutate


def one_line(error: BaseException) -> str:
    message = str(error)
    assert len(message) <= 300 and len(message.splitlines()) == 1, message
    return message


def plan() -> bytes:
    return bases.plan_bytes("gen-minimal")


def patch_central(data: bytes, member: str, field: str, value: int, *, local: bool = False) -> bytes:
    """Set one field of a member's central directory entry (and its local header)."""
    layout = zipmutate.Layout(data)
    out = bytearray(data)
    for index, record in enumerate(layout.central):
        name_length, = struct.unpack_from("<H", out, record + 28)
        if bytes(out[record + 46:record + 46 + name_length]).decode() == member:
            where, fmt = zipmutate.CENTRAL_FIELDS[field]
            struct.pack_into(fmt, out, record + where, value)
            if local:
                where, fmt = zipmutate.LOCAL_FIELDS[field]
                struct.pack_into(fmt, out, layout.local[index] + where, value)
            return bytes(out)
    raise AssertionError(f"no member {member}")


@pytest.mark.parametrize("bit", [0, 6, 13])
def test_a_part_with_an_encryption_flag_is_an_encrypted_document_naming_the_part(bit):
    data = patch_central(plan(), "word/document.xml", "flags", 1 << bit, local=True)
    with pytest.raises(EncryptedDocumentError) as caught:
        open_package(data, name="plan.docx")
    message = one_line(caught.value)
    assert message.startswith("plan.docx: part word/document.xml is encrypted")


@pytest.mark.parametrize("method", [1, 9, 12, 14, 99, 0xFFFF])
def test_a_compression_method_word_does_not_use_is_corrupt(method):
    data = patch_central(plan(), "word/styles.xml", "method", method, local=True)
    with pytest.raises(CorruptDocumentError, match=f"part word/styles.xml uses compression method {method}") as caught:
        open_package(data, name="plan.docx")
    one_line(caught.value)


def test_damaged_deflate_data_is_corrupt_naming_the_part():
    data = bytearray(plan())
    layout = zipmutate.Layout(bytes(data))
    local = layout.local[3]  # word/document.xml
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_length + extra_length
    data[start:start + 8] = b"\xff" * 8
    with pytest.raises(CorruptDocumentError) as caught:
        open_package(bytes(data), name="plan.docx")
    assert "part word/document.xml cannot be read" in one_line(caught.value)


def test_a_zip_version_too_new_is_corrupt():
    data = patch_central(plan(), "word/document.xml", "version", 90)
    with pytest.raises(CorruptDocumentError, match="damaged zip") as caught:
        open_package(data, name="plan.docx")
    one_line(caught.value)


def test_two_parts_of_one_name_are_corrupt():
    members = zipmutate.read_members(plan())
    members.append(("word/document.xml", b"<w:document/>"))
    with pytest.raises(CorruptDocumentError, match="two parts named word/document.xml"):
        open_package(zipmutate.build_zip(members), name="plan.docx")


def test_a_declared_size_with_nothing_compressed_is_refused():
    data = patch_central(plan(), "word/document.xml", "compressed", 0)
    data = patch_central(data, "word/document.xml", "size", 50 * 1024 * 1024)
    with pytest.raises(DocumentTooLargeError) as caught:
        open_package(data, name="plan.docx")
    one_line(caught.value)


def test_every_truncation_of_a_plan_is_a_document_error():
    data = plan()
    for cut in range(0, len(data), 37):
        with pytest.raises(ehcpdocs.EhcpDocsError) as caught:
            ehcpdocs.read_plan(data[:cut], name="plan.docx")
        one_line(caught.value)


def test_a_long_part_name_is_cut_in_the_message():
    members = zipmutate.read_members(plan())
    members = [(("word/" + "x" * 5000 + ".xml") if name == "word/styles.xml" else name, content)
               for name, content in members]
    data = patch_central(zipmutate.build_zip(members), "word/" + "x" * 5000 + ".xml", "method", 99, local=True)
    with pytest.raises(CorruptDocumentError) as caught:
        open_package(data, name="plan.docx")
    assert "…" in one_line(caught.value)


def nested(depth: int) -> bytes:
    return (f'<w:document xmlns:w="{w("")[1:-1]}"><w:body>'.encode() + b"<w:sdt><w:sdtContent>" * depth
            + b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + b"</w:sdtContent></w:sdt>" * depth + b"</w:body></w:document>")


@pytest.mark.parametrize("depth", [130, 1100, 20_000])
def test_xml_nested_past_the_limit_is_corrupt_not_a_recursion_error(depth):
    members = [(n, nested(depth) if n == "word/document.xml" else c) for n, c in zipmutate.read_members(plan())]
    with pytest.raises(CorruptDocumentError, match=f"more than {MAX_XML_DEPTH} levels deep") as caught:
        ehcpdocs.read_plan(zipmutate.build_zip(members), name="plan.docx")
    assert one_line(caught.value).startswith("plan.docx: part word/document.xml nests")


def test_xml_nested_just_under_the_limit_reads():
    root = parse_xml(nested(MAX_XML_DEPTH // 2 - 4), part="word/document.xml")
    assert paragraph_text(next(root.iter(w("p")))) == "deep"


def test_a_text_node_over_libxml2s_default_limit_still_parses():
    text = "0123456789abcdef" * (11 * 1024 * 1024 // 16)
    root = parse_xml(f"<a>{text}</a>".encode(), part="word/document.xml")
    assert len(root.text) == len(text)


def test_a_parser_error_quoting_a_long_name_is_cut_to_one_line():
    with pytest.raises(CorruptDocumentError) as caught:
        parse_xml(b"<" + b"a" * 60_000 + b">", part="word/document.xml", file="plan.docx")
    assert "…" in one_line(caught.value)


def test_runs_are_found_through_any_depth_of_wrappers():
    paragraph = etree.Element(w("p"))
    inner = paragraph
    for _ in range(5000):
        inner = etree.SubElement(inner, w("hyperlink"))
    run = etree.SubElement(inner, R)
    etree.SubElement(run, w("t")).text = "deep"
    assert list(iter_runs(paragraph)) == [run]
    assert paragraph_text(paragraph) == "deep"


def test_text_xml_cannot_hold_is_dropped_when_written():
    run = etree.Element(R)
    append_text(run, "a\x00b\x01c\ud800d\udfffe\ufffef\x1bg")
    assert "".join(t.text for t in run.iter(w("t"))) == "abcdefg"
    node = etree.SubElement(run, w("t"))
    set_text(node, "\x02 spaced \ud83d")
    assert node.text == " spaced "
    etree.tostring(run)  # serialises


def test_tabs_and_every_kind_of_line_break_become_elements():
    run = etree.Element(R)
    append_text(run, "a\tb\nc\r\nd\re\x0bf")
    assert [etree.QName(child).localname for child in run] == ["t", "tab", "t", "br", "t", "br", "t", "br", "t",
                                                               "br", "t"]
    assert paragraph_text(etree.Element(w("p"))) == ""


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "9" * 5000, "-1", "", "x"])
def test_odd_outline_levels_and_spans_do_not_crash_the_reader(value):
    document = nested(1).replace(
        b"<w:p>", f'<w:p><w:pPr><w:outlineLvl w:val="{value}"/></w:pPr>'.encode(), 1)
    members = [(n, document if n == "word/document.xml" else c) for n, c in zipmutate.read_members(plan())]
    data = zipmutate.build_zip(members)
    try:
        ehcpdocs.read_plan(data, name="plan.docx")
    except ehcpdocs.EhcpDocsError as error:
        one_line(error)
    rich = zipmutate.read_members(bases.plan_bytes("gen-rich"))
    rich = [(n, c.replace(b'w:gridSpan w:val="2"', f'w:gridSpan w:val="{value}"'.encode())
             if n == "word/document.xml" else c) for n, c in rich]
    assert ehcpdocs.read_plan(zipmutate.build_zip(rich), name="plan.docx").sections


def test_the_minimal_zip_helpers_build_what_zipfile_reads():
    data = zipmutate.build_zip([("a.xml", b"<a/>")])
    assert zipfile.ZipFile(io.BytesIO(data)).read("a.xml") == b"<a/>"


def test_a_part_over_the_xml_limit_is_too_large(monkeypatch):
    from ehcpdocs.docx import xml

    monkeypatch.setattr(xml, "MAX_XML_PART_BYTES", 1000)
    with pytest.raises(DocumentTooLargeError, match="part word/document.xml holds 0 MB of XML, over the 0 MB") as caught:
        ehcpdocs.read_plan(plan(), name="plan.docx")
    assert one_line(caught.value).startswith("plan.docx: ")


def test_a_body_over_the_paragraph_limit_is_too_large(monkeypatch):
    from ehcpdocs.docx import blocks

    monkeypatch.setattr(blocks, "MAX_PARAGRAPHS", 10)
    with pytest.raises(DocumentTooLargeError, match="more than 10 paragraphs") as caught:
        blocks.read_blocks(parse_xml(nested(1).replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 11)).find(w("body")),
                           blocks.StyleSheet(None), file="plan.docx")
    assert one_line(caught.value).startswith("plan.docx: has more than 10 paragraphs")


def test_unclosed_fields_cost_constant_work_per_paragraph():
    import time

    from ehcpdocs.docx import blocks

    begins = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o </w:instrText></w:r>' * 100
    body = (f'<w:body xmlns:w="{w("")[1:-1]}">' + f"<w:p>{begins}<w:r><w:t>x</w:t></w:r></w:p>" * 500
            + "</w:body>").encode()
    started = time.perf_counter()
    stream = blocks.read_blocks(parse_xml(body), blocks.StyleSheet(None)).stream
    assert time.perf_counter() - started < 5
    assert all(block.toc for block in stream.blocks)
