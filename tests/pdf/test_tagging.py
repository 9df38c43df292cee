"""Tagged PDF: the structure tree, marked content and document entries of every PDF ehcpdocs writes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from lxml import etree
from pdfhelpers import add_hyperlink

import ehcpdocs
from ehcpdocs.docx.reading import section_headings
from ehcpdocs.docx.text import paragraph_text
from ehcpdocs.docx.xml import w
from ehcpdocs.pdf import render_pdf

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "samples" / "plans" / "LCC-EHCP-1001.docx"
REVIEW = REPO / "samples" / "reviews" / "LCC-EHCP-1001.json"
PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI"}


def structure(pdf: bytes) -> list[tuple[int, str, object]]:
    """(depth, role, element) of every structure element, in reading order."""
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        def walk(elem, depth):
            out.append((depth, str(elem.S)[1:], dict(elem.items())))
            kids = elem.get("/K")
            items = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            for kid in items:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, depth + 1)
        walk(document.Root.StructTreeRoot.K, 0)
    return out


def untagged_painting(pdf: bytes) -> list[tuple[int, str]]:
    """(page, operator) of every painting operator outside marked content."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            depth = 0
            for _operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    depth += 1
                elif op == "EMC":
                    depth -= 1
                    assert depth >= 0, f"EMC without a start on page {number}"
                elif op in PAINTING and depth == 0:
                    found.append((number, op))
            assert depth == 0, f"marked content left open on page {number}"
    return found


def struct_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "tagged.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout


def headings_of(text: str, role: str = "H1") -> list[str]:
    """The text of each ``role`` element in ``pdfinfo -struct-text`` output."""
    headings, current, depth = [], None, None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if current is not None and indent <= depth:
            headings.append(" ".join(" ".join(current).split()))
            current = None
        if stripped.startswith(role + " "):
            current, depth = [], indent
        elif current is not None and stripped.startswith('"'):
            current.append(stripped.strip('"'))
    if current is not None:
        headings.append(" ".join(" ".join(current).split()))
    return headings


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return render_pdf(PLAN).pdf


@pytest.fixture(scope="module")
def amended():
    return ehcpdocs.amend(PLAN, json.loads(REVIEW.read_text()))


