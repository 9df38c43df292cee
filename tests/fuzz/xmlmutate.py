"""Mutations of a .docx at the XML level: the parts' trees and their text.

Each mutation is ``(kind, seed, amount)`` applied to the package's members: deep nesting of
every wrapper Word has (and some it has not), huge, negative and malformed measurements,
characters XML cannot hold, unknown namespaces, missing required elements and attributes,
broken table grids, misplaced elements, looping styles and numbering, broken relationships,
and sheer size. The seed picks the part, the elements and the values; ``amount`` the size.
``SCALE`` (0 small, 1 full) bounds the sizes, so ``make test`` stays fast.
"""

from __future__ import annotations

import copy
import random

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
FOREIGN_NS = "urn:example:fuzz:unknown"

XML_KINDS = ("deep", "measure", "chars", "text", "namespace", "remove", "grid", "structure", "styles", "rels",
             "many", "fields")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# (element, attribute) pairs that hold measurements, sizes, counts and indexes
MEASURES = [
    ("sz", "val"), ("szCs", "val"), ("kern", "val"), ("position", "val"), ("w", "val"), ("spacing", "val"),
    ("ind", "left"), ("ind", "right"), ("ind", "hanging"), ("ind", "firstLine"), ("ind", "start"), ("ind", "end"),
    ("spacing", "before"), ("spacing", "after"), ("spacing", "line"), ("spacing", "lineRule"),
    ("tblW", "w"), ("tblW", "type"), ("gridCol", "w"), ("tcW", "w"), ("tcW", "type"), ("trHeight", "val"),
    ("tblInd", "w"), ("pgSz", "w"), ("pgSz", "h"), ("pgMar", "top"), ("pgMar", "bottom"), ("pgMar", "left"),
    ("pgMar", "right"), ("pgMar", "header"), ("pgMar", "footer"), ("pgMar", "gutter"), ("cols", "num"),
    ("cols", "space"), ("tab", "pos"), ("gridSpan", "val"), ("gridBefore", "val"), ("gridAfter", "val"),
    ("outlineLvl", "val"), ("ilvl", "val"), ("numId", "val"), ("start", "val"), ("top", "w"), ("left", "w"),
    ("bottom", "sz"), ("top", "sz"), ("shd", "fill"), ("color", "val"), ("highlight", "val"), ("jc", "val"),
    ("vertAlign", "val"), ("tblCellSpacing", "w"), ("tblpPr", "tblpX"), ("framePr", "w"), ("framePr", "h"),
    ("pgNumType", "start"), ("lnNumType", "countBy"), ("docGrid", "linePitch"), ("textDirection", "val"),
]
# where a new measurement element may go
CONTAINERS = {
    "sz": "rPr", "szCs": "rPr", "kern": "rPr", "position": "rPr", "w": "rPr", "color": "rPr", "highlight": "rPr",
    "vertAlign": "rPr", "spacing": "pPr", "ind": "pPr", "tab": "tabs", "outlineLvl": "pPr", "jc": "pPr",
    "framePr": "pPr", "tblW": "tblPr", "tblInd": "tblPr", "tblCellSpacing": "tblPr", "tblpPr": "tblPr",
    "gridCol": "tblGrid", "tcW": "tcPr", "gridSpan": "tcPr", "shd": "tcPr", "textDirection": "tcPr",
    "trHeight": "trPr", "gridBefore": "trPr", "gridAfter": "trPr", "pgSz": "sectPr", "pgMar": "sectPr",
    "cols": "sectPr", "pgNumType": "sectPr", "lnNumType": "sectPr", "docGrid": "sectPr", "ilvl": "numPr",
    "numId": "numPr", "start": "lvl", "top": "tcMar", "left": "tcMar", "bottom": "pBdr",
}
VALUES = [
    "99999999999999999999", "2147483648", "2147483647", "4294967296", "-2147483649", "-1", "-99999999999",
    "0", "1", "1e308", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "Infinity", "", " ", "abc", "12pt",
    "1.5", "-0.5", "0x1F", " 5 ", "\u0663\u0662", "\u00b2", "\u2155", "1_000", "+5", "--5", "5-", "9" * 400,
    "auto", "dxa", "pct", "nil", "100%", "-100%", "99999999%", "exact", "atLeast", "bogus", "FFFFFFFFFF", "zz",
    "11111111111111111111111111111111111111111111111111111111111111111111111111111111",
]
WRAPPERS = ["sdt", "customXml", "hyperlink", "ins", "smartTag", "alternate", "foreign", "fldSimple", "tables",
            "del", "moveTo", "bdo", "dir", "txbx", "run", "paragraph"]
