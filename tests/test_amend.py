"""Amending plans: the marked-up plan and the final plan, read back from the documents."""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest
from lxml import etree

import ehcpdocs
from ehcpdocs.api import amend, open_plan

from builders import SAMPLE_IDS, docx_bytes, details_table, review_for, sample_plan, sample_review
from readback import W, document_root, marked, paragraphs, part, text_without

import io
import zipfile


def nonempty(lines):
    return [line for line in lines if line.strip()]


def plain_lines(data: bytes):
    return [
        "".join(text for text, *_ in runs)
        for runs in paragraphs(data)
    ]


@pytest.fixture(scope="module", params=SAMPLE_IDS)
def sample_result(request):
    plan_id = request.param
    return plan_id, amend(sample_plan(plan_id), sample_review(plan_id))


def test_without_struck_words_reads_as_the_final_plan(sample_result):
    _, result = sample_result
    assert nonempty(text_without(result.amended_docx, "deleted")) == nonempty(plain_lines(result.final_docx))


def test_without_bold_additions_reads_as_the_original(sample_result):
    plan_id, result = sample_result
    original = sample_plan(plan_id).read_bytes()
    assert nonempty(text_without(result.amended_docx, "added")) == nonempty(plain_lines(original))


def test_marks_start_and_end_on_whole_words(sample_result):
    _, result = sample_result
    for runs in paragraphs(result.amended_docx):
        for (a, *_, style_a), (b, *_, style_b) in zip(runs, runs[1:]):
            marked_a = bool(style_a and style_a.startswith("Ehcp"))
            marked_b = bool(style_b and style_b.startswith("Ehcp"))
            if marked_a != marked_b:
                assert not (a[-1].isalnum() and b[0].isalnum()), (a, b)


def test_marks_are_bold_or_struck_and_carry_the_amendment_style(sample_result):
    _, result = sample_result
    seen = {"add": 0, "del": 0}
    for runs in paragraphs(result.amended_docx):
        for text, struck, bold, style in runs:
            if style and style.startswith("EhcpAddition"):
                assert bold and not struck
                seen["add"] += 1
            elif style and style.startswith("EhcpDeletion"):
                assert struck
                seen["del"] += 1
    assert seen["add"] and seen["del"]
    styles = part(result.amended_docx, "word/styles.xml").decode()
    assert 'w:styleId="EhcpAddition"' in styles and 'w:styleId="EhcpDeletion"' in styles


def test_final_plan_has_no_trace_of_markup(sample_result):
    plan_id, result = sample_result
    xml = part(result.final_docx, "word/document.xml").decode()
    assert "Ehcp" not in xml
    assert "Ehcp" not in part(result.final_docx, "word/styles.xml").decode()
    original = part(sample_plan(plan_id).read_bytes(), "word/document.xml").decode()
    assert xml.count("<w:strike") == original.count("<w:strike")


def test_untouched_parts_are_byte_identical(sample_result):
    plan_id, result = sample_result
    original = zipfile.ZipFile(sample_plan(plan_id))
    for output in (result.amended_docx, result.final_docx):
        produced = zipfile.ZipFile(io.BytesIO(output))
        assert produced.namelist()[0] == "[Content_Types].xml"
        assert sorted(produced.namelist()) == sorted(original.namelist())
        for name in original.namelist():
            if name not in ("word/document.xml", "word/styles.xml"):
                assert produced.read(name) == original.read(name), name


def test_untouched_paragraphs_keep_their_xml(sample_result):
    plan_id, result = sample_result
    document = open_plan(sample_plan(plan_id))
    touched = {c.key for c in result.script.changes} | {r.key for r in result.script.removals}
    for row in result.script.row_removals:
        touched |= {id(p) for p in document.rows[row.key].iter(W + "p")}
    originals = [
        etree.tostring(p) for key, p in enumerate(document.paragraphs)
        if key not in touched and id(p) not in touched
        and not any(r.key == key for r in result.script.row_removals)
    ]
    for output in (result.amended_docx, result.final_docx):
        produced = {etree.tostring(p) for p in document_root(output).iter(W + "p")}
        removed_rows_paragraphs = set()
        for row in result.script.row_removals:
            removed_rows_paragraphs |= {etree.tostring(p) for p in document.rows[row.key].iter(W + "p")}
        missing = [x for x in originals if x not in produced and x not in removed_rows_paragraphs]
        assert not missing