def test_the_document_is_marked_with_language_title_and_pdfua_metadata(plan_pdf):
    with pikepdf.open(io.BytesIO(plan_pdf)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"  # the sample's own w:lang, as an English council's Word writes it
        assert root.ViewerPreferences.DisplayDocTitle is True
        title = str(document.docinfo.Title)
        assert title and not title.endswith(".docx")
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and title in xmp
        assert "/ParentTree" in root.StructTreeRoot
        for page in document.pages:
            assert "/StructParents" in page.obj
            for font in page.Resources.Font.values():
                assert "/ToUnicode" in font, font.get("/BaseFont")  # embedded subsets only: no Helvetica


def test_the_language_comes_from_the_document_else_en_gb():
    from ehcpdocs.pdf.layout import document_language, document_title

    styles = etree.fromstring(
        f'<w:styles xmlns:w="{w("x")[1:-2]}"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="cy-GB"/>'
        '</w:rPr></w:rPrDefault></w:docDefaults></w:styles>')
    assert document_language(styles, None) == "cy-GB"
    assert document_language(None, None) == "en-GB"
    assert document_title("plan.docx", None, "Education, Health and Care Plan") == "Education, Health and Care Plan"
    assert document_title(None, None, None) == "Untitled document"


def test_every_painting_operator_is_content_or_artifact(plan_pdf, amended):
    assert untagged_painting(plan_pdf) == []
    assert untagged_painting(amended.amended_pdf) == []


def test_headings_in_order_are_the_plans_section_headings(plan_pdf, tmp_path):
    from ehcpdocs.docx.package import open_package

    package = open_package(PLAN)
    root = package.xml(package.main_part)
    styles = package.xml(package.main_related("/styles"))
    expected = [" ".join(paragraph_text(p).split()) for p in section_headings(root, styles)]
    assert len(expected) >= 8
    assert headings_of(struct_text(plan_pdf, tmp_path)) == expected


def test_tables_start_with_header_cells_and_cells_have_scope(plan_pdf):
    elements = structure(plan_pdf)
    tables = [index for index, (_d, role, _e) in enumerate(elements) if role == "Table"]
    assert tables
    for index in tables:
        depth = elements[index][0]
        first_row = []
        for later_depth, role, item in elements[index + 2:]:
            if later_depth <= depth + 1:
                break
            if later_depth == depth + 2:
                first_row.append((role, item))
        assert first_row and first_row[0][0] == "TH"
        assert str(first_row[0][1]["/A"]["/Scope"]) in ("/Row", "/Column")


def test_lists_are_list_items_with_labels_and_bodies(tmp_path):
    document = Document()
    document.add_paragraph("Outcomes agreed:")
    for text in ("Reads a short book each week", "Writes a sentence unaided"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("Numbered", style="List Number")
    document.add_paragraph("Numbered too", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = render_pdf(buffer.getvalue()).pdf
    elements = structure(pdf)
    roles = [role for _d, role, _e in elements]
    assert roles.count("LI") == 4
    for index, (depth, role, _e) in enumerate(elements):
        if role == "LI":
            children = [r for d, r, _ in elements[index + 1:index + 4] if d == depth + 1]
            assert children[:2] == ["Lbl", "LBody"]
    assert roles[roles.index("L") - 1] == "P"  # "Outcomes agreed:" comes before the list
    assert untagged_painting(pdf) == []


def test_pictures_have_alt_text_or_are_artifacts():
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(image, format="PNG")
    document = Document()
    document.add_paragraph("Before the logo")
    document.add_picture(io.BytesIO(image.getvalue()))
    document.add_picture(io.BytesIO(image.getvalue()))
    properties = document.inline_shapes[0]._inline.docPr
    properties.set("descr", "Lowmoor City Council logo")
    decorative = document.inline_shapes[1]._inline.docPr
    extension = etree.SubElement(etree.SubElement(decorative, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst"),
                                 "{http://schemas.openxmlformats.org/drawingml/2006/main}ext", uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    etree.SubElement(extension, "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative", val="1")
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = render_pdf(buffer.getvalue()).pdf
    figures = [item for _d, role, item in structure(pdf) if role == "Figure"]
    assert [str(item["/Alt"]) for item in figures] == ["Lowmoor City Council logo"]
    assert untagged_painting(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        content = b"".join(pikepdf.unparse_content_stream(pikepdf.parse_content_stream(opened.pages[0])).split(b"\n"))
    assert content.count(b" Do") == 2


def test_links_hold_their_annotations(plan_pdf):
    with pikepdf.open(io.BytesIO(plan_pdf)) as document:
        links = 0
        for page in document.pages:
            for annot in page.obj.get("/Annots") or []:
                assert "/StructParent" in annot and str(annot.Contents)
                links += 1
            if "/Annots" in page.obj:
                assert page.obj.Tabs == pikepdf.Name.S
        objrs = 0
        stack = [document.Root.StructTreeRoot.K]
        while stack:
            elem = stack.pop()
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary):
                    if kid.get("/Type") == pikepdf.Name.OBJR:
                        assert elem.S == pikepdf.Name.Link
                        objrs += 1
                    elif "/S" in kid:
                        stack.append(kid)
    assert links and objrs == links


def test_amendments_say_what_is_deleted_and_added(amended, tmp_path):
    spans = [item for _d, role, item in structure(amended.amended_pdf) if role == "Span"]
    actual = [str(item["/ActualText"]) for item in spans if "/ActualText" in item]
    assert any(text.startswith("[deleted: ") for text in actual)
    assert any(text.startswith("[added: ") for text in actual)
    final = [item for _d, role, item in structure(amended.final_pdf) if role == "Span" and "/ActualText" in item]
    assert final == []  # the final plan has no marks left


def test_tagged_output_is_deterministic():
    assert render_pdf(PLAN).pdf == render_pdf(PLAN).pdf


def test_untagged_rendering_is_still_available():
    pdf = render_pdf(PLAN, tagged=False).pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/StructTreeRoot" not in document.Root


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_poppler_reads_the_structure(amended, tmp_path):
    text = struct_text(amended.amended_pdf, tmp_path)
    assert text.startswith("Document")
    for role in ("H1", "Table", "TR", "TH", "TD", "P", "Span"):
        assert f"{role} " in text or f"{role}\n" in text or f"{role}:" in text


def test_the_pdfua_checker_finds_nothing(amended, tmp_path):
    pytest.importorskip("pdfua", reason="the pdfua checker (dev extra) is not installed")
    path = tmp_path / "amended.pdf"
    path.write_bytes(amended.amended_pdf)
    run = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_nested_levels_are_nested_lists():
    from ehcpdocs.pdf.tagging import Tags

    tags = Tags()
    outer = tags.paragraph("P", 0)
    inner = tags.paragraph("P", 1)
    again = tags.paragraph("P", 0)
    (top,) = tags.root.kids
    assert top.role == "L" and [kid.role for kid in top.kids] == ["LI", "LI"]
    first_item = top.kids[0]
    assert [kid.role for kid in first_item.kids] == ["Lbl", "LBody", "L"]  # level 1 inside the level-0 item
    assert first_item.kids[2].kids[0].kids[1].kids == [inner]
    assert first_item.kids[1].kids == [outer] and top.kids[1].kids[1].kids == [again]
    assert tags.paragraph("H2", 0).role == "H2"  # a numbered heading stays a heading and ends the list
    assert tags.paragraph("P", 0) is not again and len(tags.root.kids) == 3


def test_heading_levels_are_not_skipped(plan_pdf):
    levels = [int(role[1]) for _d, role, _e in structure(plan_pdf) if len(role) == 2 and role[0] == "H"]
    assert levels[0] == 1 and 2 in levels
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:]))


def test_amended_text_reads_in_order(amended, tmp_path):
    """Each deleted or added stretch is its own Span where it stands in its paragraph."""
    text = struct_text(amended.amended_pdf, tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith('"Zoë can sustain attention'))
    assert lines[start:start + 6] == ['"Zoë can sustain attention on an adult-led task for about "', "Span (inline)", '"15"',
                                      "Span (inline)", '"20"', lines[start + 5]]
    assert lines[start + 5].startswith('" minutes before needing a break')


def test_sibling_subheadings_share_a_level(plan_pdf, tmp_path):
    text = struct_text(plan_pdf, tmp_path)
    assert headings_of(text, "H2")[:2] == ["A1 About me / history", "A2 My views"]
    assert headings_of(text, "H3") == []


def test_amendment_text_keeps_the_spaces_lines_wrap_at(amended):
    actual = [str(item["/ActualText"]) for _d, role, item in structure(amended.amended_pdf)
              if role == "Span" and "/ActualText" in item]
    assert "[added: 21 September 2026] " in actual


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_tracked_changes_show_and_say_what_is_proposed(tmp_path):
    """A plan amended with real Word revisions (--markup tracked) shows them as Word prints
    markup: deletions struck and still readable, insertions underlined, both in the revision
    colour, and tagged as deleted and added."""
    result = ehcpdocs.amend(PLAN, json.loads(REVIEW.read_text()), markup="tracked")
    pdf = result.amended_pdf
    spans = [item for _d, role, item in structure(pdf) if role == "Span" and "/ActualText" in item]
    deleted = [str(item["/ActualText"]) for item in spans if str(item["/ActualText"]).startswith("[deleted: ")]
    added = [str(item["/ActualText"]) for item in spans if str(item["/ActualText"]).startswith("[added: ")]
    assert "[deleted: 15] " in deleted and "[added: 20] " in added
    path = tmp_path / "tracked.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "1520 minutes" in " ".join(text.split())  # the struck 15 is still on the page, before the 20
    with pikepdf.open(io.BytesIO(pdf)) as document:
        drawn = b"".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array)
                         else b"".join(part.read_bytes() for part in page.Contents) for page in document.pages)
    assert b".690196 0 .12549 RG" in drawn  # the strike and underline lines in the revision colour
    assert untagged_painting(pdf) == []
    final = ehcpdocs.amend(PLAN, json.loads(REVIEW.read_text()), markup="tracked").final_pdf
    assert not [item for _d, role, item in structure(final) if role == "Span" and "/ActualText" in item]


