"""Write the fictional referral samples and the small documents they attach.

    .venv/bin/python samples/referrals/make_referral_samples.py

``complete.json`` supplies every item of additional information (or marks it not applicable);
``returned.json`` leaves several out, so its summary warns that it would be returned. The
attachments are short made-up documents: two PDFs (reportlab, invariant mode) and a Word file.
Everything is fictional, and the output is the same bytes every run.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ATTACHMENTS = HERE / "attachments"
sys.path.insert(0, str(HERE.parent.parent))

from ehcpdocs.docx.write import package_bytes  # noqa: E402  (run as a script from the repository)

FIXED_DATE = datetime(2026, 10, 1, tzinfo=timezone.utc)

CHILD = {
    "first_name": "Kwame",
    "last_name": "Adeyemi-Hart",
    "preferred_name": "Kwam",
    "date_of_birth": "2019-03-14",
    "gender": "Male",
    "upn": "X999200112233",
    "address": "12 Fictional Row, Lowmoor LM1 0ZZ",
    "first_language": "English",
    "sen_status": "SEN support",
}
SCHOOL = {
    "name": "Lowmoor Brook Primary School",
    "type": "Mainstream primary (community school)",
    "urn": "999101",
    "address": "Brook Lane, Lowmoor LM2 0ZZ",
    "phone": "01632 960 111",
    "headteacher": "Mrs Helen Fairweather",
    "sendco": "Mrs Priya Okonkwo-Hale",
}
PARENTS = [
    {"name": "Ms Abena Adeyemi", "relationship": "Mother", "phone": "07700 900 123", "email": "abena.adeyemi@example.org",
     "parental_responsibility": True},
    {"name": "Mr Daniel Hart", "relationship": "Father", "phone": "07700 900 456", "parental_responsibility": True},
]
INFORMATION = {
    "reason": "Kwame finds it hard to follow spoken instructions and to take part in group work. His speech is clear but he struggles to find words and to explain his ideas, and his progress in reading has slowed this year.",
    "strengths": "Kind and helpful; loves building models and football; good visual memory.",
    "needs": "Word-finding difficulties; following multi-step instructions; phonics and early reading; becomes frustrated and withdrawn when he cannot explain himself.",
    "support_so_far": "Two terms of SEN support: small-group phonics (daily, 20 minutes), Talk Boost (3 times a week, 10 weeks), visual timetable and now-and-next board.",
    "hoped_outcomes": "Assessment of his language and learning needs and advice for staff on strategies and next steps.",
    "child_views": "I like football and Lego. Reading is hard. I want to get better at it.",
    "parent_views": "We are worried he is falling behind and is getting upset about school. We agree to this referral.",
}
REFERRER = {"name": "Mrs Priya Okonkwo-Hale", "role": "SENDCo", "email": "sendco@lowmoorbrook.example.org",
            "phone": "01632 960 112"}


def pdf_document(title: str, lines: list[str], pages: int) -> bytes:
    """A short PDF with the same bytes every run."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(title)
    page.setAuthor("Lowmoor Brook Primary School (fictional)")
    for number in range(1, pages + 1):
        page.setFont("Helvetica-Bold", 14)
        page.drawString(72, 770, title)
        page.setFont("Helvetica", 11)
        y = 740
        for line in lines:
            page.drawString(72, y, line)
            y -= 18
        page.drawString(72, 60, f"Fictional sample document - page {number} of {pages}")
        page.showPage()
    page.save()
    return buffer.getvalue()


def word_document(title: str, rows: list[tuple[str, str, str]]) -> bytes:
    """A small Word document with a table, deterministic."""
    from docx import Document

    document = Document()
    document.add_heading(title, 1)
    document.add_paragraph("Fictional sample document for ehcpdocs.")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Assessment", "Date", "Result")):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    properties = document.core_properties
    properties.title = title
    properties.author = "Lowmoor Brook Primary School (fictional)"
    properties.created = FIXED_DATE
    properties.modified = FIXED_DATE
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    return package_bytes(parts)