def test_replace_across_split_run_keeps_the_italic_part():
    result = amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001"))
    for output in (result.amended_docx, result.final_docx):
        runs = [r for p in paragraphs(output) for r in p]
        texts = [r[0] for r in runs]
        index = texts.index("ication")
        assert texts[index - 1].endswith("commun")
        root = document_root(output)
        italic = [r for r in root.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")) == "ication"]
        assert italic and italic[0].find(f"{W}rPr/{W}i") is not None
    assert any("**and interaction **" in line for line in marked(result.amended_docx))


def test_replace_across_a_hyperlink_keeps_the_link():
    plan_id = "LCC-EHCP-1001"
    result = amend(sample_plan(plan_id), sample_review(plan_id))
    for output in (result.amended_docx, result.final_docx):
        links = list(document_root(output).iter(W + "hyperlink"))
        assert links, "the hyperlink survived"
    line = next(l for l in marked(result.amended_docx) if "sensory guidance" in l)
    assert "**updated **" in line


def test_new_paragraph_and_row_take_their_anchor_formatting():
    plan_id = "LCC-EHCP-1001"
    result = amend(sample_plan(plan_id), sample_review(plan_id))
    root = document_root(result.amended_docx)
    by_text = {"".join(t.text or "" for t in p.iter(W + "t")): p for p in root.iter(W + "p")}
    anchor = next(p for t, p in by_text.items() if "Melatonin was prescribed" in t)
    added = next(p for t, p in by_text.items() if t.startswith("Since the last review"))
    def props(element):
        return None if element is None else etree.tostring(element)

    assert props(anchor.find(W + "pPr")) == props(added.find(W + "pPr"))
    new_row = next(r for r in root.iter(W + "tr") if "spell-checker and word bank" in "".join(t.text or "" for t in r.iter(W + "t")))
    anchor_row = next(r for r in root.iter(W + "tr") if "read and understand age-appropriate texts" in "".join(t.text or "" for t in r.iter(W + "t")))
    assert [etree.tostring(tc.find(W + "tcPr")) for tc in new_row.iter(W + "tc")] == [
        etree.tostring(tc.find(W + "tcPr")) for tc in anchor_row.iter(W + "tc")
    ]


def test_new_paragraph_keeps_list_style_and_numbering():
    document = docx.Document()
    details_table(document)
    document.add_heading("Section F: Provision", 1)
    document.add_paragraph("Weekly speech therapy.", style="List Number")
    document.add_paragraph("Daily reading.", style="List Number")
    result = amend(docx_bytes(document), review_for([
        {"op": "insert", "section": "F", "after": "Weekly speech", "new": "Termly OT review."},
    ]))
    root = document_root(result.final_docx)
    styles = {"".join(t.text or "" for t in p.iter(W + "t")): p.find(f"{W}pPr/{W}pStyle").get(W + "val")
              for p in root.iter(W + "p") if p.find(f"{W}pPr/{W}pStyle") is not None}
    assert styles["Termly OT review."] == styles["Weekly speech therapy."] == "ListNumber"


def test_one_word_change_strikes_one_word(simple_plan):
    review = review_for([{"op": "replace", "section": "B", "old": "15 minutes", "new": "20 minutes"}])
    result = amend(simple_plan, review)
    assert "Zoë needs ~~15~~**20** minutes of movement breaks twice a day." in marked(result.amended_docx)
    assert "Zoë needs 20 minutes of movement breaks twice a day." in plain_lines(result.final_docx)
    assert result.summary["sections"] == {"B": {"words_added": 1, "words_removed": 1}}


def test_every_operation_on_a_small_plan(simple_plan):
    review = review_for([
        {"op": "revise", "section": "A", "paragraph": "vet", "new": "She wants to be a zoo keeper."},
        {"op": "insert", "section": "A", "after": "zoo keeper", "new": "She enjoys music."},
        {"op": "insert", "section": "A", "after": "zoo keeper", "new": "She sings in a choir."},
        {"op": "delete", "section": "K", "paragraph": "K2 Speech"},
        {"op": "delete_row", "section": "E", "row": "Write a story"},
        {"op": "add_row", "section": "F", "after": "Speech therapy", "cells": ["Occupational therapy", "OT", "Termly"]},
        {"op": "revise_row", "section": "F", "row": "Social skills group", "cells": ["Social skills group", "Teaching assistant", "Twice weekly"]},
        {"op": "rewrite", "section": "D", "new": "No social care needs are identified.\n\nThe family receive support from the early help team.\n\nRespite twice a year."},
    ], reasons=["outcomes_achieved", "significant_change"])
    result = amend(simple_plan, review)
    lines = marked(result.amended_docx)
    assert "She wants to be a ~~vet~~**zoo keeper**." in lines
    index = lines.index("She wants to be a ~~vet~~**zoo keeper**.")
    assert lines[index + 1: index + 3] == ["**She enjoys music.**", "**She sings in a choir.**"]
    assert "~~K2 Speech and language therapy advice, April 2024~~" in lines
    assert ["~~Write a story~~", "~~Daily writing~~", "~~July 2027~~"] == [l for l in lines if l in ("~~Write a story~~", "~~Daily writing~~", "~~July 2027~~")]
    speech = lines.index("Speech therapy")
    assert lines[speech + 3: speech + 6] == ["**Occupational therapy**", "**OT**", "**Termly**"]
    assert "~~Weekly~~**Twice weekly**" in lines
    assert "The family receive support from **the **early help** team**." in lines
    assert "**Respite twice a year.**" in lines
    final = plain_lines(result.final_docx)
    assert "Write a story" not in final and "K2 Speech and language therapy advice, April 2024" not in final
    assert final[final.index("Speech therapy") + 3: final.index("Speech therapy") + 6] == ["Occupational therapy", "OT", "Termly"]


def test_anchors_match_the_text_as_amended_so_far(simple_plan):
    review = review_for([
        {"op": "replace", "section": "B", "old": "15 minutes", "new": "20 minutes"},
        {"op": "replace", "section": "B", "old": "20 minutes of movement", "new": "20 minutes of sensory"},
        {"op": "insert", "section": "B", "after": "sensory breaks", "new": "Added."},
        {"op": "revise", "section": "B", "paragraph": "Added.", "new": "Added and revised."},
    ])
    lines = marked(amend(simple_plan, review).amended_docx)
    assert "Zoë needs ~~15~~**20** minutes of ~~movement~~**sensory** breaks twice a day." in lines
    assert "**Added and revised.**" in lines
    with pytest.raises(ehcpdocs.errors.AnchorNotFoundError):
        amend(simple_plan, review_for([
            {"op": "delete", "section": "K", "paragraph": "K2 Speech"},
            {"op": "delete", "section": "K", "paragraph": "K2 Speech"},
        ]))


def test_original_bold_stays_right_in_the_final_plan():
    document = docx.Document()
    details_table(document)
    document.add_heading("Section F: Provision", 1)
    paragraph = document.add_paragraph("Zoë will have ")
    paragraph.add_run("3 hours").bold = True
    paragraph.add_run(" of support each week.")
    result = amend(docx_bytes(document), review_for([
        {"op": "replace", "section": "F", "old": "each week", "new": "every week"},
        {"op": "replace", "section": "F", "old": "3 hours", "new": "4 hours"},
    ]))
    final_runs = [r for p in paragraphs(result.final_docx) for r in p]
    assert ("4", False, True, None) in final_runs, "a word added inside bold text stays bold"
    assert ("every", False, False, None) in final_runs
    assert ("3 hours", False, True, None) not in final_runs
    assert "Zoë will have ~~3~~**4** hours of support ~~each~~**every** week." in marked(result.amended_docx)


def test_outputs_are_deterministic_and_inputs_untouched(tmp_path):
    plan = sample_plan("SCC-EHCP-2002")
    before = hashlib.sha256(plan.read_bytes()).hexdigest()
    first = amend(plan, sample_review("SCC-EHCP-2002"))
    second = amend(plan.read_bytes(), sample_review("SCC-EHCP-2002"))
    assert first.amended_docx == second.amended_docx and first.final_docx == second.final_docx
    assert hashlib.sha256(plan.read_bytes()).hexdigest() == before


def test_safe_from_many_threads():
    expected = {pid: amend(sample_plan(pid), sample_review(pid)).amended_docx for pid in SAMPLE_IDS}
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda pid: (pid, amend(sample_plan(pid), sample_review(pid)).amended_docx), SAMPLE_IDS * 3))
    assert all(expected[pid] == data for pid, data in results)