def _footer_link_plan(pages: int = 2) -> bytes:
    document = Document()
    for page in range(pages):
        if page:
            document.add_page_break()
        document.add_paragraph(f"Page {page + 1} of the plan")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "The Local Offer: "
    add_hyperlink(footer, "https://example.org/local-offer", "example.org/local-offer")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _links_and_objrs(pdf: bytes) -> tuple[list[tuple[int, str, str]], dict[int, str]]:
    """(StructParent, Contents, URI) of every annotation, and the role of the element each
    OBJR sits in, by the annotation's StructParent."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        annotations = [(int(annot.StructParent), str(annot.Contents), str(annot.A.URI))
                       for page in document.pages for annot in page.obj.get("/Annots") or []]
        holders = {}
        stack = [document.Root.StructTreeRoot.K]
        while stack:
            elem = stack.pop()
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
                    holders[int(kid.Obj.StructParent)] = str(elem.S)
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
        number_tree = document.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(number_tree[i]): number_tree[i + 1] for i in range(0, len(number_tree), 2)}
        for key in holders:
            assert parents[key].S == pikepdf.Name.Link  # the parent tree leads back to the Link
    return annotations, holders


def test_links_in_headers_and_footers_are_tagged():
    """A footer's link is an annotation on every page, each in a Link of its own (PDF/UA tags every
    annotation), while the footer's text stays an artifact."""
    pdf = render_pdf(_footer_link_plan(pages=3)).pdf
    annotations, holders = _links_and_objrs(pdf)
    assert [(contents, uri) for _key, contents, uri in annotations] == [
        ("example.org/local-offer", "https://example.org/local-offer")] * 3
    assert {holders[key] for key, _c, _u in annotations} == {"/Link"}
    assert len({key for key, _c, _u in annotations}) == 3
    assert untagged_painting(pdf) == []