def referral(reference: str, additional: dict, attachments: list[dict], summary: str) -> dict:
    return {
        "reference": reference,
        "submitted": "2026-11-02",
        "request": {
            "team": "Learning communication and interaction",
            "traded_work": "no",
            "discussed_with_send_services": "yes",
            "send_services_professionals": ["Ms Joanna Whitlock, Learning, Communication and Interaction Team"],
        },
        "permissions": {
            "parental_consent": True,
            "consent_given_by": "Ms Abena Adeyemi (mother)",
            "consent_date": "2026-10-20",
            "information_sharing": True,
        },
        "child": CHILD,
        "parental_responsibility": PARENTS,
        "school": SCHOOL,
        "information": INFORMATION,
        "referrer": REFERRER,
        "additional_information": additional,
        "attachments": attachments,
        "summary": summary,
    }


def main() -> None:
    ATTACHMENTS.mkdir(exist_ok=True)
    files = {
        "provision-map.pdf": pdf_document(
            "Provision map: Kwame Adeyemi-Hart (fictional)",
            ["Small-group phonics: daily, 20 minutes, from 8 September 2025.",
             "Outcome: phonics screening re-check 24/40 (June 2026), up from 12/40.",
             "Talk Boost: 3 times a week for 10 weeks, from 5 January 2026.",
             "Outcome: language assessment score up from 41 to 55."],
            pages=2,
        ),
        "attendance-and-behaviour.pdf": pdf_document(
            "Attendance and behaviour summary (fictional)",
            ["Attendance 2025/26: 95.1%. No exclusions.",
             "Behaviour log: 6 incidents of leaving the classroom, autumn term 2026."],
            pages=1,
        ),
        "school-assessment.docx": word_document(
            "School assessment: Kwame Adeyemi-Hart (fictional)",
            [("Phonics screening check", "June 2026", "24/40"),
             ("Reading age (Salford)", "September 2026", "5 years 9 months"),
             ("Classroom observation (SENDCo)", "October 2026", "Needs instructions repeated and modelled")],
        ),
    }
    for name, data in files.items():
        (ATTACHMENTS / name).write_bytes(data)
    complete = referral(
        "REF-LBP-2026-014",
        {
            "exclusions": {"status": "not_applicable", "details": "No exclusions."},
            "physical_interventions": {"status": "not_applicable", "details": "None recorded."},
            "pupil_tracking_data": {"status": "supplied", "details": "Phonics and reading data in the school assessment."},
            "iep_or_provision_map": {"status": "supplied"},
            "interventions": {"status": "supplied", "details": "Dates and outcomes are on the provision map."},
            "external_agency_reports": {"status": "supplied", "details": "Hearing test, audiology clinic, 3 March 2026: hearing within normal limits."},
            "review_minutes": {"status": "supplied", "details": "SEN support review meeting, 14 October 2026: notes included in the provision map."},
            "school_assessment": {"status": "supplied"},
            "attendance_and_exclusion_data": {"status": "supplied"},
            "behaviour_records": {"status": "supplied"},
        },
        [
            {"path": "attachments/provision-map.pdf", "description": "Provision map with interventions, dates and outcomes",
             "covers": ["iep_or_provision_map", "interventions", "review_minutes"]},
            {"path": "attachments/school-assessment.docx", "description": "Standardised tests and observation",
             "covers": ["school_assessment", "pupil_tracking_data"]},
            {"path": "attachments/attendance-and-behaviour.pdf", "description": "Attendance, exclusions and behaviour log",
             "covers": ["attendance_and_exclusion_data", "behaviour_records"]},
        ],
        "Kwame has had two terms of SEN support with some progress in phonics, but his language difficulties "
        "are holding back his reading and his confidence. We ask for an assessment of his communication and "
        "learning needs and advice for staff.",
    )
    returned = referral(
        "REF-LBP-2026-015",
        {
            "exclusions": {"status": "not_applicable", "details": "No exclusions."},
            "physical_interventions": {"status": "not_applicable"},
            "iep_or_provision_map": {"status": "supplied"},
            "interventions": {"status": "not_supplied"},
        },
        [
            {"path": "attachments/provision-map.pdf", "description": "Provision map", "covers": ["iep_or_provision_map"]},
        ],
        "Kwame's language difficulties are holding back his reading. We ask for advice for staff.",
    )
    for name, data in (("complete.json", complete), ("returned.json", returned)):
        (HERE / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in [*files, "complete.json", "returned.json"]:
        print(f"wrote samples/referrals/{'attachments/' if name in files else ''}{name}")


if __name__ == "__main__":
    main()
