"""Plain data the rest of ehcpdocs works on: plans, places, reviews. Imports nothing of ours."""

from .plan import HeadingFound, Place, Plan, PlanDetails, Row, Section, SetAside, SECTION_LETTERS, SECTION_TITLES
from .schoolyear import national_curriculum_year, year_group_name

__all__ = [
    "HeadingFound",
    "Place",
    "Plan",
    "PlanDetails",
    "Row",
    "Section",
    "SetAside",
    "SECTION_LETTERS",
    "SECTION_TITLES",
    "national_curriculum_year",
    "year_group_name",
]