def test_a_link_in_a_footer_renders_on_every_page_untagged_too():
    """reportlab names a URL link by a count the held pages' state used to set back, so a footer
    link on page two took page one's name and the PDF could not be written."""
    from pypdf import PdfReader

    pdf = render_pdf(_footer_link_plan(pages=2), tagged=False).pdf
    reader = PdfReader(io.BytesIO(pdf))
    uris = [annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots", [])]
    assert uris == ["https://example.org/local-offer"] * 2


def test_figures_have_their_bounding_box():
    from docx.shared import Cm
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(image, format="PNG")
    document = Document()
    document.add_paragraph("Before the logo")
    document.add_picture(io.BytesIO(image.getvalue()), width=Cm(4))
    document.inline_shapes[0]._inline.docPr.set("descr", "Lowmoor City Council logo")
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = render_pdf(buffer.getvalue()).pdf
    (figure,) = [item for _d, role, item in structure(pdf) if role == "Figure"]
    assert figure["/A"]["/O"] == pikepdf.Name.Layout
    x1, y1, x2, y2 = (float(value) for value in figure["/A"]["/BBox"])
    left = float(document.sections[0].left_margin.pt)
    assert x1 == pytest.approx(left, abs=0.5) and x2 - x1 == pytest.approx(Cm(4).pt, abs=0.5)
    assert y2 - y1 == pytest.approx(Cm(2).pt, abs=0.5)  # 40 x 20 pixels, 4 cm wide
    assert float(document.sections[0].page_height.pt) / 2 < y2 < float(document.sections[0].page_height.pt)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_a_list_number_drawn_inline_is_the_items_label(tmp_path):
    """A numbered paragraph without a hanging indent has its number on the line, before its text:
    the number is still the item's Lbl, not part of its body's text."""
    document = Document()
    for text in ("Reads a short book each week", "Writes a sentence unaided"):
        paragraph = document.add_paragraph(text, style="List Number")
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.left_indent = 0
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = render_pdf(buffer.getvalue()).pdf
    lines = [line.strip() for line in struct_text(pdf, tmp_path).splitlines()]
    labels = [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Lbl")]
    assert labels == ['"1."', '"2."']
    bodies = [" ".join(lines[i + 1:i + 3]) for i, line in enumerate(lines) if line.startswith("LBody")]
    assert all("1." not in body and "2." not in body for body in bodies)
    assert "Reads a short book each week" in bodies[0]
    assert untagged_painting(pdf) == []


def test_a_table_on_one_page_has_its_bounding_box_and_a_split_one_none():
    """ISO 32000 asks a table's BBox when it is drawn whole on one page; a table split across
    pages has parts on several, so none."""
    document = Document()
    small = document.add_table(rows=2, cols=2)
    small.style = "Table Grid"
    for cell in small._cells:
        cell.text = "Provision"
    document.add_paragraph("Between the tables")
    long = document.add_table(rows=80, cols=2)
    long.style = "Table Grid"
    for cell in long._cells:
        cell.text = "Weekly small-group literacy"
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = render_pdf(buffer.getvalue()).pdf
    tables = [item for _d, role, item in structure(pdf) if role == "Table"]
    assert len(tables) == 2
    assert tables[0]["/A"]["/O"] == pikepdf.Name.Layout
    x1, y1, x2, y2 = (float(value) for value in tables[0]["/A"]["/BBox"])
    section = document.sections[0]
    width = section.page_width.pt - section.left_margin.pt - section.right_margin.pt
    assert x1 == pytest.approx(section.left_margin.pt, abs=1) and x2 - x1 == pytest.approx(width, abs=2)
    assert 20 < y2 - y1 < 60 and y2 == pytest.approx(section.page_height.pt - section.top_margin.pt, abs=2)
    assert "/A" not in tables[1]
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert len(opened.pages) >= 2
