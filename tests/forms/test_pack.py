"""The consultation pack as one document: page numbers through the pack, an outline with the
plan's sections under the plan, and a Word document in which each part keeps its own styles."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from ehcpdocs.docx.xml import w
from ehcpdocs.forms import consultation_pack
from ehcpdocs.forms.pack import ANNEX2_TITLE, NOTICE_TITLE, PLAN_TITLE, join_docx
from ehcpdocs.pdf.styles import StyleResolver, parse_rpr
from formhelpers import FULL_REVIEW, PLAN, REPO

TEMPLATES = REPO / "templates"  # the repository's templates, whichever copy is installed


@pytest.fixture(scope="module")
def pack():
    return consultation_pack(FULL_REVIEW, PLAN, templates=TEMPLATES)


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pack_pages_are_numbered_through_the_pack(pack):
    texts = page_texts(pack.pdf)
    total = len(texts)
    notice_pages = len(PdfReader(io.BytesIO(pack.notice.pdf)).pages)
    assert total > notice_pages + 2
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {total}" in text, (number, text[-200:])
    # The third page is the plan's first: the plan on its own says "Page 1 of 5".
    assert "Page 1 of" in page_texts(pack.amend_result.amended_pdf)[0]
    assert f"Page {notice_pages + 1} of {total}" in texts[notice_pages]


def test_parts_on_their_own_keep_their_own_numbers(pack):
    texts = page_texts(pack.notice.pdf)
    assert all(f"Page {number} of {len(texts)}" in text for number, text in enumerate(texts, 1))


def test_pack_outline_has_one_entry_per_part_with_the_plans_sections_under_the_plan(pack):
    reader = PdfReader(io.BytesIO(pack.pdf))
    outline = reader.outline
    top = [entry.title for entry in outline if not isinstance(entry, list)]
    assert top == [NOTICE_TITLE, PLAN_TITLE, ANNEX2_TITLE]
    plan_children = outline[top.index(PLAN_TITLE) + 2]  # the list after each entry holds its children
    assert isinstance(plan_children, list)
    letters = [entry.title.split(":")[0] for entry in plan_children if not isinstance(entry, list)]
    assert letters[:6] == ["Section A", "Section B", "Section C", "Section D", "Section E", "Section F"]
    assert "Section K" in letters


def body_paragraph_looks(docx: bytes) -> list[list[tuple[str, float, str]]]:
    """Each body paragraph's runs as (font, size, text), split into the document's sections."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
        theme = etree.fromstring(archive.read("word/theme/theme1.xml")) if "word/theme/theme1.xml" in archive.namelist() else None
    resolver = StyleResolver(styles, theme)
    parts: list[list] = [[]]
    for paragraph in document.find(w("body")).iter(w("p")):
        ppr = paragraph.find(w("pPr"))
        style = ppr.find(w("pStyle")).get(w("val")) if ppr is not None and ppr.find(w("pStyle")) is not None else None
        if style is None:
            style = next((s.get(w("styleId")) for s in styles.iter(w("style"))
                          if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1"), None)
        base = resolver.paragraph(style)[1]
        runs = []
        for run in paragraph.iter(w("r")):
            text = "".join(t.text or "" for t in run.iter(w("t")))
            if not text.strip():
                continue
            rpr = run.find(w("rPr"))
            character = rpr.find(w("rStyle")).get(w("val")) if rpr is not None and rpr.find(w("rStyle")) is not None else None
            look = {**base, **resolver.character(character), **parse_rpr(rpr, resolver.theme_fonts)}
            runs.append((look.get("font"), look.get("sz"), text))
        if runs:
            parts[-1].append(runs)
        if ppr is not None and ppr.find(w("sectPr")) is not None:
            parts.append([])
    return [part for part in parts if part]


def test_pack_docx_plan_part_keeps_the_plans_fonts_and_sizes(pack):
    plan = body_paragraph_looks(pack.amend_result.amended_docx)
    parts = body_paragraph_looks(pack.docx)
    assert len(parts) == 3
    notice, in_pack, annex2 = parts
    assert in_pack == [paragraph for part in plan for paragraph in part]
    fonts = {font for paragraph in in_pack for font, _size, _text in paragraph}
    assert "Arial" in fonts  # the sample plan's Normal style is Arial; the notice's is Calibri
    # The other parts keep theirs.
    assert notice == body_paragraph_looks(pack.notice.docx)[0]
    assert annex2 == body_paragraph_looks(pack.annex2.docx)[0]
    assert {font for paragraph in notice for font, _size, _text in paragraph} == {"Calibri"}
    sizes = {size for paragraph in in_pack for _font, size, _text in paragraph}
    assert {11.0, 14.0} <= sizes


def test_pack_docx_names_each_parts_styles(pack):
    with zipfile.ZipFile(io.BytesIO(pack.docx)) as archive:
        styles = archive.read("word/styles.xml").decode()
        document = archive.read("word/document.xml").decode()
    assert 'w:styleId="NormalProposedPlan"' in styles and "Normal (Proposed plan)" in styles
    assert styles.count('w:default="1" w:styleId="Normal"') + styles.count('w:styleId="Normal" w:default="1"') <= 1
    assert len(re.findall(r'<w:style w:type="paragraph" w:default="1"', styles)) == 1
    # Every style the joined document uses is defined in it.
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', document))
    assert used <= defined, used - defined
    assert "w:start=" not in document  # page numbers run on through the parts


def test_join_docx_with_same_styles_renames_nothing(pack):
    joined = join_docx([pack.notice.docx, pack.notice.docx], labels=["Notice", "Copy"])
    with zipfile.ZipFile(io.BytesIO(joined)) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert "(Copy)" not in styles


def test_pack_docx_opens_in_python_docx(pack):
    import docx

    document = docx.Document(io.BytesIO(pack.docx))
    names = {style.name for style in document.styles}
    assert "Normal (Proposed plan)" in names and "Normal" in names


def test_forms_that_list_changes_by_section_keep_their_heading_outline(pack):
    # The notice's and the report's tables list changes by section ("A | Revised a paragraph"):
    # they are not plans, so their outlines are their own headings, not "Section A: A".
    for form in (pack.notice, pack.annex2):
        titles = [entry.title for entry in PdfReader(io.BytesIO(form.pdf)).outline if not isinstance(entry, list)]
        assert titles and not any(re.fullmatch(r"Section [A-K]\d?: [A-K]\d?", title) for title in titles), titles


def _document_with_defaults(font: str | None, half_points: str | None, text: str, after: str | None = None) -> bytes:
    """A one-paragraph document whose look comes from its defaults alone (Normal sets nothing)."""
    import docx

    document = docx.Document()
    styles = document.styles.element
    defaults = styles.find(w("docDefaults"))
    rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    if font:
        etree.SubElement(rpr, w("rFonts"), {w("ascii"): font, w("hAnsi"): font})
    if half_points:
        etree.SubElement(rpr, w("sz"), {w("val"): half_points})
    ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    if after:
        etree.SubElement(ppr, w("spacing"), {w("after"): after})
    normal = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == "Normal")
    for child in list(normal):
        if child.tag in (w("rPr"), w("pPr")):
            normal.remove(child)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_join_docx_keeps_a_parts_document_defaults():
    first = _document_with_defaults("Calibri", "22", "First part", after="200")
    second = _document_with_defaults("Arial", "28", "Second part")
    third = _document_with_defaults(None, None, "Third part")  # Word's own: 10 pt Times New Roman
    joined = join_docx([first, second, third], labels=["One", "Two", "Three"])
    looks = body_paragraph_looks(joined)
    assert [paragraph[0] for part in looks for paragraph in part] == [
        ("Calibri", 11.0, "First part"), ("Arial", 14.0, "Second part"), ("Times New Roman", 10.0, "Third part")]
    with zipfile.ZipFile(io.BytesIO(joined)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    third_normal = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == "NormalThree")
    spacing = third_normal.find(f"{w('pPr')}/{w('spacing')}")
    assert spacing is not None and spacing.get(w("after")) == "0"  # not the first part's 200
    assert [child.tag for child in third_normal].index(w("pPr")) < [child.tag for child in third_normal].index(w("rPr"))


def test_the_pack_pdf_is_one_tagged_document(pack):
    """Joined from three tagged PDFs, the pack keeps one structure tree over all its pages."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pack.pdf)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True and str(root.Lang)
        assert b"<pdfuaid:part>1</pdfuaid:part>" in root.Metadata.read_bytes()
        top = root.StructTreeRoot.K
        assert top.S == pikepdf.Name.Document and len(top.K) == 3  # notice, plan, Annex 2
        page_ids = {page.obj.objgen for page in document.pages}
        nums = root.StructTreeRoot.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        for index, page in enumerate(document.pages):
            assert int(page.obj.StructParents) == index and index in keys
        stack, pages_seen = [top], set()
        while stack:
            elem = stack.pop()
            if "/Pg" in elem:
                assert elem.Pg.objgen in page_ids  # the joined pages, not copies
                pages_seen.add(elem.Pg.objgen)
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
        assert pages_seen == page_ids