DEPTHS_SMALL = (2, 5, 20, 63, 64, 65, 100)
DEPTHS_FULL = (5, 63, 65, 100, 255, 256, 257, 300, 500, 1000, 2047, 2049, 3000, 10_000)
BAD_TEXT_BYTES = [b"\x01", b"\x00", b"\x0b", b"&#1;", b"&#0;", b"&#xD800;", b"&#xFFFE;", b"\xff", b"\xc3",
                  b"\xed\xa0\x80", b"&unknown;", b"]]>", b"<![CDATA[x]]>", b"&#x110000;", b"\xef\xbf\xbe",
                  b"&#99999999999;", b"<", b"&", b"\x1b[31m"]
ODD_TEXT = ["\u2028", "\u2029", "\u200b", "\u202e", "\u0301" * 50, "\U0001F600" * 20, "\x85", "\x7f", "\u200d",
            "\ufeff", "\t" * 100, "\n" * 50, "\u00a0" * 20, "\U00010000", "\u0e01\u0e34\u0e4c" * 30, "\ufb01",
            "\u4e2d\u6587", "\u05d0\u05d1", "\u0627\u0644", "\ud7ff", "\ue000", "\U000F0000", "W" * 5000]


class Part:
    """A member parsed for mutation; ``bytes()`` is what to write back."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data
        try:
            self.root = etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError):
            self.root = None

    def serialise(self) -> bytes:
        if self.root is None:
            return self.data
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _choose_part(names: list[str], kind: str, rnd: random.Random) -> str | None:
    if kind == "styles":
        wanted = [n for n in names if n.endswith(("styles.xml", "numbering.xml"))]
    elif kind == "rels":
        wanted = [n for n in names if n.endswith(".rels") or n == "[Content_Types].xml"]
    elif rnd.random() < 0.75:
        wanted = [n for n in names if n == "word/document.xml"]
    else:
        wanted = [n for n in names if n.startswith("word/") and n.endswith(".xml")]
    wanted = wanted or [n for n in names if n.endswith(".xml")]
    return rnd.choice(wanted) if wanted else None


def mutate_xml(members: list[tuple[str, bytes]], kind: str, seed: int, amount: int, scale: int = 1
               ) -> list[tuple[str, bytes]]:
    """One XML-level mutation of a package's members."""
    rnd = random.Random(seed)
    names = [name for name, _ in members]
    target = _choose_part(names, kind, rnd)
    if target is None:
        return members
    index = names.index(target)
    data = members[index][1]
    if kind == "chars":
        new = _bad_bytes(data, rnd, amount)
    elif kind == "namespace" and amount % 4 == 3:
        new = data.replace(W_NS.encode(), STRICT_W_NS.encode())  # a Strict OOXML document
    else:
        part = Part(target, data)
        if part.root is None:
            return members
        MUTATORS[kind](part.root, rnd, amount, scale, names)
        new = part.serialise()
    members = list(members)
    members[index] = (target, new)
    return members


def _elements(root, rnd: random.Random, tags: tuple[str, ...] | None = None) -> list:
    found = [e for e in root.iter(*(w(t) for t in tags)) if isinstance(e.tag, str)] if tags else \
        [e for e in root.iter() if isinstance(e.tag, str)]
    return found


def _pick(root, rnd: random.Random, *tags: str):
    found = _elements(root, rnd, tags)
    return rnd.choice(found) if found else None


def _wrapper_chain(kind: str, depth: int):
    """(outermost, innermost) of ``depth`` nested wrappers of one kind."""
    outer = inner = None
    for _ in range(depth):
        if kind == "sdt":
            sdt = etree.Element(w("sdt"))
            etree.SubElement(sdt, w("sdtPr"))
            node, content = sdt, etree.SubElement(sdt, w("sdtContent"))
        elif kind == "alternate":
            node = etree.Element(f"{{{MC_NS}}}AlternateContent")
            content = etree.SubElement(node, f"{{{MC_NS}}}Choice", Requires="w14")
        elif kind == "foreign":
            node = content = etree.Element(f"{{{FOREIGN_NS}}}wrap")
        elif kind == "tables":
            node = etree.Element(w("tbl"))
            etree.SubElement(etree.SubElement(node, w("tblGrid")), w("gridCol"), {w("w"): "2000"})
            content = etree.SubElement(etree.SubElement(node, w("tr")), w("tc"))
        elif kind == "txbx":
            node = etree.Element(w("r"))
            content = etree.SubElement(etree.SubElement(etree.SubElement(node, w("pict")), w("textbox")),
                                       w("txbxContent"))
        elif kind == "run":
            node = content = etree.Element(w("r"))
        elif kind == "paragraph":
            node = content = etree.Element(w("p"))
        else:
            node = content = etree.Element(w(kind))
            if kind == "fldSimple":
                node.set(w("instr"), " PAGE ")
        if outer is None:
            outer = node
        else:
            inner.append(node)
        inner = content
    return outer, inner


