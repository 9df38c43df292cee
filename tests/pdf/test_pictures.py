"""Pictures the renderer used to leave out: WMF and EMF metafiles (drawn through the optional
converter, else a bordered box with the description and a warning), embedded objects (their
preview picture) and WordArt (its text)."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import pytest
from docx import Document
from docx.shared import Cm
from lxml import etree
from pdfhelpers import W, docx_bytes, pdf_text, words
from pypdf import PdfReader

from ehcpdocs.pdf import metafiles, render_pdf

V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
LOGO_TEXT = "Lowmoor City Council logo"
HAS_CONVERTER = metafiles.converter_available()


def _record(function: int, *values: int) -> bytes:
    return struct.pack("<IH", 3 + len(values), function) + b"".join(struct.pack("<H", v & 0xFFFF) for v in values)


def wmf_rectangle(width: int = 200, height: int = 100, colour: tuple[int, int, int] = (0xFF, 0, 0),
                  inset: int = 10) -> bytes:
    """A placeable WMF (96 units an inch) of a filled rectangle ``inset`` units from its edges."""
    words_ = struct.pack("<IHhhhhHI", 0x9AC6CDD7, 0, 0, 0, width, height, 96, 0)
    checksum = 0
    for (value,) in struct.iter_unpack("<H", words_[:20]):
        checksum ^= value
    red, green, blue = colour
    records = (_record(0x020B, 0, 0) + _record(0x020C, height, width)
               + _record(0x02FC, 0, red | (green << 8), blue, 0) + _record(0x012D, 0)
               + _record(0x041B, height - inset, width - inset, inset, inset) + _record(0x0000))
    standard = struct.pack("<HHHIHIH", 1, 9, 0x300, (18 + len(records)) // 2, 1, 7, 0)
    return words_[:20] + struct.pack("<H", checksum) + standard + records


def png(colour=(0, 128, 0), size=(40, 20)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def with_media_replaced(docx: bytes, old: str, new: str, data: bytes, content_type: str) -> bytes:
    """The package with one media part renamed and its bytes replaced."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            name = item.filename
            if name == f"word/media/{old}":
                name, content = f"word/media/{new}", data
            elif name.endswith(".rels"):
                content = content.replace(f"media/{old}".encode(), f"media/{new}".encode())
            elif name == "[Content_Types].xml":
                extension = new.rsplit(".", 1)[1]
                content = content.replace(b"</Types>", f'<Default Extension="{extension}" ContentType="{content_type}"/></Types>'.encode())
            target.writestr(name, content)
    return out.getvalue()


def logo_document(metafile: bytes, kind: str = "wmf") -> bytes:
    """A document whose first picture (5 cm by 2.5 cm) is a metafile described as the logo."""
    document = Document()
    document.add_paragraph("Education, Health and Care Plan")
    document.add_picture(io.BytesIO(png()), width=Cm(5), height=Cm(2.5))
    properties = document.element.body.find(f".//{{{WP}}}docPr")
    properties.set("descr", LOGO_TEXT)
    document.add_paragraph("Text after the logo.")
    media = f"image/x-{kind}"
    return with_media_replaced(docx_bytes(document), "image1.png", f"image1.{kind}", metafile, media)


def page_content(pdf: bytes, index: int = 0) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[index].get_contents().get_data().decode("latin-1")


def page_images(pdf: bytes, index: int = 0) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages[index].images)


@pytest.fixture
def no_converter(monkeypatch):
    monkeypatch.setattr(metafiles, "replay", lambda data: None)
    monkeypatch.setattr(metafiles, "converter_available", lambda: False)


def test_metafiles_are_recognised_by_their_header():
    assert metafiles.metafile_kind(wmf_rectangle()) == "WMF"
    emf_header = struct.pack("<II", 1, 88) + bytes(32) + b" EMF" + bytes(44)
    assert metafiles.metafile_kind(emf_header) == "EMF"
    assert metafiles.metafile_kind(png()) is None


def test_wmf_without_a_converter_is_a_box_with_its_description_and_a_warning(no_converter):
    result = render_pdf(logo_document(wmf_rectangle()))
    assert LOGO_TEXT in " ".join(pdf_text(result.pdf).split())
    assert page_images(result.pdf) == []
    width, height = Cm(5).pt, Cm(2.5).pt
    boxes = re.findall(r"([\d.]+) ([\d.]+) re S", page_content(result.pdf))
    assert any(abs(float(w) - width) < 0.5 and abs(float(h) - height) < 0.5 for w, h in boxes), boxes
    warning = next(message for message in result.warnings if "WMF picture" in message)
    assert "install ehcpdocs[metafiles]" in warning


def test_emf_that_cannot_be_replayed_is_a_box(monkeypatch):
    # A metafile header with nothing after it: the converter (when installed) gives up.
    broken = struct.pack("<II", 1, 88) + bytes(32) + b" EMF" + bytes(12)
    result = render_pdf(logo_document(broken, "emf"))
    assert page_images(result.pdf) == []
    assert any("EMF picture" in message for message in result.warnings)
    assert "logo" in words(pdf_text(result.pdf))


