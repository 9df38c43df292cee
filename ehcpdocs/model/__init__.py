"""Plain data the rest of ehcpdocs works on: plans, places, reviews. Imports nothing of ours."""

from .plan import Place, Plan, PlanDetails, Row, Section, SECTION_LETTERS, SECTION_TITLES
from .schoolyear import national_curriculum_year, year_group_name

__all__ = [
    "Place",
    "Plan",
    "PlanDetails",
    "Row",
    "Section",
    "SECTION_LETTERS",
    "SECTION_TITLES",
    "national_curriculum_year",
    "year_group_name",
]