def _deep(root, rnd, amount, scale, names):
    depths = DEPTHS_FULL if scale else DEPTHS_SMALL
    depth = depths[amount % len(depths)]
    kind = rnd.choice(WRAPPERS)
    victim = _pick(root, rnd, *(("p", "r", "tbl") if rnd.random() < 0.8 else ("t", "tc", "tr", "body", "rPr")))
    if victim is None:
        victim = root
    parent = victim.getparent()
    outer, inner = _wrapper_chain(kind, depth)
    if parent is None:
        inner.append(etree.Element(w("p")))
        root.append(outer)
        return
    parent.replace(victim, outer)
    inner.append(victim)
    if kind == "tables":
        inner.append(etree.Element(w("p")))


def _measure(root, rnd, amount, scale, names):
    for _ in range(1 + amount % 3):
        tag, attr = rnd.choice(MEASURES)
        value = rnd.choice(VALUES)
        existing = list(root.iter(w(tag)))
        if existing and rnd.random() < 0.6:
            chosen = existing if rnd.random() < 0.3 else [rnd.choice(existing)]
            for element in chosen:
                element.set(w(attr), value)
            continue
        container = CONTAINERS.get(tag, "rPr")
        holders = list(root.iter(w(container)))
        if not holders:
            owner = {"rPr": "r", "pPr": "p", "tblPr": "tbl", "tcPr": "tc", "trPr": "tr", "sectPr": "body",
                     "tblGrid": "tbl", "tabs": "pPr", "numPr": "pPr", "lvl": "abstractNum", "tcMar": "tcPr",
                     "pBdr": "pPr"}.get(container, "p")
            owners = list(root.iter(w(owner)))
            if not owners:
                continue
            holder = etree.Element(w(container))
            rnd.choice(owners).insert(0, holder)
            holders = [holder]
        for holder in (holders if rnd.random() < 0.2 else [rnd.choice(holders)]):
            etree.SubElement(holder, w(tag), {w(attr): value})


def _bad_bytes(data: bytes, rnd: random.Random, amount: int) -> bytes:
    starts = []
    at = data.find(b"<w:t")
    while at >= 0 and len(starts) < 2000:
        close = data.find(b">", at)
        if close > 0:
            starts.append(close + 1)
        at = data.find(b"<w:t", at + 1)
    bad = BAD_TEXT_BYTES[amount % len(BAD_TEXT_BYTES)]
    if not starts:
        position = rnd.randrange(len(data) + 1)
    else:
        position = rnd.choice(starts)
    if rnd.random() < 0.2:  # in an attribute value or a tag name instead
        position = rnd.randrange(len(data) + 1)
    return data[:position] + bad + data[position:]


def _text(root, rnd, amount, scale, names):
    """Odd (valid) characters and sizes in visible text."""
    texts = list(root.iter(w("t")))
    if not texts:
        return
    for node in (texts if rnd.random() < 0.1 else [rnd.choice(texts)]):
        odd = ODD_TEXT[amount % len(ODD_TEXT)]
        if scale and rnd.random() < 0.2:
            odd = odd * (1 + rnd.randrange(200))
        node.text = (node.text or "")[: rnd.randrange(len(node.text or "") + 1)] + odd + (node.text or "")


def _namespace(root, rnd, amount, scale, names):
    mode = amount % 4
    if mode == 0:
        for _ in range(1 + rnd.randrange(10)):
            host = _pick(root, rnd)
            host = root if host is None else host
            foreign = etree.Element(f"{{{FOREIGN_NS}}}thing", {f"{{{FOREIGN_NS}}}attr": "1"})
            foreign.text = "foreign text"
            host.insert(rnd.randrange(len(host) + 1), foreign)
    elif mode == 1:
        root.set(f"{{{MC_NS}}}Ignorable", "w14 x99 zz")
        host = _pick(root, rnd, "p", "r", "body")
        host = root if host is None else host
        host.insert(0, etree.Element("{http://schemas.microsoft.com/office/word/2099/future}unknown"))
    else:
        for element in rnd.sample(_elements(root, rnd), min(20, len(_elements(root, rnd)))):
            element.set(f"{{{FOREIGN_NS}}}x", "y" * rnd.randrange(1, 100))


