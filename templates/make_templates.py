"""Build the Word templates of the forms: annex2.docx, notice.docx and referral.docx.

    .venv/bin/python templates/make_templates.py

The templates are ordinary Word documents: council staff can open them in Word and change the
wording, the letterhead (page header) or the layout, keeping the Jinja2 tags (docxtpl syntax):

    {{ name }}                 a value
    {%p if x %} ... {%p endif %}  paragraphs shown only when x is set
    {%tr for r in rows %}       a table row repeated for each item (the row after it), closed by
    {%tr endfor %}              a row of its own

Every variable a template may use is listed in docs/forms.md. This script writes the same bytes
every run (fixed document dates, zip entries in a fixed order with fixed timestamps).
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ehcpdocs.docx.write import package_bytes  # noqa: E402  (run as a script from the repository)

FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
LABEL_FILL = "D9E2F3"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)


def set_language(document, language: str = "en-GB") -> None:
    """Declare the document's language as Word does for an English council's files (python-docx's
    blank template says en-US): the default run language and the theme's, which PDFs take as /Lang."""
    from docx.oxml.ns import qn as _qn

    for lang in document.styles.element.iter(_qn("w:lang")):
        lang.set(_qn("w:val"), language)
        if lang.get(_qn("w:eastAsia")) == "en-US":
            lang.set(_qn("w:eastAsia"), language)
    theme = document.settings.element.find(_qn("w:themeFontLang"))
    if theme is not None:
        theme.set(_qn("w:val"), language)


class TemplateBuilder:
    """A Word document being written: headings, labelled tables and loop tables with tags."""

    def __init__(self, title: str, header: str, footer: str, *, landscape: bool = False) -> None:
        self.document = Document()
        set_language(self.document)
        self.title = title
        section = self.document.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section.page_width, section.page_height = (
            (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
        )
        for margin in ("left_margin", "right_margin"):
            setattr(section, margin, Cm(2.0))
        section.top_margin = Cm(2.0)
        section.bottom_margin = Cm(2.0)
        normal = self.document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        for level, size in ((1, 14), (2, 12)):
            style = self.document.styles[f"Heading {level}"]
            style.font.name = "Calibri"
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
        title_style = self.document.styles["Title"]
        title_style.font.name = "Calibri"
        title_style.font.size = Pt(20)
        title_style.font.color.rgb = ACCENT
        header_paragraph = section.header.paragraphs[0]
        header_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header_paragraph.add_run(header)
        run.font.size = Pt(9)
        footer_paragraph = section.footer.paragraphs[0]
        footer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer_paragraph.add_run(footer)
        run.font.size = Pt(8)
        add_page_x_of_y(footer_paragraph, Pt(8))

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level)

    def title_line(self, text: str) -> None:
        self.document.add_paragraph(text, style="Title")

    def paragraph(self, *parts: str | tuple[str, bool], style: str | None = None) -> None:
        """A paragraph of runs; a (text, True) part is bold. Each tag stays inside one run."""
        paragraph = self.document.add_paragraph(style=style)
        for part in parts:
            text, bold = (part, False) if isinstance(part, str) else part
            paragraph.add_run(text).bold = bold

    def tag(self, text: str) -> None:
        """A paragraph holding only a block tag ({%p ... %}), removed when rendered."""
        self.document.add_paragraph(text)

    def fields(self, rows: list[tuple[str, str]], label_width: float = 5.5) -> None:
        """A two-column table: shaded labels on the left, values (tags) on the right."""
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for label, value in rows:
            cells = table.add_row().cells
            shade(cells[0])
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(value)
        set_widths(table, [label_width, self.text_width() - label_width])
        self.document.add_paragraph()

    def loop_table(self, headers: list[str], loop: str, cells: list[str], widths: list[float]) -> None:
        """A table with a header row and one row repeated by ``{%tr for ... %}``."""
        table = self.document.add_table(rows=0, cols=len(headers))
        table.style = "Table Grid"
        header_cells = table.add_row().cells
        for cell, text in zip(header_cells, headers):
            shade(cell)
            cell.paragraphs[0].add_run(text).bold = True
        mark_header_row(table.rows[0])
        table.add_row().cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
        for cell, text in zip(table.add_row().cells, cells):
            cell.paragraphs[0].add_run(text)
        table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
        set_widths(table, widths)
        self.document.add_paragraph()

    def text_width(self) -> float:
        section = self.document.sections[0]
        return round((section.page_width - section.left_margin - section.right_margin) / 360000, 2)

    def save(self, path: Path) -> None:
        properties = self.document.core_properties
        properties.title = self.title
        properties.author = "ehcpdocs"
        properties.last_modified_by = "ehcpdocs"
        properties.created = FIXED_DATE
        properties.modified = FIXED_DATE
        properties.revision = 1
        buffer = io.BytesIO()
        self.document.save(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
        path.write_bytes(package_bytes(parts))


def shade(cell) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/>'))


def add_page_x_of_y(paragraph, size) -> None:
    """'   |   Page 3 of 14' after a footer's text: PAGE and NUMPAGES fields (in the
    consultation pack they count through the whole pack)."""
    def text(value: str) -> None:
        paragraph.add_run(value).font.size = size

    def field(code: str) -> None:
        simple = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {code} \\* MERGEFORMAT ">'
                           f'<w:r><w:rPr><w:noProof/><w:sz w:val="{int(size.pt * 2)}"/></w:rPr><w:t>1</w:t></w:r>'
                           '</w:fldSimple>')
        paragraph._p.append(simple)

    text("   |   Page ")
    field("PAGE")
    text(" of ")
    field("NUMPAGES")


