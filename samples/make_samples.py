"""Fictional sample EHCPs and annual reviews for ehcpdocs: tests, demos and benchmarks.

Run ``python samples/make_samples.py`` to regenerate ``samples/plans/*.docx`` and
``samples/reviews/*.json``; every run writes the same bytes. Import it to build more plans:
``make_plan`` (a .docx in one of three council layouts), ``make_review`` (the review that
amends it), ``fictional_child`` (a deterministic invented child) and ``write_samples``.

Every name, school, professional and date here is invented. Each plan is checked as it is
built: the visible text of the saved Word file must match the generator's own model of it, and
every anchor of the matching review must hit exactly one paragraph, row or occurrence.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ehcpdocs.model.review import load_review  # noqa: E402
from ehcpdocs.model.schoolyear import national_curriculum_year, school_year_start  # noqa: E402
from ehcpdocs.templates.make_templates import set_language  # noqa: E402

LAYOUTS = ("heading-styles", "table-boxes", "area-of-need")
TRANSFER_YEARS = (-1, 2, 6, 9, 11)
FIXED_TIMESTAMP = datetime(2025, 1, 1, 9, 0, 0)
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
SAMPLES_DIR = Path(__file__).resolve().parent

SAMPLE_PLANS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("heading-styles", "LCC-EHCP-1001", {"first_name": "Zoë", "last_name": "Nguyễn", "date_of_birth": "2016-05-02"}),
    ("table-boxes", "SCC-EHCP-2002", {"first_name": "Siobhán", "last_name": "O'Connell-Brontë", "date_of_birth": "2013-01-17"}),
    ("area-of-need", "PCC-EHCP-3003", {"first_name": "Łucja", "last_name": "Wiśniewska", "date_of_birth": "2011-03-09"}),
)
UNCHANGED_PLAN_ID = "LCC-EHCP-1001"

COUNCILS = {
    "heading-styles": "Lowmoor City Council",
    "table-boxes": "Southdale County Council",
    "area-of-need": "Penbridge City Council",
}

FIRST_NAMES = (
    "Zoë", "Siobhán", "Łucja", "Amara", "Mateusz", "Chloé", "Oisín", "Aarav", "Renée", "Tomás",
    "Freya", "Kofi", "Inès", "Dmitri", "Maëlle", "Yusuf", "Niamh", "Bartłomiej", "Élodie", "Hamza",
    "Saoirse", "Jonáš", "Leila", "Rhys", "Søren", "Imogen", "Darius", "Ayşe", "Callum", "Noémie",
)
LAST_NAMES = (
    "Nguyễn", "O'Connell-Brontë", "Wiśniewska", "Okonkwo", "Hartley", "Müller-Abbott", "Fernández",
    "Kowalczyk", "Ó Briain", "Patel", "Żuławski", "Brennan", "Lindqvist", "Achterberg", "Dvořák",
    "Thornbury", "Mensah", "García-Holt", "Pemberton", "Şahin", "Ashworth", "Ní Dhubhghaill",
    "Rahman", "Lefèvre", "Castellanos", "Whitlock", "Jovanović", "Adeyemi", "Sørensen", "Quigley",
)
MOTHER_FIRST_NAMES = ("Aoife", "Marta", "Hélène", "Priyanka", "Róisín", "Adaeze", "Małgorzata")
FATHER_FIRST_NAMES = ("Daniel", "Kwame", "Gareth", "Stefan", "Olu", "Cian", "Thắng")
PRIMARY_SCHOOLS = ("Brookfield Primary School", "St Aldhelm's C of E Primary School", "Meadowbank Community Primary School")
SECONDARY_SCHOOLS = ("Hollins Park Academy", "Kestrel Vale School", "Northgate Community College")
COLLEGES = ("Penbridge College of Further Education", "Riverside Sixth Form College")
SENCOS = ("Mrs Agnieszka Dąbrowska-Hale", "Mr Jérôme Whitfield", "Ms Bethan Ó Máille")
PSYCHOLOGISTS = ("Dr Priya Raman-Holt", "Dr Fionnuala Carrick", "Dr Ibrahim Søndergaard")
THERAPISTS = ("Ms Ffion Llewellyn", "Mr Kieran Adébáyọ̀", "Ms Hannah Lützow")
OCCUPATIONAL_THERAPISTS = ("Mr Tomás Okafor", "Ms Grace Penhaligon", "Mrs Ana Ribeiro-Stone")
PAEDIATRICIANS = ("Dr Renée Castellanos", "Dr Marcus Oyelaran", "Dr Eilidh Farquharson")
SOCIAL_WORKERS = ("Ms Saoirse Nkemelu", "Mr Piotr Zieliński", "Ms Julia Ashcombe")


# ---------------------------------------------------------------------------------------------
# Document model: what the generator writes, and what the self-check reads.


@dataclass
class Para:
    """One paragraph: its pieces of text (plain strings or quirk tuples) and what it belongs to.

    ``role`` is "body" for text a section owns and can be amended; anything else ("heading",
    "label", "meta", "title") is text whose ownership a reader may decide either way, so no
    review anchor may touch it.
    """

    segments: list[Any]
    section: str | None = None
    role: str = "body"
    style: str | None = None
    bold: bool = False
    italic: bool = False
    align: str | None = None


@dataclass
class Cell:
    """One table cell: its paragraphs, shading fill and how many grid columns it spans."""

    paragraphs: list[Para]
    shade: str | None = None
    span: int = 1


@dataclass
class Row:
    """One table row; ``role`` "body" rows may be amended, "header"/"title" rows may not."""

    cells: list[Cell]
    section: str | None = None
    role: str = "body"


@dataclass
class Table:
    """A table with its column widths in centimetres."""

    rows: list[Row]
    widths: list[float]
    style: str = "Table Grid"


@dataclass
class PlanDocument:
    """A whole plan: body blocks, header and footer paragraphs and the facts the review needs."""

    blocks: list[Para | Table]
    header: list[Para]
    footer: list[Para]
    title: str
    facts: dict[str, Any] = field(default_factory=dict)


def visible_text(segments: list[Any]) -> str:
    """The text a reader sees for a paragraph's segments: tabs as "\\t", breaks as "\\n"."""
    parts = []
    for segment in segments:
        if isinstance(segment, str):
            parts.append(segment)
            continue
        kind = segment[0]
        if kind in ("tab",):
            parts.append("\t")
        elif kind == "br":
            parts.append("\n")
        elif kind == "split":
            parts.append(segment[1] + segment[2])
        elif kind in ("bold", "italic", "spell", "sdt"):
            parts.append(segment[1])
        elif kind in ("link", "bookmark", "field", "complex_field"):
            parts.append(segment[2])
        else:
            raise ValueError(f"unknown segment kind {kind!r}")
    return "".join(parts)