REQUIRED_TAGS = ["body", "tblGrid", "gridCol", "tc", "tr", "t", "sectPr", "pPr", "rPr", "r", "p", "tcPr", "style",
                 "abstractNum", "num", "lvl", "sdtContent", "tblPr", "rFonts", "docDefaults", "pStyle", "numPr",
                 "fldChar", "instrText", "hyperlink", "drawing", "blip", "pgSz", "pgMar"]
REQUIRED_ATTRS = ["val", "id", "styleId", "numId", "ilvl", "abstractNumId", "type", "fldCharType", "w",
                  f"{{{R_NS}}}id", f"{{{R_NS}}}embed"]


def _remove(root, rnd, amount, scale, names):
    if amount % 2:
        attr = rnd.choice(REQUIRED_ATTRS)
        name = attr if attr.startswith("{") else w(attr)
        for element in root.iter():
            if name in element.attrib and rnd.random() < 0.5:
                del element.attrib[name]
        return
    tag = REQUIRED_TAGS[(amount // 2 + rnd.randrange(len(REQUIRED_TAGS))) % len(REQUIRED_TAGS)]
    found = list(root.iter(w(tag)))
    if rnd.random() < 0.3 and len(root):  # or a child of the root, whatever it is
        found = [rnd.choice(list(root))]
    for element in (found if rnd.random() < 0.4 else found[:1] if not found else [rnd.choice(found)]):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _grid(root, rnd, amount, scale, names):
    tables = list(root.iter(w("tbl")))
    if not tables:
        return
    table = rnd.choice(tables)
    rows = list(table.iter(w("tr")))
    cells = list(table.iter(w("tc")))
    mode = amount % 8
    if mode == 0 and cells:
        cell = rnd.choice(cells)
        tcpr = cell.find(w("tcPr"))
        if tcpr is None:
            tcpr = etree.Element(w("tcPr"))
            cell.insert(0, tcpr)
        etree.SubElement(tcpr, w("gridSpan"), {w("val"): rnd.choice(("0", "-1", "9999", "65", "x", "2", "100000"))})
    elif mode == 1 and cells:
        for cell in rnd.sample(cells, min(len(cells), 1 + rnd.randrange(5))):
            tcpr = cell.find(w("tcPr"))
            if tcpr is None:
                tcpr = etree.Element(w("tcPr"))
                cell.insert(0, tcpr)
            etree.SubElement(tcpr, w("vMerge"), {w("val"): rnd.choice(("continue", "restart", "bogus"))}
                             if rnd.random() < 0.7 else {})
    elif mode == 2 and rows:
        row = rnd.choice(rows)
        for cell in list(row.iter(w("tc")))[: rnd.randrange(1, 4)]:
            cell.getparent().remove(cell)
    elif mode == 3 and rows:
        row = rnd.choice(rows)
        template = next(row.iter(w("tc")), None)
        count = (5, 50, 500)[rnd.randrange(3 if scale else 2)]
        for _ in range(_copies(template, count) if template is not None else count):
            cell = copy.deepcopy(template) if template is not None else etree.Element(w("tc"))
            row.append(cell)
    elif mode == 4:
        for row in rows:
            row.getparent().remove(row)
    elif mode == 5:
        grid = table.find(w("tblGrid"))
        if grid is not None:
            for col in list(grid):
                grid.remove(col)
            for _ in range(rnd.choice((0, 1, 2000 if scale else 200))):
                etree.SubElement(grid, w("gridCol"), {w("w"): rnd.choice(("0", "-5", "1", "99999999"))})
    elif mode == 6 and rows:
        row = rnd.choice(rows)
        for cell in list(row):
            row.remove(cell)
    elif mode == 7 and rows:
        for row in rows:
            trpr = row.find(w("trPr"))
            if trpr is None:
                trpr = etree.Element(w("trPr"))
                row.insert(0, trpr)
            etree.SubElement(trpr, w(rnd.choice(("gridBefore", "gridAfter"))), {w("val"): rnd.choice(VALUES)})


def _structure(root, rnd, amount, scale, names):
    body = next(root.iter(w("body")), None)
    container = body if body is not None else root
    mode = amount % 10
    paragraph = _pick(root, rnd, "p")
    run = _pick(root, rnd, "r")
    if mode == 0 and paragraph is not None and _copies(paragraph, 2) == 2:
        paragraph.append(copy.deepcopy(paragraph))  # p in p
    elif mode == 1 and paragraph is not None:
        table = _pick(root, rnd, "tbl")
        if table is not None:
            paragraph.append(copy.deepcopy(table))  # tbl in p
    elif mode == 2:
        stray = _pick(root, rnd, "tc", "tr", "r", "t", "rPr")
        if stray is not None:
            container.insert(rnd.randrange(len(container) + 1), copy.deepcopy(stray))  # stray in body
    elif mode == 3 and run is not None:
        run.text = "mixed content text"
        t = run.find(w("t"))
        if t is not None:
            inner = etree.SubElement(t, w("t"))
            inner.text = "t in t"
            inner.tail = "tail text"
    elif mode == 4:
        sect = next(root.iter(w("sectPr")), None)
        if sect is not None:
            for _ in range(1 + rnd.randrange(5)):
                container.insert(rnd.randrange(len(container) + 1), copy.deepcopy(sect))
    elif mode == 5 and run is not None:
        for _ in range(1 + rnd.randrange(5)):
            run.append(etree.Element(w("br"), {w("type"): rnd.choice(("page", "column", "textWrapping", "bogus"))}))
    elif mode == 6 and run is not None:
        ref = etree.SubElement(run, w(rnd.choice(("footnoteReference", "endnoteReference", "commentReference"))))
        ref.set(w("id"), rnd.choice(("", "-1", "999999", "x", "1")))
    elif mode == 7 and run is not None:
        hyperlink = etree.Element(w("hyperlink"), {f"{{{R_NS}}}id": rnd.choice(("rId999", "", "rId1"))})
        run.addprevious(hyperlink)
        hyperlink.append(run)
    elif mode == 8 and run is not None:
        drawing = etree.fromstring(
            f'<w:drawing xmlns:w="{W_NS}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
            f'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            f'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:r="{R_NS}">'
            f'<wp:inline><wp:extent cx="{rnd.choice(VALUES[:12])}" cy="{rnd.choice(VALUES[:12])}"/>'
            f'<a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="{rnd.choice(("rId999", "rId1", ""))}"/>'
            f'</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>')
        run.append(drawing)
    elif mode == 9:
        if body is not None and rnd.random() < 0.5 and _copies(body, 2) == 2:
            body.append(copy.deepcopy(body))  # body in body
        elif len(container):
            victim = rnd.choice(list(container))
            container.remove(victim)
            container.insert(rnd.randrange(len(container) + 1), victim)


def _styles(root, rnd, amount, scale, names):
    styles = list(root.iter(w("style")))
    mode = amount % 6
    if styles and mode in (0, 1):
        ids = [s.get(w("styleId")) for s in styles if s.get(w("styleId"))]
        if not ids:
            return
        chain = rnd.sample(ids, min(len(ids), 1 + rnd.randrange(4)))
        by_id = {s.get(w("styleId")): s for s in styles}
        for here, there in zip(chain, chain[1:] + chain[:1]):  # a based-on (or link, next) cycle
            style = by_id[here]
            tag = "basedOn" if mode == 0 else rnd.choice(("link", "next", "basedOn"))
            for old in style.findall(w(tag)):
                style.remove(old)
            style.insert(1, etree.Element(w(tag), {w("val"): there}))
    elif styles and mode == 2:
        for style in rnd.sample(styles, min(len(styles), 10)):
            rpr = style.find(w("rPr"))
            if rpr is None:
                rpr = etree.SubElement(style, w("rPr"))
            etree.SubElement(rpr, w("sz"), {w("val"): rnd.choice(VALUES)})
    elif mode == 3:
        for num in root.iter(w("num")):
            abstract = num.find(w("abstractNumId"))
            if abstract is not None:
                abstract.set(w("val"), rnd.choice(("999", "-1", "x", "")))
    elif mode == 4:
        for lvl in root.iter(w("lvl")):
            lvl.set(w("ilvl"), rnd.choice(("9", "99", "-1", "x", "2147483648")))
            text = lvl.find(w("lvlText"))
            if text is not None:
                text.set(w("val"), rnd.choice(("%1%2%3%9%10", "%", "%0", "%99999999999", "%1" * 200)))
            start = lvl.find(w("start"))
            if start is not None:
                start.set(w("val"), rnd.choice(VALUES))
    elif mode == 5:
        for abstract in root.iter(w("abstractNum")):
            etree.SubElement(abstract, w(rnd.choice(("numStyleLink", "styleLink"))), {w("val"): "ListBullet"})
        for style in styles[:3]:
            ppr = style.find(w("pPr"))
            if ppr is None:
                ppr = etree.SubElement(style, w("pPr"))
            num_pr = etree.SubElement(ppr, w("numPr"))
            etree.SubElement(num_pr, w("numId"), {w("val"): rnd.choice(("1", "0", "99999"))})


def _rels(root, rnd, amount, scale, names):
    relationships = list(root.iter(f"{{{REL_NS}}}Relationship"))
    if not relationships:  # [Content_Types].xml
        for element in rnd.sample(list(root), min(len(root), 3)):
            if rnd.random() < 0.5:
                root.remove(element)
            else:
                element.set("ContentType", rnd.choice(("", "text/plain", "application/octet-stream")))
        return
    rel = rnd.choice(relationships)
    mode = amount % 7
    if mode == 0:
        rel.set("Target", rnd.choice(("missing.xml", "", "../../../../etc/passwd", "/", "document.xml",
                                      "http://example.invalid/x", "x" * 2000, "word/../word/../[Content_Types].xml")))
    elif mode == 1:
        rel.set("TargetMode", "External")
    elif mode == 2:
        for other in relationships:
            other.set("Id", rel.get("Id", "rId1"))
    elif mode == 3:
        for key in ("Id", "Type", "Target"):
            if rnd.random() < 0.5 and key in rel.attrib:
                del rel.attrib[key]
    elif mode == 4:  # a header or footer that is the document itself
        kind = rnd.choice(("header", "footer", "footnotes", "styles", "numbering"))
        rel.set("Type", f"{R_NS}/{kind}")
        rel.set("Target", "document.xml")
    elif mode == 5:
        media = [n for n in names if "/media/" in n]
        rel.set("Type", f"{R_NS}/image")
        rel.set("Target", (media[0][len("word/"):] if media else "styles.xml"))
    else:
        for _ in range(_copies(rel, (3, 30, 3000)[rnd.randrange(3 if scale else 2)])):
            root.append(copy.deepcopy(rel))


MAX_PART_BYTES = 24 * 1024 * 1024  # the harness never builds a bigger part


def _copies(element, count: int) -> int:
    """``count``, or fewer so the copies stay within ``MAX_PART_BYTES``."""
    return min(count, max(1, MAX_PART_BYTES // max(1, len(etree.tostring(element)))))


def _many(root, rnd, amount, scale, names):
    sizes = (10, 100, 1000, 5000, 20_000) if scale else (3, 10, 50)
    count = sizes[amount % len(sizes)]
    mode = rnd.randrange(5)
    if mode in (0, 1, 2):
        element = _pick(root, rnd, ("p", "tr", "r")[mode])
        if element is not None:
            for _ in range(_copies(element, count)):
                element.addnext(copy.deepcopy(element))
    elif mode == 3:
        node = _pick(root, rnd, "t")
        if node is not None:
            node.text = (node.text or "") + ("lorem ipsum dolor " * min(count * (50 if scale else 2), 1_000_000))
    else:
        node = _pick(root, rnd, "t")
        if node is not None:
            node.text = "W" * count * (20 if scale else 5)  # one very long word


def _fields(root, rnd, amount, scale, names):
    run = _pick(root, rnd, "r")
    if run is None:
        return
    mode = amount % 4
    kinds = {0: ["begin"] * 5, 1: ["end", "separate", "end"], 2: ["begin", "separate"] * 3,
             3: ["begin"] * (500 if scale else 30)}[mode]
    for kind in kinds:
        new = etree.Element(w("r"))
        etree.SubElement(new, w("fldChar"), {w("fldCharType"): kind})
        run.addprevious(new)
        if kind == "begin":
            instr = etree.Element(w("r"))
            etree.SubElement(instr, w("instrText")).text = rnd.choice((" TOC \\o ", " PAGEREF _Toc1 ", " PAGE ",
                                                                        " NUMPAGES ", " MERGEFIELD x ", ""))
            run.addprevious(instr)


MUTATORS = {
    "deep": _deep, "measure": _measure, "text": _text, "namespace": _namespace, "remove": _remove, "grid": _grid,
    "structure": _structure, "styles": _styles, "rels": _rels, "many": _many, "fields": _fields,
}