def mark_header_row(row) -> None:
    """Repeat the header row on every page the table runs onto."""
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def set_widths(table, widths_cm: list[float]) -> None:
    """Column widths in the grid (what Word lays out by) and in every cell."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm):
        column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def annex2() -> TemplateBuilder:
    """The annual review report the school sends to the local authority."""
    t = TemplateBuilder(
        "Annual review report (Annex 2)",
        "Education, Health and Care Plan annual review report (Annex 2)   |   Plan reference {{ plan_id }}",
        "Annual review report for {{ child_name }}, review meeting {{ meeting_date }}",
    )
    t.title_line("Annual review report (Annex 2)")
    t.paragraph(
        "The school or setting sends this report to the local authority within two weeks of the "
        "review meeting. Fields marked * are mandatory."
    )
    t.heading("1. The child or young person")
    t.fields([
        ("Name *", "{{ child_name }}"),
        ("Date of birth *", "{{ date_of_birth }}"),
        ("National Curriculum year at the meeting", "{{ year_group }}{{ year_group_note }}"),
        ("Plan reference", "{{ plan_id }}"),
        ("Date of the review meeting *", "{{ meeting_date }}"),
    ])
    t.heading("2. School or setting")
    t.fields([
        ("School or setting *", "{{ setting_name }}"),
        ("Type", "{{ setting_type }}"),
        ("URN", "{{ setting_urn }}"),
        ("Attendance", "{{ attendance }}"),
        ("Exclusions", "{{ exclusions }}"),
        ("Notes on attendance", "{{ attendance_notes }}"),
    ])
    t.heading("3. Who was invited and who attended")
    t.loop_table(
        ["Role", "Name", "Invited", "Attended", "Report requested", "Report received"],
        "p in participants",
        ["{{ p.role }}", "{{ p.name }}", "{{ p.invited }}", "{{ p.attended }}", "{{ p.report_requested }}", "{{ p.report_received }}"],
        [3.5, 4.0, 2.0, 2.0, 2.75, 2.75],
    )
    t.heading("4. Views")
    t.heading("The views of the child or young person", 2)
    t.paragraph("{{ child_views }}")
    t.heading("The views of the parents or carers", 2)
    t.paragraph("{{ parent_views }}")
    t.heading("5. Progress towards the outcomes in Section E")
    t.loop_table(
        ["Outcome", "Progress", "Evidence"],
        "o in outcomes",
        ["{{ o.outcome }}", "{{ o.progress }}", "{{ o.evidence }}"],
        [7.0, 3.0, 7.0],
    )
    t.heading("6. Preparing for adulthood")
    t.tag("{%p if preparing_for_adulthood %}")
    t.fields([
        ("Higher education and employment", "{{ preparing_for_adulthood.employment }}"),
        ("Independent living", "{{ preparing_for_adulthood.independent_living }}"),
        ("Friends, relationships and community", "{{ preparing_for_adulthood.community_inclusion }}"),
        ("Good health", "{{ preparing_for_adulthood.health }}"),
    ])
    t.tag("{%p else %}")
    t.paragraph("{{ preparing_for_adulthood_note }}")
    t.tag("{%p endif %}")
    t.heading("7. Recommendation *")
    t.fields([
        ("Recommendation *", "{{ recommendation }}"),
        ("Grounds", "{{ recommendation_grounds }}"),
        ("Evidence", "{{ recommendation_evidence }}"),
    ])
    t.heading("8. Proposed amendments, section by section")
    t.paragraph("{{ amendments_note }}")
    t.loop_table(
        ["Section", "Proposed changes"],
        "a in amendments",
        ["{{ a.section }}", "{{ a.changes }}"],
        [2.5, 14.5],
    )
    t.heading("9. Key dates")
    t.loop_table(
        ["What", "By", "Notes"],
        "d in key_dates",
        ["{{ d.label }}", "{{ d.date }}", "{{ d.note }}"],
        [6.5, 3.5, 7.0],
    )
    return t


def notice() -> TemplateBuilder:
    """The notice of proposed amendments sent to the family with the marked-up plan."""
    t = TemplateBuilder(
        "Notice of proposed amendments",
        "Special Educational Needs Service   |   Plan reference {{ plan_id }}",
        "Notice of proposed amendments to the EHC plan of {{ child_name }}, sent {{ notice_date }}",
    )
    t.paragraph("{{ notice_date }}")
    t.paragraph("To {{ addressee }}")
    t.title_line("Notice of proposed amendments")
    t.paragraph(("Education, Health and Care Plan for {{ child_name }}", True), " (date of birth {{ date_of_birth }})")
    t.paragraph(
        "Following the annual review meeting on {{ meeting_date }}, the local authority has decided to amend "
        "the plan. The plan that comes with this notice shows the changes we propose: wording to be removed "
        "is crossed through but left visible, and new wording is in bold."
    )
    t.heading("What we propose to change")
    t.loop_table(
        ["Section", "Change"],
        "c in changes",
        ["{{ c.section }}", "{{ c.description }}"],
        [2.5, 14.5],
    )
    t.heading("Changes to the special educational provision (Section F)")
    t.paragraph("{{ provision_summary }}")
    t.tag("{%p for line in provision_changes %}")
    t.paragraph("{{ line }}", style="List Bullet")
    t.tag("{%p endfor %}")
    t.heading("Key dates")
    t.fields([
        ("Notice sent", "{{ notice_date }}"),
        ("Your views by", "{{ representations_close }}"),
        ("Final plan issued by", "{{ final_plan_due }}"),
    ])
    t.heading("How to respond")
    t.paragraph(
        "Please tell us by ", ("{{ representations_close }}", True),
        " (15 days from the date of this notice) whether you agree with the proposed changes. You can:",
    )
    t.paragraph("write to us with your comments on any part of the plan (your representations);", style="List Bullet")
    t.paragraph("ask to meet an officer of the local authority to discuss the proposed changes;", style="List Bullet")
    t.paragraph(
        "ask for a particular school, college or other institution to be named in Section I.", style="List Bullet"
    )
    t.paragraph(
        "We will consider what you tell us and issue the final amended plan by {{ final_plan_due }}. If you "
        "disagree with the final plan, the letter that comes with it explains how to ask for mediation and how "
        "to appeal to the First-tier Tribunal (Special Educational Needs and Disability)."
    )
    t.paragraph("If you have any questions, please contact the Special Educational Needs Service.")
    return t


def referral() -> TemplateBuilder:
    """The summary of a referral to SEND support services, in the eight sections of the form."""
    t = TemplateBuilder(
        "SEND support services referral",
        "Referral to SEND support services   |   Reference {{ reference }}",
        "Referral summary {{ reference }}, submitted {{ submitted }}",
    )
    t.title_line("Referral to SEND support services")
    t.fields([
        ("Status", "{{ status }}"),
        ("Team", "{{ team }}"),
        ("Request for traded work", "{{ traded_work }}"),
        ("Discussed and agreed with SEND Services professionals", "{{ discussed }}"),
        ("Submitted", "{{ submitted }}"),
        ("Missing information to be returned by", "{{ return_by }}"),
    ], label_width=7.0)
    t.heading("1. Permissions for referral and information sharing")
    t.fields([
        ("Parental consent to the referral", "{{ consent }}"),
        ("Consent to share information", "{{ information_sharing }}"),
        ("Notes", "{{ consent_notes }}"),
    ])
    t.heading("2. Child or young person's details")
    t.fields([
        ("Name", "{{ child_name }}"),
        ("Preferred name", "{{ child.preferred_name }}"),
        ("Date of birth", "{{ child.date_of_birth }}"),
        ("Year group", "{{ child.year_group }}"),
        ("Gender", "{{ child.gender }}"),
        ("Unique pupil number (UPN)", "{{ child.upn }}"),
        ("Home address", "{{ child.address }}"),
        ("First language", "{{ child.first_language }}"),
        ("SEN status", "{{ child.sen_status }}"),
    ])
    t.heading("3. Parental responsibility")
    t.loop_table(
        ["Name", "Relationship", "Contact", "Parental responsibility"],
        "p in parents",
        ["{{ p.name }}", "{{ p.relationship }}", "{{ p.contact }}", "{{ p.parental_responsibility }}"],
        [4.5, 3.5, 6.0, 3.0],
    )
    t.heading("4. School or setting details")
    t.fields([
        ("School or setting", "{{ school.name }}"),
        ("Type", "{{ school.type }}"),
        ("URN", "{{ school.urn }}"),
        ("Address", "{{ school.address }}"),
        ("Telephone", "{{ school.phone }}"),
        ("Headteacher", "{{ school.headteacher }}"),
        ("SENDCo", "{{ school.sendco }}"),
    ])
    t.heading("5. Information about the child or young person")
    t.fields([
        ("Reason for referral", "{{ information.reason }}"),
        ("Strengths", "{{ information.strengths }}"),
        ("Needs and concerns", "{{ information.needs }}"),
        ("Support and interventions so far", "{{ information.support_so_far }}"),
        ("What the referral should achieve", "{{ information.hoped_outcomes }}"),
        ("Views of the child or young person", "{{ information.child_views }}"),
        ("Views of the parents or carers", "{{ information.parent_views }}"),
    ])
    t.heading("6. Referrer details")
    t.fields([
        ("Name", "{{ referrer.name }}"),
        ("Role", "{{ referrer.role }}"),
        ("Email", "{{ referrer.email }}"),
        ("Telephone", "{{ referrer.phone }}"),
    ])
    t.heading("7. Additional information")
    t.loop_table(
        ["Information", "Supplied", "Details and documents"],
        "i in checklist",
        ["{{ i.label }}", "{{ i.status }}", "{{ i.details }}"],
        [6.0, 3.0, 8.0],
    )
    t.heading("Attached documents", 2)
    t.paragraph("{{ attachments_note }}")
    t.loop_table(
        ["File", "Type", "Size", "Pages", "Description"],
        "a in attachments",
        ["{{ a.name }}", "{{ a.type }}", "{{ a.size }}", "{{ a.pages }}", "{{ a.description }}"],
        [4.5, 3.0, 2.0, 1.5, 6.0],
    )
    t.heading("8. Summary")
    t.paragraph("{{ summary }}")
    t.tag("{%p if warnings %}")
    t.paragraph(("Before you submit: referrals without the relevant additional information are returned.", True))
    t.tag("{%p endif %}")
    t.tag("{%p for w in warnings %}")
    t.paragraph("{{ w }}", style="List Bullet")
    t.tag("{%p endfor %}")
    t.paragraph(
        "If the referral is returned for more information, the information must be sent back by ",
        ("{{ return_by }}", True),
        " (90 days after submission); after that the referral is deleted and must be submitted again.",
    )
    return t


TEMPLATES = {"annex2.docx": annex2, "notice.docx": notice, "referral.docx": referral}


def main() -> None:
    for name, build in TEMPLATES.items():
        build().save(HERE / name)
        print(f"wrote templates/{name}")


if __name__ == "__main__":
    main()