@pytest.mark.skipif(not HAS_CONVERTER, reason="metafile-render (the 'metafiles' extra) is not installed")
def test_wmf_is_drawn_through_the_converter():
    result = render_pdf(logo_document(wmf_rectangle()))
    images = page_images(result.pdf)
    assert len(images) == 1
    picture = images[0].image.convert("RGB")
    assert picture.getpixel((picture.width // 2, picture.height // 2)) == (255, 0, 0)
    assert not any("WMF" in message for message in result.warnings)
    assert "re S" not in page_content(result.pdf)


@pytest.mark.skipif(not HAS_CONVERTER, reason="metafile-render (the 'metafiles' extra) is not installed")
def test_converted_metafile_is_deterministic():
    data = logo_document(wmf_rectangle())
    assert render_pdf(data).pdf == render_pdf(data).pdf


def object_document(preview: bytes | None = None) -> bytes:
    """A paragraph holding an embedded (OLE) object shown by a VML preview picture."""
    document = Document()
    document.add_paragraph("Attendance figures:")
    rid, _image = document.part.get_or_add_image(io.BytesIO(preview or png((200, 30, 30), (60, 30))))
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    run._r.append(etree.fromstring(
        f'<w:object xmlns:w="{W}" xmlns:v="{V}" xmlns:o="{O}" xmlns:r="{R}" w:dxaOrig="1800" w:dyaOrig="900">'
        f'<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:90pt;height:45pt" o:ole="" alt="Attendance chart">'
        f'<v:imagedata r:id="{rid}" o:title=""/></v:shape>'
        f'<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" ObjectID="_1"/>'
        f'</w:object>'))
    document.add_paragraph("After the object.")
    return docx_bytes(document)


def test_embedded_object_shows_its_preview_picture():
    result = render_pdf(object_document())
    images = page_images(result.pdf)
    assert len(images) == 1
    assert images[0].image.convert("RGB").getpixel((5, 5)) == (200, 30, 30)
    assert "90 0 0 45 0 0 cm" in page_content(result.pdf)  # drawn at the shape's 90 by 45 points


def test_embedded_object_with_a_metafile_preview_is_a_box_with_its_description(no_converter):
    docx = object_document()
    docx = with_media_replaced(docx, "image1.png", "image1.wmf", wmf_rectangle(), "image/x-wmf")
    result = render_pdf(docx)
    assert page_images(result.pdf) == []
    assert {"attendance", "chart"} <= set(words(pdf_text(result.pdf)))


def test_legacy_wordart_shows_its_text():
    document = Document()
    document.add_paragraph("Before the banner.")
    run = document.add_paragraph().add_run()
    run._r.append(etree.fromstring(
        f'<w:pict xmlns:w="{W}" xmlns:v="{V}" xmlns:o="{O}">'
        f'<v:shape id="WordArt1" type="#_x0000_t136" style="width:300pt;height:40pt" fillcolor="#1f4e79">'
        f'<v:textpath style="font-family:&quot;Arial Black&quot;" string="Celebrating Amira\'s progress"/>'
        f'</v:shape></w:pict>'))
    document.add_paragraph("After the banner.")
    text = words(pdf_text(render_pdf(docx_bytes(document)).pdf))
    assert text.index("before") < text.index("celebrating") < text.index("progress") < text.index("after")


WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_drawingml_wordart_shows_its_text_once():
    document = Document()
    document.add_paragraph("Before the shape.")
    run = document.add_paragraph().add_run()
    run._r.append(etree.fromstring(
        f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:w="{W}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:wps="{WPS}" '
        f'xmlns:v="{V}"><mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="3000000" cy="500000"/>'
        f'<wp:docPr id="5" name="WordArt 5"/><a:graphic><a:graphicData '
        f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:spPr/>'
        f'<wps:txbx><w:txbxContent><w:p><w:r><w:t>Moving on to secondary school</w:t></w:r></w:p></w:txbxContent>'
        f'</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape style="width:236pt;height:39pt"><v:textpath string="Moving on to secondary school"/>'
        f'</v:shape></w:pict></mc:Fallback></mc:AlternateContent>'))
    document.add_paragraph("After the shape.")
    text = words(pdf_text(render_pdf(docx_bytes(document)).pdf))
    assert text.count("secondary") == 1
    assert text.index("before") < text.index("moving") < text.index("after")


def test_a_picture_replayed_blank_counts_as_not_drawn():
    from PIL import Image

    def png_with(pixels: int) -> bytes:
        image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
        for index in range(pixels):
            image.putpixel((index % 100, index // 100), (255, 0, 0, 255))
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    assert metafiles._nearly_empty(png_with(30))  # 0.3% of the picture
    assert not metafiles._nearly_empty(png_with(100))
    assert not metafiles._nearly_empty(png())  # no transparency: drawn


@pytest.mark.skipif(not HAS_CONVERTER, reason="metafile-render (the 'metafiles' extra) is not installed")
def test_a_metafile_drawn_almost_empty_is_a_box():
    result = render_pdf(logo_document(wmf_rectangle(400, 400, inset=199)))  # a 2-unit dot
    assert page_images(result.pdf) == []
    assert any("could not be drawn" in message for message in result.warnings)