def collapse(text: str) -> str:
    """Whitespace runs as single spaces, as the amendment engine matches text."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# Dates and people.


def long_date(day: date) -> str:
    """'2 May 2016'."""
    return f"{day.day} {day:%B %Y}"


def numeric_date(day: date) -> str:
    """'02/05/2016'."""
    return f"{day:%d/%m/%Y}"


def ordinal_date(day: date) -> str:
    """'2nd May 2016'."""
    suffix = "th" if 11 <= day.day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return f"{day.day}{suffix} {day:%B %Y}"


DATE_WRITERS = {"heading-styles": long_date, "table-boxes": numeric_date, "area-of-need": ordinal_date}


def as_date(value: date | str) -> date:
    """A date from a date or an ISO string."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def fictional_child(seed: int) -> dict[str, str]:
    """A deterministic invented child: first and last name and an ISO date of birth.

    The date of birth puts the child in a key-stage transfer year (Year 2, 6, 9 or 11) on the
    review meeting date ``make_review`` picks for the same seed, so every review can give
    ``key_stage_transfer`` as a ground.
    """
    rng = random.Random(f"child:{seed}")
    first = FIRST_NAMES[seed % len(FIRST_NAMES)]
    last = LAST_NAMES[(seed // len(FIRST_NAMES) + seed * 7) % len(LAST_NAMES)]
    year_group = (2, 6, 9, 11)[rng.randrange(4)]
    born_from = date(2026 - year_group - 5, 9, 1)
    born = born_from + timedelta(days=rng.randrange(365))
    return {"first_name": first, "last_name": last, "date_of_birth": born.isoformat()}


def meeting_date_for(seed: int) -> date:
    """The review meeting date for a seed: a school day in the autumn term of 2026."""
    day = date(2026, 9, 14) + timedelta(days=random.Random(f"meeting:{seed}").randrange(80))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


SAMPLE_MEETINGS = {"LCC-EHCP-1001": date(2026, 10, 12), "SCC-EHCP-2002": date(2026, 11, 3), "PCC-EHCP-3003": date(2026, 9, 29)}


def meeting_date_of(plan_id: str, seed: int) -> date:
    """The meeting date the review of this plan uses (fixed for the three committed samples)."""
    return SAMPLE_MEETINGS.get(plan_id, meeting_date_for(seed))


def weekday_on_or_before(day: date) -> date:
    """The day itself, or the Friday before when it falls at a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


@dataclass
class People:
    """Everyone the plan names besides the child, and the plan's dates and setting."""

    child_name: str
    first: str
    last: str
    preferred: str
    born: date
    parents: str
    parent_short: str
    school: str
    next_setting: str
    phase: str
    year_now: int
    senco: str
    psychologist: str
    therapist: str
    occupational_therapist: str
    paediatrician: str
    social_worker: str
    plan_date: date
    review_due: date
    started: int
    psychology_report: date
    nhs_number: str
    council: str


def people_for(layout: str, plan_id: str, child: dict[str, Any], seed: int) -> People:
    """The cast and dates of a plan, chosen deterministically from its arguments."""
    rng = random.Random(f"{layout}:{plan_id}:{seed}")
    born = as_date(child["date_of_birth"])
    meeting = meeting_date_of(plan_id, seed)
    plan_date = weekday_on_or_before(meeting - timedelta(days=364 + rng.randrange(20)))
    year_now = national_curriculum_year(born, plan_date)
    if year_now <= 5:
        school, phase, next_setting = rng.choice(PRIMARY_SCHOOLS), "primary", "secondary school"
    elif year_now <= 10:
        school, phase, next_setting = rng.choice(SECONDARY_SCHOOLS), "secondary", "Key Stage 4" if year_now < 9 else "post-16 education"
    else:
        school, phase, next_setting = rng.choice(COLLEGES), "college", "adult life and employment"
    if year_now in (8, 9):
        next_setting = "Key Stage 4"
    elif year_now == 10:
        next_setting = "post-16 education at college"
    last = child["last_name"]
    mother, father = rng.choice(MOTHER_FIRST_NAMES), rng.choice(FATHER_FIRST_NAMES)
    preferred = {"Łucja": "Lucy", "Bartłomiej": "Bartek", "Mateusz": "Mati"}.get(child["first_name"], child["first_name"])
    return People(
        child_name=f"{child['first_name']} {last}",
        first=child["first_name"],
        last=last,
        preferred=preferred,
        born=born,
        parents=f"{mother} {last} (mother) and {father} {last} (father)",
        parent_short=f"{mother} and {father}",
        school=school,
        next_setting=next_setting,
        phase=phase,
        year_now=year_now,
        senco=rng.choice(SENCOS),
        psychologist=rng.choice(PSYCHOLOGISTS),
        therapist=rng.choice(THERAPISTS),
        occupational_therapist=rng.choice(OCCUPATIONAL_THERAPISTS),
        paediatrician=rng.choice(PAEDIATRICIANS),
        social_worker=rng.choice(SOCIAL_WORKERS),
        plan_date=plan_date,
        review_due=plan_date + timedelta(days=364),
        psychology_report=weekday_on_or_before(meeting - timedelta(days=21)),
        started=school_year_start(plan_date).year - max(year_now, 0) + {"primary": 0, "secondary": 7, "college": 12}[phase],
        nhs_number=f"999 {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}",
        council=COUNCILS[layout],
    )


def initial_surname(full: str) -> str:
    """'Dr Priya Raman-Holt' -> 'Dr P. Raman-Holt'."""
    title, first, *rest = full.split(" ")
    return f"{title} {first[0]}. {' '.join(rest)}"


# ---------------------------------------------------------------------------------------------
# Plan content, shared by the three layouts.

AREAS = (
    "Cognition and learning",
    "Communication and interaction",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)


def content_for(p: People) -> dict[str, Any]:
    """The plan's wording: prose sections as segment lists, and per-area needs, outcomes and provision."""
    n = p.first
    y = p.plan_date.year
    therapy_service = f"{p.council.split()[0]} Children's Therapy Service sensory guidance"
    link = f"https://example.org/{p.council.split()[0].lower()}-therapy/sensory-guidance"
    content: dict[str, Any] = {}
    content["A1"] = [
        [f"{n} lives at home with {p.parent_short} and a younger brother, Teodor, and has attended {p.school} "
         f"since September {p.started}. "
         f"{n} was first referred to the Child Development Centre at the age of three because of delayed speech "
         "and difficulties joining in with play at nursery."],
        [f"A diagnosis of autism spectrum condition was given in March {y - 3} following a multi-disciplinary "
         f"assessment. Developmental coordination disorder was identified by the occupational therapy service in "
         f"{y - 2}. {n}'s family have worked closely with school and have attended the local parent workshops on "
         "understanding autism."],
    ]
    content["A2"] = [
        ["I like ", ("sdt", "drawing dragons, building with Lego and swimming on Saturdays", "favourite-things"),
         ". I am good at remembering facts about animals and I can tell you the names of all the planets."],
        ["School is hard when it is noisy in the hall and when I do not know what is happening next. "
         "I like it when my teacher shows me the plan for the day with pictures."],
        ["When I am older I want to work with animals, maybe as a vet or at a wildlife park. "
         "I want to have a friend to play with at break time."],
        [f"{n}'s parents said: \u201cWe want {n} to be happy and confident, to have friends, and to be as "
         f"independent as possible. We worry about the move to {p.next_setting} and want it to be planned early "
         "with lots of visits.\u201d"],
    ]
    content["B"] = {
        "Cognition and learning": {
            "strengths": [f"{n} has a very good long-term memory for facts and enjoys number work, especially times tables."],
            "needs": [
                [f"{n}'s reading and spelling are below the level expected for age. Standardised assessment in "
                 f"June {y} gave a single-word reading standard score of 78 (average range 85-115)."],
                [f"{n} can sustain attention on an adult-led task for about 15 minutes before needing a break, and "
                 "needs instructions broken into short steps with visual reminders."],
            ],
        },
        "Communication and interaction": {
            "strengths": [f"{n} speaks in full sentences and will talk at length about topics of interest."],
            "needs": [
                [f"{n}'s ", ("split", "commun", "ication"), " needs are linked to autism: understanding of spoken language is "
                 "weaker than expressive language, and figurative language and inference are difficult."],
                [f"{n} finds it hard to take turns in conversation, to join group work and to repair misunderstandings "
                 "with peers, which can lead to conflict at unstructured times."],
            ],
        },
        "Social, emotional and mental health": {
            "strengths": [f"{n} is kind to younger children and responds well to praise from a trusted adult."],
            "needs": [
                [f"{n} experiences high levels of anxiety around change and transitions. When anxious, {n} may hide under "
                 "a table, cover both ears or leave the classroom."],
                [f"{n} is beginning to use a 5-point scale to name feelings but needs an adult to prompt its use."],
            ],
        },
        "Sensory and/or physical": {
            "strengths": [f"{n} enjoys swimming and has gained a 25-metre badge."],
            "needs": [
                [f"{n} is over-sensitive to noise and to some textures, and under-responsive to movement, "
                 "seeking deep pressure and frequent movement breaks."],
                [f"Handwriting is slow and effortful because of developmental coordination disorder; {n} tires "
                 "quickly when writing by hand."],
            ],
        },
    }
    content["C"] = [
        [f"{n} is under the care of {p.paediatrician}, Community Paediatrician, who reviews {n} every 12 months."],
        [f"{n} has disturbed sleep, typically falling asleep after 10.30pm, which affects concentration in the "
         "morning. Melatonin was prescribed in January " + str(y) + "."],
        [f"{n} has a restricted diet (about 15 preferred foods) and is monitored by the school nurse for weight gain."],
    ]
    content["D"] = [
        [f"{n}'s family receive support from the Children with Disabilities Team. {p.social_worker}, Social "
         "Worker, completed a child and family assessment in " + f"May {y}."],
        [f"{n} needs adult supervision at all times in the community because of limited awareness of road safety "
         "and a tendency to run when distressed."],
        ["The family would benefit from short breaks to allow time with the younger sibling."],
    ]
    content["E"] = {
        "Cognition and learning": [
            (f"By July {y + 2}, {n} will read and understand age-appropriate texts independently.",
             f"Read a book at the next reading band with 90% accuracy by July {y + 1}; answer literal and simple "
             "inference questions about a passage.", f"July {y + 2}"),
            (f"By July {y + 1}, {n} will spell 100 common and subject key words correctly in independent writing.",
             "Learn 5 target words a week through precision teaching; use a word bank in written work.", f"July {y + 1}"),
        ],
        "Communication and interaction": [
            (f"By July {y + 2}, {n} will take part in a small-group discussion, taking turns and staying on topic.",
             "Take 3 turns in a structured group game; ask a peer a question about their interests.", f"July {y + 2}"),
        ],
        "Social, emotional and mental health": [
            (f"By July {y + 1}, {n} will use a strategy to manage anxiety and return to learning within 10 minutes.",
             "Name feelings on the 5-point scale with a prompt, then without; choose a calming strategy from a visual menu.",
             f"July {y + 1}"),
        ],
        "Sensory and/or physical": [
            (f"By July {y + 2}, {n} will write a paragraph legibly or type it independently.",
             "Complete the fine-motor programme; touch-type 15 words a minute using a typing programme.", f"July {y + 2}"),
        ],
    }
    content["F"] = {
        "Cognition and learning": [
            ("Small-group precision teaching for reading and spelling",
             "Teaching assistant trained in precision teaching, overseen by the SENCo",
             "Daily, 20 minutes, in a group of no more than 3", "Cognition and learning"),
            ("Specialist teacher assessment and advice to staff",
             "Specialist Teacher, Learning Support Service",
             "1 visit of 90 minutes each term, with a written report", "Cognition and learning"),
        ],
        "Communication and interaction": [
            ("Speech and language therapy", "Speech and Language Therapist",
             "3 sessions of 30 minutes per half term", "Communication"),
            ("Language programme set by the therapist, practising vocabulary and inference",
             "Teaching assistant trained by the Speech and Language Therapist",
             "3 times weekly, 20 minutes each", "Communication and interaction"),
        ],
        "Social, emotional and mental health": [
            ("Emotional literacy support (ELSA) sessions", "Trained emotional literacy support assistant",
             "Weekly, 30 minutes, for 12 weeks each term", "Social, emotional and mental health"),
            ("Key adult check-in at the start and end of the school day", "Named key adult",
             "Twice daily, 10 minutes", "Social, emotional and mental health"),
        ],
        "Sensory and/or physical": [
            ("Fine-motor and sensory regulation programme", "Occupational Therapist sets the programme; teaching assistant delivers it",
             "4 times weekly, 20 minutes; therapist review 1 visit per term", "Sensory and/or physical"),
            ("Adult support across the school day to access learning, unstructured times and transitions",
             "Teaching assistant", "25 hours per week", "All areas of need"),
        ],
    }
    content["G"] = [
        [f"Occupational therapy advice and a review of the sensory programme by {p.occupational_therapist}, "
         "Occupational Therapist, once a term, following the ",
         ("link", link, therapy_service), " for schools."],
        ["Annual review by the Community Paediatrician, including sleep and diet. Contact for health advice in "
         "school is ", ("field", " MERGEFIELD SENCo_Name ", p.senco), ", SENCo."],
        ["School nurse to monitor weight each half term and to train staff in the healthy eating plan."],
    ]
    content["H1"] = [
        ["Short breaks: 6 hours a month of community-based support from a personal assistant funded by the "
         "Children with Disabilities Team, to help " + n + " take part in leisure activities."],
    ]
    content["H2"] = [
        ["Family support worker visits every 4 weeks to support the family with routines and sleep."],
        ["Access to the holiday play scheme for 5 days each summer holiday."],
    ]
    content["I"] = [
        ["School:", ("tab",), p.school, ("br",), "Type:", ("tab",),
         {"primary": "Mainstream community primary school", "secondary": "Mainstream academy (11-16)",
          "college": "General further education college"}[p.phase]],
        [f"{n} will remain at {p.school} until the end of the current key stage. The named setting for "
         f"{p.next_setting} will be confirmed by 15 February {y + 1}."],
    ]
    content["J"] = [
        [f"{n}'s parents have requested a personal budget for the short breaks in Section H1, to be taken as a "
         "direct payment of £96 per month."],
        ["No personal budget has been requested for the special educational provision in Section F."],
    ]
    content["K"] = [
        ("K1", "Parental advice", p.parents.replace(" (mother)", "").replace(" (father)", ""), p.plan_date - timedelta(days=120)),
        ("K2", "Educational Psychology advice", initial_surname(p.psychologist), p.plan_date - timedelta(days=100)),
        ("K3", "Speech and language therapy advice", initial_surname(p.therapist), p.plan_date - timedelta(days=96)),
        ("K4", "Health advice (Community Paediatrician)", initial_surname(p.paediatrician), p.plan_date - timedelta(days=90)),
        ("K5", "Social care advice", initial_surname(p.social_worker), p.plan_date - timedelta(days=88)),
        ("K6", "Education advice from the school", initial_surname(p.senco), p.plan_date - timedelta(days=84)),
    ]
    return content


def filler_paragraphs(p: People, count: int) -> list[list[Any]]:
    """Extra realistic record paragraphs that scale a plan up for benchmarks; none repeats."""
    terms = ("autumn", "spring", "summer")
    notes = (
        "staff kept a daily log of arrival and reported a settled start on most mornings, with two difficult "
        "mornings linked to supply staff",
        "the class teacher adapted the seating plan so that the workstation faces away from the corridor door",
        "a home-school diary was used each day and parents reported that it reduced worry about the next day",
        "the pastoral lead observed play at lunchtime and noted parallel play alongside two peers",
        "attendance was recorded at 94 per cent, with absences for medical appointments",
        "a trial of noise-reducing ear defenders in assemblies was judged successful and has continued",
    )
    paragraphs = []
    for index in range(count):
        term = terms[index % 3]
        year = p.plan_date.year - 2 + index // 3 % 3
        paragraphs.append([
            f"Record {index + 1} ({term} term {year}): {notes[index % len(notes)]}. "
            f"This was discussed with {p.parent_short} at a meeting held in week {index % 12 + 2} of the term, "
            f"and the agreed next steps were shared with all staff working with {p.first}."
        ])
    return paragraphs


def filler_provision(count: int) -> list[tuple[str, str, str, str]]:
    """Extra provision rows (provision, by whom, frequency, need) for scaled-up plans."""
    rows = []
    for index in range(count):
        rows.append((
            f"Additional targeted intervention block {index + 1} reviewed by the SENCo",
            "Intervention teaching assistant",
            f"{2 + index % 3} sessions a week of {20 + 5 * (index % 3)} minutes for 6 weeks",
            AREAS[index % 4],
        ))
    return rows


# ---------------------------------------------------------------------------------------------
# Layouts.

SECTION_WORDING = {
    "A": "Views, interests and aspirations of the child and their parents",
    "B": "Special educational needs",
    "C": "Health needs related to special educational needs",
    "D": "Social care needs related to special educational needs or disability",
    "E": "Outcomes",
    "F": "Special educational provision",
    "G": "Health provision",
    "H1": "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    "H2": "Other social care provision",
    "I": "Placement",
    "J": "Personal budget",
    "K": "Advice and information",
}


def body(section: str, paragraphs: list[list[Any]]) -> list[Para]:
    """Body paragraphs of a section."""
    return [Para(segments, section) for segments in paragraphs]


def cell(text: str | list[Any], *, bold: bool = False, role: str = "body", section: str | None = None,
         shade: str | None = None, span: int = 1) -> Cell:
    """A one-paragraph cell."""
    segments = [text] if isinstance(text, str) else text
    return Cell([Para(segments, section, role, bold=bold)], shade=shade, span=span)


def details_rows(p: People, layout: str, plan_id: str) -> list[tuple[str, str]]:
    """The personal-details table's labels and values."""
    name_label = {"heading-styles": "Child or young person's name", "table-boxes": "Name", "area-of-need": "Name"}[layout]
    ref_label = "EHCP reference" if layout == "table-boxes" else "Plan reference"
    return [
        (name_label, p.child_name),
        ("Preferred name", p.preferred),
        ("Date of birth", DATE_WRITERS[layout](p.born)),
        (ref_label, plan_id),
        ("NHS number", p.nhs_number),
        ("Setting", p.school),
        ("Parents/carers", p.parents),
    ]


def meta_table(rows: list[tuple[str, str]], widths: list[float]) -> Table:
    """A two-column label/value table outside any section."""
    return Table([Row([cell(label, bold=True, role="meta", shade="F2F2F2"), cell(value, role="meta")], None, "meta")
                  for label, value in rows], widths)


def page_x_of_y(prefix: str = "") -> list[Any]:
    """'Page X of Y' with PAGE and NUMPAGES complex fields."""
    return [prefix + "Page ", ("complex_field", " PAGE ", "1"), " of ", ("complex_field", " NUMPAGES ", "4")]


def layout_heading_styles(p: People, c: dict[str, Any], plan_id: str, extra: int) -> PlanDocument:
    """Word heading styles for every section, sub-part headings, E/F/K tables, many text quirks."""
    n = p.first
    blocks: list[Para | Table] = [
        Para(["Education, Health and Care Plan"], role="title", style="Title"),
        Para(["Date of plan: ", long_date(p.plan_date)], role="meta"),
        Para(["Version: Final (issued under section 39 of the Children and Families Act 2014)"], role="meta"),
        Para(["Review date: by ", long_date(p.review_due)], role="meta"),
        meta_table(details_rows(p, "heading-styles", plan_id), [5.5, 11.5]),
        Para([""], role="meta"),
        Para(["Section A: Views, interests and aspirations of ", n, " and family"], "A", "heading", "Heading 1"),
        Para(["A1 About me / history"], "A", "heading", "Heading 2"),
        *body("A", c["A1"]),
        *body("A", filler_paragraphs(p, extra)),
        Para(["A2 My views"], "A", "heading", "Heading 2"),
        *body("A", c["A2"]),
        Para(["Section B \u2013 Special educational needs"], "B", "heading", "Heading 1"),
    ]
    for area in AREAS:
        blocks.append(Para([area], "B", "label", bold=True))
        blocks.extend(body("B", c["B"][area]["needs"]))
    blocks.append(Para(["Strengths: " + " ".join(c["B"][a]["strengths"][0] for a in AREAS)], "B", "label", italic=True))
    blocks += [
        Para(["Section C: Health needs related to ", n, "'s special educational needs"], "C", "heading", "Heading 1"),
        *body("C", c["C"]),
        Para(["Section D \u2013 Social care needs"], "D", "heading", "Heading 1"),
        *body("D", c["D"]),
        Para([("bookmark", "_Toc_SectionE", "Section E: Outcomes")], "E", "heading", "Heading 1"),
        Table([Row([cell(h, bold=True, role="label", section="E", shade="DEEAF6") for h in
                    ("Outcome", "Steps towards the outcome", "Timescale")], "E", "header")]
              + [Row([cell(o, section="E"), cell(s, section="E"), cell(t, section="E")], "E")
                 for area in AREAS for o, s, t in c["E"][area]], [7.0, 7.0, 3.0]),
        Para(["Section F \u2013 Special educational provision"], "F", "heading", "Heading 1"),
        Para(["Provision is reviewed each term by the SENCo with ", n, "'s parents (see page ",
              ("complex_field", " PAGEREF _Toc_SectionE \\h ", "3"), " for the outcomes it supports)."], "F", "label"),
        Table([Row([cell(h, bold=True, role="label", section="F", shade="DEEAF6") for h in
                    ("Provision", "Delivered by", "Frequency", "Need it meets")], "F", "header")]
              + [Row([cell(x, section="F") for x in row], "F")
                 for area in AREAS for row in c["F"][area]]
              + [Row([cell(x, section="F") for x in row], "F") for row in filler_provision(extra // 2)],
              [5.0, 4.5, 4.5, 3.0]),
        Para(["Section G: Health provision"], "G", "heading", "Heading 1"),
        *body("G", c["G"]),
        Para(["Section H: Social care provision"], "H1", "heading", "Heading 1"),
        Para(["H1: Provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"], "H1", "heading", "Heading 2"),
        *body("H1", c["H1"]),
        Para(["H2: Other social care provision"], "H2", "heading", "Heading 2"),
        *body("H2", c["H2"]),
        Para(["Section I \u2013 Placement"], "I", "heading", "Heading 1"),
        *body("I", c["I"]),
        Para(["Section J: Personal budget"], "J", "heading", "Heading 1"),
        *body("J", c["J"]),
        Para(["Section K \u2013 Advice and information gathered during the EHC needs assessment"], "K", "heading", "Heading 1"),
        Table([Row([cell(h, bold=True, role="label", section="K", shade="DEEAF6") for h in ("Ref", "Advice", "Given by", "Date")], "K", "header")]
              + [Row([cell(ref, section="K"), cell(what, section="K"), cell(who, section="K"), cell(long_date(when), section="K")], "K")
                 for ref, what, who, when in c["K"]], [1.5, 6.0, 6.0, 3.5]),
        Para(["Signed on behalf of ", p.council, ": Jasmine Achebe-Ward, SEND Casework Officer, ", long_date(p.plan_date)], role="meta"),
    ]
    # Text-storage quirks that a reader must see through.
    a_history = blocks.index(next(b for b in blocks if isinstance(b, Para) and b.section == "A" and b.role == "body"))
    first = blocks[a_history]
    text = first.segments[0]
    cut = text.index("Teodor")
    first.segments = [text[:cut], ("bookmark", "_SiblingName", "Teodor"), text[cut + len("Teodor"):]]
    surname_para = next(b for b in blocks if isinstance(b, Para) and b.section == "D" and b.role == "body")
    words = surname_para.segments[0]
    surname = p.social_worker.split(" ")[-1]
    cut = words.index(surname)
    surname_para.segments = [words[:cut], ("spell", surname), words[cut + len(surname):]]
    header = [Para([p.council, " \u2013 Education, Health and Care Plan"], role="meta", align="right")]
    footer = [Para(["OFFICIAL \u2013 SENSITIVE", ("tab",), ("tab",), *page_x_of_y()], role="meta")]
    return PlanDocument(blocks, header, footer, f"Education, Health and Care Plan {plan_id}")


def box(section: str, title: str, rows: list[Row], widths: list[float]) -> Table:
    """A section held in a table whose first row is a shaded title cell spanning every column."""
    title_row = Row([cell(title, bold=True, role="heading", section=section, shade="D9E2F3", span=len(widths))], section, "title")
    return Table([title_row, *rows], widths)


def prose_rows(section: str, paragraphs: list[list[Any]]) -> list[Row]:
    """One row per paragraph in a one-column section box."""
    return [Row([Cell([Para(segments, section)])], section) for segments in paragraphs]


def layout_table_boxes(p: People, c: dict[str, Any], plan_id: str, extra: int) -> PlanDocument:
    """Every section in a shaded-title table box, out of order; D is a title box then paragraphs."""
    n = p.first
    b_rows: list[Row] = []
    for area in AREAS:
        b_rows.append(Row([Cell([Para([area], "B", "label", bold=True),
                                 *(Para(s, "B") for s in c["B"][area]["needs"])])], "B"))
    b_rows.append(Row([Cell([Para(["Strengths"], "B", "label", bold=True),
                             *(Para(c["B"][a]["strengths"], "B", "label") for a in AREAS)])], "B", "label"))
    a_rows = [Row([Cell([Para(["A1 About me / history"], "A", "label", bold=True), *body("A", c["A1"]),
                         *body("A", filler_paragraphs(p, extra))])], "A"),
              Row([Cell([Para(["A2 My views"], "A", "label", bold=True), *body("A", c["A2"])])], "A")]
    k_rows = [Row([cell(ref, section="K"), cell(what, section="K"), cell(who, section="K"), cell(numeric_date(when), section="K")], "K")
              for ref, what, who, when in c["K"]]
    blocks: list[Para | Table] = [
        Para([p.council], role="title", style="Title"),
        Para(["Education, Health and Care Plan for ", p.child_name], role="title", bold=True),
        meta_table(details_rows(p, "table-boxes", plan_id), [5.0, 12.0]),
        Para([""], role="meta"),
        box("A", "A - Views, interests and aspirations of " + n + " and family", a_rows, [17.0]),
        Para([""], role="meta"),
        box("B", "Section B \u2013 Special educational needs", b_rows, [17.0]),
        Para([""], role="meta"),
        box("C", "Section C \u2013 Health needs which relate to " + n + "'s SEN", prose_rows("C", c["C"]), [17.0]),
        Para([""], role="meta"),
        Table([Row([cell("Section D \u2013 Social care needs which relate to SEN or disability", bold=True,
                         role="heading", section="D", shade="D9E2F3")], "D", "title")], [17.0]),
        *body("D", c["D"]),
        Para([""], role="meta"),
        box("I", "I - Placement", prose_rows("I", c["I"]), [17.0]),
        Para([""], role="meta"),
        box("J", "Section J \u2013 Personal budget", prose_rows("J", c["J"]), [17.0]),
        Para([""], role="meta"),
        box("E", "Section E \u2013 Outcomes", [Row([cell(h, bold=True, role="label", section="E") for h in
                                                     ("Outcome", "Steps towards the outcome", "Timescale")], "E", "header")]
            + [Row([cell(o, section="E"), cell(s, section="E"), cell(t, section="E")], "E")
               for area in AREAS for o, s, t in c["E"][area]], [7.0, 7.0, 3.0]),
        Para([""], role="meta"),
        box("F", "Section F \u2013 Special educational provision", [Row([cell(h, bold=True, role="label", section="F") for h in
                                                                      ("Provision", "Delivered by", "Frequency", "Need it meets")], "F", "header")]
            + [Row([cell(x, section="F") for x in row], "F") for area in AREAS for row in c["F"][area]]
            + [Row([cell(x, section="F") for x in row], "F") for row in filler_provision(extra // 2)],
            [5.0, 4.5, 4.5, 3.0]),
        Para([""], role="meta"),
        box("G", "G - Health provision", prose_rows("G", c["G"]), [17.0]),
        Para([""], role="meta"),
        box("K", "Section K \u2013 Advice and information", k_rows, [1.5, 6.0, 6.0, 3.5]),
        Para([""], role="meta"),
        box("H1", "Section H1 \u2013 Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
            prose_rows("H1", c["H1"]), [17.0]),
        Para([""], role="meta"),
        box("H2", "Section H2 \u2013 Any other social care provision", prose_rows("H2", c["H2"]), [17.0]),
    ]
    header = [Para([p.council, " \u2013 EHC Plan", ("br",), "Date of plan: ", numeric_date(p.plan_date),
                    " | Version 3 (final) | Review date: ", numeric_date(p.review_due)], role="meta"),
              Para(page_x_of_y(), role="meta", align="right")]
    footer = [Para(["OFFICIAL-SENSITIVE \u2013 ", *page_x_of_y()], role="meta", align="center")]
    return PlanDocument(blocks, header, footer, f"EHC Plan {plan_id}")


def layout_area_of_need(p: People, c: dict[str, Any], plan_id: str, extra: int) -> PlanDocument:
    """Bold-paragraph headings; B, E and F interleaved across four area-of-need tables."""

    def heading(section: str, text: str) -> Para:
        return Para([text], section, "heading", bold=True)

    details = details_rows(p, "area-of-need", plan_id)
    pairs = [details[i:i + 2] for i in range(0, len(details), 2)]
    details_table = Table([Row([x for label, value in pair for x in (cell(label, bold=True, role="meta", shade="FCE4D6"),
                                                                      cell(value, role="meta"))]
                               + ([cell("", role="meta"), cell("", role="meta")] if len(pair) == 1 else []), None, "meta")
                           for pair in pairs], [3.2, 5.3, 3.2, 5.3])
    blocks: list[Para | Table] = [
        Para([p.council.upper()], role="title", bold=True, align="center"),
        Para(["Education, Health and Care Plan"], role="title", bold=True, align="center"),
        details_table,
        Para([""], role="meta"),
        meta_table([("Date of plan", ordinal_date(p.plan_date)), ("Plan version", "2 (amended following annual review)"),
                    ("Next annual review", "by " + ordinal_date(p.review_due))], [5.0, 12.0]),
        Para([""], role="meta"),
        heading("A", "A. Views, interests and aspirations"),
        Para(["About me"], "A", "label", bold=True, italic=True),
        *body("A", c["A1"]),
        *body("A", filler_paragraphs(p, extra)),
        Para(["What I think"], "A", "label", bold=True, italic=True),
        *body("A", c["A2"]),
        Para(["Sections B, E and F: Needs, outcomes and provision by area of need"], None, "heading", bold=True),
    ]
    filler_rows = filler_provision(extra // 2)
    for index, area in enumerate(AREAS):
        rows = [Row([cell(area, bold=True, role="label", shade="FCE4D6", span=2)], None, "title"),
                Row([cell("Strengths", bold=True, role="label"), Cell([Para(s, None, "label") for s in c["B"][area]["strengths"]])], None, "label"),
                Row([cell("Needs (Section B)", bold=True, role="label", section="B"), Cell(body("B", c["B"][area]["needs"]))], "B")]
        rows += [Row([cell("Outcomes (Section E)", bold=True, role="label", section="E"),
                      cell([o, " Steps: ", s, " Timescale: ", t], section="E")], "E") for o, s, t in c["E"][area]]
        provision = c["F"][area] + filler_rows[index::4]
        rows += [Row([cell("Provision (Section F)", bold=True, role="label", section="F"),
                      cell(f"{what} \u2013 {who}; {often[0].lower()}{often[1:]}.", section="F")], "F") for what, who, often, _need in provision]
        blocks.append(Table(rows, [4.0, 13.0]))
        blocks.append(Para([""], role="meta"))
    blocks += [
        heading("C", "C. Health needs"), *body("C", c["C"]),
        heading("D", "D. Social care needs"), *body("D", c["D"]),
        heading("G", "G. Health provision"), *body("G", c["G"]),
        heading("H1", "H1. Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"),
        *body("H1", c["H1"]),
        heading("H2", "H2. Other social care provision"), *body("H2", c["H2"]),
        heading("I", "I. Placement"), *body("I", c["I"]),
        heading("J", "J. Personal budget"), *body("J", c["J"]),
        heading("K", "K. Advice and information"),
        *body("K", [[f"{ref} {what} \u2013 {who} \u2013 {ordinal_date(when)}"] for ref, what, who, when in c["K"]]),
    ]
    footer = [Para([p.council, " \u2013 ", plan_id, ("tab",), ("tab",), *page_x_of_y()], role="meta"),
              Para(["This plan contains personal information. Handle as OFFICIAL-SENSITIVE."], role="meta", italic=True)]
    header = [Para(["EHCP \u2013 ", ordinal_date(p.plan_date), ("br",), *page_x_of_y()], role="meta", align="right")]
    return PlanDocument(blocks, header, footer, f"Education, Health and Care Plan {plan_id}")


LAYOUT_BUILDERS = {
    "heading-styles": layout_heading_styles,
    "table-boxes": layout_table_boxes,
    "area-of-need": layout_area_of_need,
}


def build_document(layout: str, plan_id: str, child: dict[str, Any], seed: int, pages: int | None) -> tuple[PlanDocument, People, dict[str, Any]]:
    """The document model of a plan, scaled to about ``pages`` pages."""
    if layout not in LAYOUT_BUILDERS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", plan_id):
        raise ValueError("plan_id may hold only letters, digits, '-' and '_'")
    people = people_for(layout, plan_id, child, seed)
    content = content_for(people)
    extra = 0 if pages is None else max(0, (pages - 4) * 9)
    document = LAYOUT_BUILDERS[layout](people, content, plan_id, extra)
    return document, people, content


# ---------------------------------------------------------------------------------------------
# Writing Word XML.


def text_run(text: str, *, bold: bool = False, italic: bool = False, rsid: str | None = None) -> Any:
    """A w:r holding text with optional direct bold/italic."""
    run = OxmlElement("w:r")
    if rsid:
        run.set(qn("w:rsidR"), rsid)
    if bold or italic:
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        if italic:
            properties.append(OxmlElement("w:i"))
        run.append(properties)
    element = OxmlElement("w:t")
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    element.text = text
    run.append(element)
    return run


def field_runs(instruction: str, result: str, *, bold: bool = False) -> list[Any]:
    """The runs of a complex field (begin, instruction, separate, result, end)."""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = [
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:t>{result}</w:t></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
    ]
    return [parse_xml(part) for part in parts]


class Writer:
    """Writes a ``PlanDocument`` into a python-docx ``Document``."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.next_id = 1

    def fresh_id(self) -> int:
        """A new id for a bookmark or content control."""
        self.next_id += 1
        return self.next_id

    def fill_paragraph(self, paragraph: Any, para: Para, part: Any) -> None:
        """Append the runs (and quirk elements) for a paragraph's segments."""
        p = paragraph._p
        if para.style:
            paragraph.style = self.document.styles[para.style]
        if para.align:
            paragraph.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}[para.align]
        bold, italic = para.bold, para.italic
        for segment in para.segments:
            if isinstance(segment, str):
                if segment:
                    p.append(text_run(segment, bold=bold, italic=italic))
                continue
            kind = segment[0]
            if kind == "tab" or kind == "br":
                run = OxmlElement("w:r")
                run.append(OxmlElement(f"w:{kind}"))
                p.append(run)
            elif kind == "bold":
                p.append(text_run(segment[1], bold=True, italic=italic))
            elif kind == "italic":
                p.append(text_run(segment[1], bold=bold, italic=True))
            elif kind == "split":
                p.append(text_run(segment[1], bold=bold, italic=italic, rsid="00B41C7A"))
                p.append(text_run(segment[2], bold=bold, italic=True, rsid="00E93D25"))
            elif kind == "spell":
                p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
                p.append(text_run(segment[1], bold=bold, italic=italic))
                p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellEnd"/>'))
            elif kind == "bookmark":
                ident = self.fresh_id()
                p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{ident}" w:name="{segment[1]}"/>'))
                p.append(text_run(segment[2], bold=bold, italic=italic))
                p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{ident}"/>'))
            elif kind == "sdt":
                ident = self.fresh_id()
                sdt = parse_xml(
                    f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Favourite things"/><w:tag w:val="{segment[2]}"/>'
                    f'<w:id w:val="{4000 + ident}"/><w:text/></w:sdtPr><w:sdtContent/></w:sdt>')
                sdt.find(qn("w:sdtContent")).append(text_run(segment[1], bold=bold, italic=italic))
                p.append(sdt)
            elif kind == "link":
                rid = part.relate_to(segment[1], RT.HYPERLINK, is_external=True)
                link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}" w:history="1"/>')
                run = text_run(segment[2], bold=bold, italic=italic)
                properties = run.find(qn("w:rPr"))
                if properties is None:
                    properties = OxmlElement("w:rPr")
                    run.insert(0, properties)
                properties.append(parse_xml(f'<w:color {nsdecls("w")} w:val="0563C1"/>'))
                properties.append(parse_xml(f'<w:u {nsdecls("w")} w:val="single"/>'))
                link.append(run)
                p.append(link)
            elif kind == "field":
                simple = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{segment[1]}"/>')
                simple.append(text_run(segment[2], bold=bold, italic=italic))
                p.append(simple)
            elif kind == "complex_field":
                for run in field_runs(segment[1], segment[2], bold=bold):
                    p.append(run)
            else:
                raise ValueError(f"unknown segment kind {kind!r}")

    def write_table(self, table: Table) -> None:
        """Append a table with shading, spans and widths."""
        columns = len(table.widths)
        word_table = self.document.add_table(rows=len(table.rows), cols=columns)
        word_table.style = self.document.styles[table.style]
        for word_row, row in zip(word_table.rows, table.rows):
            position = 0
            for spec in row.cells:
                word_cell = word_row.cells[position]
                if spec.span > 1:
                    word_cell = word_cell.merge(word_row.cells[position + spec.span - 1])
                word_cell.width = Cm(sum(table.widths[position:position + spec.span]))
                if spec.shade:
                    word_cell._tc.get_or_add_tcPr().append(
                        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{spec.shade}"/>'))
                for index, para in enumerate(spec.paragraphs):
                    paragraph = word_cell.paragraphs[0] if index == 0 else word_cell.add_paragraph()
                    self.fill_paragraph(paragraph, para, self.document.part)
                position += spec.span
        for column, width in zip(word_table.columns, table.widths):
            column.width = Cm(width)

    def write(self, plan: PlanDocument) -> None:
        """Write the body, header and footer."""
        for block in plan.blocks:
            if isinstance(block, Table):
                self.write_table(block)
            else:
                self.fill_paragraph(self.document.add_paragraph(), block, self.document.part)
        section = self.document.sections[0]
        for area, paragraphs in ((section.header, plan.header), (section.footer, plan.footer)):
            for index, para in enumerate(paragraphs):
                paragraph = area.paragraphs[0] if index == 0 else area.add_paragraph()
                self.fill_paragraph(paragraph, para, area.part)


def new_document(title: str) -> Any:
    """An empty A4 document with fixed core properties and a plain house style."""
    document = docx.Document()
    set_language(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    properties = document.core_properties
    properties.title = title
    properties.author = "ehcpdocs fictional sample generator"
    properties.last_modified_by = "ehcpdocs fictional sample generator"
    properties.comments = "Fictional data: no real child or person is described."
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = FIXED_TIMESTAMP
    return document


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps and attributes, so output bytes are reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    original = source.namelist()
    names = sorted(original, key=lambda name: (name != "[Content_Types].xml", original.index(name)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return output.getvalue()


def render(plan: PlanDocument) -> bytes:
    """A plan model as .docx bytes."""
    document = new_document(plan.title)
    Writer(document).write(plan)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


# ---------------------------------------------------------------------------------------------
# Self-check: the saved XML shows the model's text; the review's anchors are unique.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def xml_paragraph_texts(data: bytes) -> list[str]:
    """Visible text of every paragraph in the document body (tables included), read from XML."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    texts = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.getparent().tag == f"{W}r":
                parts.append("\t" if node.tag == f"{W}tab" else "\n")
        texts.append("".join(parts))
    return texts


def model_paragraphs(plan: PlanDocument) -> list[str]:
    """Visible text of every body paragraph in the model, in document order."""
    texts = []
    for block in plan.blocks:
        if isinstance(block, Para):
            texts.append(visible_text(block.segments))
        else:
            for row in block.rows:
                for spec in row.cells:
                    texts.extend(visible_text(para.segments) for para in spec.paragraphs)
    return texts


@dataclass(eq=False)
class Entry:
    """A paragraph in the simulated plan: its text, owner and whether it may be amended."""

    text: str
    section: str | None
    amendable: bool
    row: "RowEntry | None" = None
    deleted: bool = False


@dataclass(eq=False)
class RowEntry:
    """A table row in the simulated plan."""

    cells: list[list[Entry]]
    section: str | None
    amendable: bool
    deleted: bool = False

    @property
    def text(self) -> str:
        """Its cells' texts joined with a space."""
        return " ".join(" ".join(e.text for e in cell if not e.deleted) for cell in self.cells)


class Simulation:
    """Applies a review's amendments to a plan model, insisting every anchor is unambiguous."""

    def __init__(self, plan: PlanDocument) -> None:
        self.entries: list[Entry] = []
        self.rows: list[RowEntry] = []
        self.section_has_rows: set[str] = set()
        self.removed: list[str] = []
        for block in plan.blocks:
            if isinstance(block, Para):
                self.entries.append(Entry(visible_text(block.segments), block.section, block.role == "body"))
                continue
            for row in block.rows:
                row_entry = RowEntry([], row.section, row.role == "body")
                if row.section and row.role in ("body", "header", "label"):
                    self.section_has_rows.add(row.section)
                for spec in row.cells:
                    cell_entries = [Entry(visible_text(p.segments), row.section if p.role == "body" else p.section,
                                          p.role == "body" and row.role in ("body", "label"), row_entry)
                                    for p in spec.paragraphs]
                    row_entry.cells.append(cell_entries)
                    self.entries.extend(cell_entries)
                self.rows.append(row_entry)

    def fail(self, op: dict[str, Any], message: str) -> None:
        raise AssertionError(f"review anchor problem in {op}: {message}")

    def in_section(self, section: str, entry_section: str | None) -> bool:
        return entry_section == section or (section == "H" and entry_section in ("H1", "H2"))

    def unique_paragraph(self, op: dict[str, Any], anchor: str) -> Entry:
        needle = collapse(anchor)
        if any(needle in collapse(gone) for gone in self.removed):
            self.fail(op, "also matches removed text")
        hits = [e for e in self.entries if not e.deleted and needle in collapse(e.text)]
        if len(hits) != 1:
            self.fail(op, f"matches {len(hits)} paragraphs in the document")
        if not (hits[0].amendable and self.in_section(op["section"], hits[0].section)):
            self.fail(op, "matches a paragraph outside the section's amendable text")
        return hits[0]

    def unique_row(self, op: dict[str, Any], anchor: str) -> RowEntry:
        needle = collapse(anchor)
        hits = [r for r in self.rows if not r.deleted and needle in collapse(r.text)]
        if len(hits) != 1:
            self.fail(op, f"matches {len(hits)} rows")
        if not (hits[0].amendable and self.in_section(op["section"], hits[0].section)):
            self.fail(op, "matches a row outside the section")
        return hits[0]

    def new_entry_after(self, anchor: Entry, text: str) -> Entry:
        entry = Entry(text, anchor.section, True, anchor.row)
        self.entries.insert(self.entries.index(anchor) + 1, entry)
        if anchor.row is not None:
            for cell_entries in anchor.row.cells:
                if anchor in cell_entries:
                    cell_entries.insert(cell_entries.index(anchor) + 1, entry)
        return entry

    def apply(self, op: dict[str, Any]) -> None:
        kind = op["op"]
        if kind == "replace":
            needle = collapse(op["old"])
            count = sum(collapse(e.text).count(needle) for e in self.entries if not e.deleted)
            hits = [e for e in self.entries if not e.deleted and needle in collapse(e.text)]
            if count != 1:
                self.fail(op, f"'old' occurs {count} times in the document")
            entry = hits[0]
            if not (entry.amendable and self.in_section(op["section"], entry.section)):
                self.fail(op, "'old' is outside the section's amendable text")
            self.removed.append(op["old"])
            entry.text = collapse(entry.text).replace(needle, op["new"])
        elif kind == "revise":
            entry = self.unique_paragraph(op, op["paragraph"])
            self.removed.append(entry.text)
            entry.text = op["new"]
        elif kind == "insert":
            self.new_entry_after(self.unique_paragraph(op, op["after"]), op["new"])
        elif kind == "delete":
            entry = self.unique_paragraph(op, op["paragraph"])
            entry.deleted = True
            self.removed.append(entry.text)
        elif kind == "delete_row":
            row = self.unique_row(op, op["row"])
            self.removed.append(row.text)
            row.deleted = True
            for cell_entries in row.cells:
                for entry in cell_entries:
                    entry.deleted = True
        elif kind in ("add_row", "revise_row"):
            row = self.unique_row(op, op["after"] if kind == "add_row" else op["row"])
            if len(op["cells"]) != len(row.cells):
                self.fail(op, f"gives {len(op['cells'])} cells for a row of {len(row.cells)}")
            if kind == "revise_row":
                if any(len(cell_entries) != 1 for cell_entries in row.cells):
                    self.fail(op, "revises a row whose cells hold more than one paragraph")
                self.removed.append(row.text)
                for cell_entries, text in zip(row.cells, op["cells"]):
                    cell_entries[0].text = text
            else:
                new_row = RowEntry([], row.section, True)
                new_row.cells = [[Entry(text, row.section, True, new_row)] for text in op["cells"]]
                self.rows.insert(self.rows.index(row) + 1, new_row)
                last = row.cells[-1][-1]
                position = self.entries.index(last) + 1
                self.entries[position:position] = [c[0] for c in new_row.cells]
        elif kind == "rewrite":
            if op["section"] in self.section_has_rows:
                self.fail(op, "rewrites a section that holds tables")
            owned = [e for e in self.entries if not e.deleted and e.amendable and self.in_section(op["section"], e.section)]
            for entry in owned:
                entry.deleted = True
                self.removed.append(entry.text)
            for paragraph in reversed(op["new"].split("\n\n")):
                self.new_entry_after(owned[-1], paragraph)
        else:
            self.fail(op, "unknown op")


def check_plan_and_review(layout: str, plan: PlanDocument, data: bytes, review: dict[str, Any]) -> None:
    """Assert the Word text matches the model and the review applies unambiguously."""
    from_xml = xml_paragraph_texts(data)
    for expected in model_paragraphs(plan):
        if expected not in from_xml:
            raise AssertionError(f"{layout}: paragraph missing from the Word XML: {expected[:80]!r}")
    load_review(review)
    simulation = Simulation(plan)
    for op in review["amendments"]:
        simulation.apply(op)
    ops = {op["op"] for op in review["amendments"]}
    missing = {"replace", "revise", "insert", "delete", "delete_row", "add_row", "revise_row", "rewrite"} - ops
    if review["amendments"] and missing:
        raise AssertionError(f"{layout}: review does not exercise {sorted(missing)}")


# ---------------------------------------------------------------------------------------------
# Reviews.


def grounds(child: dict[str, Any], meeting: date, amends_outcomes: bool) -> tuple[list[str], int]:
    """The review grounds that hold for this child at this meeting, and the year group."""
    year = national_curriculum_year(as_date(child["date_of_birth"]), meeting)
    reasons = ["key_stage_transfer"] if year in TRANSFER_YEARS else []
    reasons.append("significant_change")
    if amends_outcomes:
        reasons.append("outcomes_achieved")
    return reasons, year


def common_amendments(p: People, c: dict[str, Any]) -> list[dict[str, Any]]:
    """Amendments to prose sections that read the same in every layout (A, C, D, G, H, I)."""
    n = p.first
    service = f"{p.council.split()[0]} Children's Therapy Service"
    return [
        {"op": "replace", "section": "B", "old": "communication needs are linked to autism",
         "new": "communication and interaction needs are linked to autism"},
        {"op": "replace", "section": "B", "old": "15 minutes", "new": "20 minutes"},
        {"op": "revise", "section": "A",
         "paragraph": "I like it when my teacher shows me the plan for the day",
         "new": "School is hard when it is noisy in the hall and when I do not know what is happening next. "
                "I like it when my teachers show me the plan for the day on my timetable card, and I like "
                "having a quiet place to go at lunchtime."},
        {"op": "insert", "section": "C", "after": "Melatonin was prescribed",
         "new": f"Since the last review {n}'s sleep has improved: {n} now usually falls asleep by 9.30pm, and the "
                "paediatrician has reduced the melatonin dose."},
        {"op": "replace", "section": "G", "old": f"following the {service} sensory guidance",
         "new": f"following the updated {service} sensory guidance ({p.review_due.year})"},
        {"op": "delete", "section": "H2", "paragraph": "Access to the holiday play scheme for 5 days"},
        {"op": "rewrite", "section": "D",
         "new": f"{n}'s family continue to receive support from the Children with Disabilities Team. A review of the "
                f"child and family assessment was completed by {p.social_worker}, Social Worker, in "
                f"{p.review_due:%B %Y}.\n\n"
                f"{n} still needs adult supervision in the community but is learning to cross quiet roads with "
                "prompts from a trusted adult.\n\n"
                "The family would benefit from short breaks, including overnight breaks, to allow time with the "
                "younger sibling."},
    ]


def outcome_text(c: dict[str, Any], area: str, index: int = 0) -> str:
    """The outcome wording of one outcome."""
    return c["E"][area][index][0]


def layout_amendments(layout: str, p: People, c: dict[str, Any]) -> list[dict[str, Any]]:
    """Row and table amendments (E, F, K) for a layout, and its one cut to provision."""
    n = p.first
    y = p.plan_date.year
    achieved = outcome_text(c, "Cognition and learning", 1)
    new_outcome = (f"By July {y + 2}, {n} will use a spell-checker and word bank to check independent writing.",
                   "Use the word bank in every written task; check 5 words a lesson with the spell-checker.",
                   f"July {y + 2}")
    if layout == "area-of-need":
        return [
            {"op": "delete_row", "section": "E", "row": achieved},
            {"op": "add_row", "section": "E", "after": outcome_text(c, "Cognition and learning", 0),
             "cells": ["Outcomes (Section E)", f"{new_outcome[0]} Steps: {new_outcome[1]} Timescale: {new_outcome[2]}"]},
            {"op": "revise_row", "section": "F", "row": "Trained emotional literacy support assistant",
             "cells": ["Provision (Section F)",
                       "Emotional literacy support (ELSA) sessions \u2013 Trained emotional literacy support assistant; "
                       "termly, 30 minutes, as appropriate."]},
            {"op": "add_row", "section": "F", "after": "Speech and Language Therapist; 3 sessions",
             "cells": ["Provision (Section F)",
                       "Social communication group (Lego-based therapy) \u2013 Teaching assistant trained by the Speech "
                       "and Language Therapist; weekly, 45 minutes, for the whole school year."]},
            {"op": "replace", "section": "F", "old": "25 hours per week", "new": "20 hours per week"},
            {"op": "delete", "section": "K", "paragraph": "K5 Social care advice"},
            {"op": "insert", "section": "K", "after": "K6 Education advice",
             "new": f"K7 Educational Psychology report \u2013 {initial_surname(p.psychologist)} \u2013 "
                    f"{ordinal_date(p.psychology_report)}"},
        ]
    k_date = long_date if layout == "heading-styles" else numeric_date
    return [
        {"op": "delete_row", "section": "E", "row": achieved},
        {"op": "add_row", "section": "E", "after": outcome_text(c, "Cognition and learning", 0), "cells": list(new_outcome)},
        {"op": "revise_row", "section": "F", "row": "Emotional literacy support (ELSA) sessions",
         "cells": ["Emotional literacy support (ELSA) sessions", "Trained emotional literacy support assistant",
                   "Termly, 30 minutes, as appropriate", "Social, emotional and mental health"]},
        {"op": "add_row", "section": "F", "after": "3 sessions of 30 minutes per half term",
         "cells": ["Social communication group (Lego-based therapy)",
                   "Teaching assistant trained by the Speech and Language Therapist",
                   "Weekly, 45 minutes, for the whole school year", "Communication and interaction"]},
        {"op": "replace", "section": "F", "old": "25 hours per week", "new": "20 hours per week"},
        {"op": "add_row", "section": "K", "after": "Education advice from the school",
         "cells": ["K7", "Educational Psychology report (annual review)", initial_surname(p.psychologist),
                   k_date(p.psychology_report)]},
        {"op": "delete", "section": "J", "paragraph": "No personal budget has been requested"},
    ]


def review_for(layout: str, plan_id: str, child: dict[str, Any], seed: int, p: People, c: dict[str, Any]) -> dict[str, Any]:
    """The review dict for a plan model."""
    meeting = meeting_date_of(plan_id, seed)
    reasons, year = grounds(child, meeting, amends_outcomes=True)
    evidence = [f"Educational Psychology report by {initial_surname(p.psychologist)}, "
                f"{long_date(p.psychology_report)}",
                f"Speech and language therapy review, {long_date(meeting - timedelta(days=25))}"]
    meeting_block: dict[str, Any] = {"meeting_date": meeting.isoformat(), "reasons": reasons, "evidence": evidence}
    if plan_id == "LCC-EHCP-1001":
        meeting_block["year_group"] = year
    return {
        "plan_id": plan_id,
        "child": {"first_name": child["first_name"], "last_name": child["last_name"],
                  "date_of_birth": as_date(child["date_of_birth"]).isoformat()},
        "review": meeting_block,
        "amendments": common_amendments(p, c) + layout_amendments(layout, p, c),
    }


# ---------------------------------------------------------------------------------------------
# Public API.


def make_plan(layout: str, plan_id: str, child: dict[str, Any], *, seed: int = 0, pages: int | None = None) -> bytes:
    """A deterministic fictional EHCP as .docx bytes in one of ``LAYOUTS``.

    ``child`` holds first_name, last_name and date_of_birth (ISO string or date). ``pages``
    scales the body with extra records and provision rows to roughly that many pages.
    """
    plan, _people, _content = build_document(layout, plan_id, child, seed, pages)
    return render(plan)


def make_review(layout: str, plan_id: str, child: dict[str, Any], *, seed: int = 0, pages: int | None = None,
                check: bool = True) -> dict[str, Any]:
    """The annual review (as JSON-ready data) that amends ``make_plan`` output with the same arguments.

    It uses every amendment op, cuts Section F provision and gives only grounds that hold. With
    ``check`` the plan is built and every anchor verified to be unambiguous.
    """
    plan, people, content = build_document(layout, plan_id, child, seed, pages)
    review = review_for(layout, plan_id, child, seed, people, content)
    if check:
        check_plan_and_review(layout, plan, render(plan), review)
    return review


def unchanged_review(plan_id: str, child: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """A review that finds no amendment is required."""
    return {
        "plan_id": plan_id,
        "child": {"first_name": child["first_name"], "last_name": child["last_name"],
                  "date_of_birth": as_date(child["date_of_birth"]).isoformat()},
        "review": {"meeting_date": meeting_date_of(plan_id, seed).isoformat(), "reasons": [], "evidence": []},
        "amendments": [],
    }


def review_json(review: dict[str, Any]) -> bytes:
    """A review as stable, readable UTF-8 JSON."""
    return (json.dumps(review, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sample_files() -> dict[str, bytes]:
    """Every committed sample file, by its path relative to ``samples/``."""
    files: dict[str, bytes] = {}
    for layout, plan_id, child in SAMPLE_PLANS:
        plan, people, content = build_document(layout, plan_id, child, 0, None)
        data = render(plan)
        review = review_for(layout, plan_id, child, 0, people, content)
        check_plan_and_review(layout, plan, data, review)
        files[f"plans/{plan_id}.docx"] = data
        files[f"reviews/{plan_id}.json"] = review_json(review)
        if plan_id == UNCHANGED_PLAN_ID:
            unchanged = unchanged_review(plan_id, child)
            load_review(unchanged)
            files[f"reviews/unchanged/{plan_id}.json"] = review_json(unchanged)
    return files


def write_samples(directory: Path) -> list[Path]:
    """Write the sample plans and reviews under ``directory``; returns the paths written."""
    written = []
    for relative, data in sample_files().items():
        path = Path(directory) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    """Regenerate samples/plans and samples/reviews."""
    for path in write_samples(SAMPLES_DIR):
        print(path.relative_to(SAMPLES_DIR.parent))


if __name__ == "__main__":
    main()