def test_no_amendments_means_no_plan_documents():
    review = sample_review("LCC-EHCP-1001")
    review["amendments"] = []
    result = amend(sample_plan("LCC-EHCP-1001"), review)
    assert not result.amended and result.amended_docx is None
    assert result.summary["status"] == "unchanged"
    assert list(result.files(pdf=False)) == ["LCC-EHCP-1001.summary.json"]


def test_review_may_be_path_dict_or_model(simple_plan, tmp_path):
    review = review_for([{"op": "replace", "section": "B", "old": "15 minutes", "new": "20 minutes"}])
    path = tmp_path / "review.json"
    import json

    path.write_text(json.dumps(review), encoding="utf-8")
    yaml_path = tmp_path / "review.yaml"
    import yaml

    yaml_path.write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    outputs = {amend(simple_plan, source).amended_docx for source in (review, path, yaml_path, ehcpdocs.load_review(review))}
    assert len(outputs) == 1


def test_a_document_without_a_styles_part_gets_one_for_the_marks():
    document = docx.Document()
    details_table(document)
    bold = document.add_paragraph()
    bold.add_run("Section F: Provision").bold = True
    document.add_paragraph("Weekly speech therapy.")
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(document)))
    parts = {name: source.read(name) for name in source.namelist() if name != "word/styles.xml"}
    parts["word/_rels/document.xml.rels"] = re.sub(
        rb'<Relationship [^>]*Target="styles.xml"/>', b"", parts["word/_rels/document.xml.rels"]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = amend(buffer.getvalue(), review_for([{"op": "replace", "section": "F", "old": "Weekly", "new": "Daily"}]))
    assert "~~Weekly~~**Daily** speech therapy." in marked(result.amended_docx)
    styles = part(result.amended_docx, "word/styles.xml").decode()
    assert 'w:styleId="EhcpAddition"' in styles
    assert "word/styles.xml" in part(result.amended_docx, "[Content_Types].xml").decode()
    assert b"styles.xml" in part(result.amended_docx, "word/_rels/document.xml.rels")


def test_paragraphs_added_to_a_cell_belong_to_its_row(simple_plan):
    review = review_for([
        {"op": "insert", "section": "F", "after": "Speech therapy", "new": "Delivered in school."},
        {"op": "revise_row", "section": "F", "row": "Speech therapy Delivered in school.",
         "cells": ["Speech therapy\n\nDelivered at home.", "SALT", "Weekly"]},
    ])
    lines = marked(amend(simple_plan, review).amended_docx)
    assert "**Delivered at home.**" in lines
    review = review_for([
        {"op": "insert", "section": "F", "after": "Speech therapy", "new": "Delivered in school."},
        {"op": "delete_row", "section": "F", "row": "Delivered in school."},
    ])
    result = amend(simple_plan, review)
    lines = marked(result.amended_docx)
    assert "~~Speech therapy~~" in lines and not any("Delivered" in line for line in lines)


def _two_paragraph_plan() -> bytes:
    document = docx.Document()
    details_table(document)
    document.add_heading("Section A: Views, interests and aspirations", 1)
    document.add_paragraph("First paragraph.")
    document.add_paragraph("Second paragraph.")
    document.add_heading("Section B: Special educational needs", 1)
    document.add_paragraph("Needs paragraph.")
    return docx_bytes(document)


@pytest.mark.parametrize("rewrite", [
    ["First paragraph.", "New from rewrite.", "Inserted after first.", "Second paragraph."],
    ["New at the start.", "First paragraph.", "Inserted after first.", "Second paragraph."],
    ["First paragraph.", "Inserted after first.", "New one.", "New two.", "Second paragraph."],
    ["First paragraph.", "Inserted after first.", "Second paragraph.", "New at the end."],
])
def test_a_rewrite_after_an_insert_puts_new_paragraphs_where_its_text_does(rewrite):
    review = review_for([
        {"op": "insert", "section": "A", "after": "First paragraph.", "new": "Inserted after first."},
        {"op": "rewrite", "section": "A", "new": "\n\n".join(rewrite)},
    ])
    result = amend(_two_paragraph_plan(), review)
    body = [line for line in plain_lines(result.final_docx) if line.strip()]
    start = body.index("Section A: Views, interests and aspirations") + 1
    assert body[start:start + len(rewrite)] == rewrite
    assert body[start + len(rewrite)] == "Section B: Special educational needs"
    added = [line for line in text_without(result.amended_docx, "deleted") if line.strip()]
    assert added[start:start + len(rewrite)] == rewrite
