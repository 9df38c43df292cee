"""National Curriculum year groups in England.

The school year starts on 1 September. A child is in Reception (year 0) in the school year that
starts after their fourth birthday: year group = age on the 31 August before the school year
starts, minus 4. Nursery is -1, and so on down.
"""

from __future__ import annotations

from datetime import date


def school_year_start_year(on: date) -> int:
    """The calendar year whose 1 September starts the school year holding ``on`` (0 for a date
    before 1 September of year 1, which Python's dates cannot hold)."""
    return on.year if on.month >= 9 else on.year - 1


def school_year_start(on: date) -> date:
    """The 1 September that starts the school year holding ``on``.

    Raises ``ValueError`` for a date before 1 September of year 1 (validated review data never
    holds one: its dates are from 1900 to 2199).
    """
    year = school_year_start_year(on)
    if year < 1:
        raise ValueError(f"the school year of {on.isoformat()} starts before year 1")
    return date(year, 9, 1)


def age_on(born: date, on: date) -> int:
    """Whole years of age on a date (a 29 February birthday counts on 1 March in other years)."""
    return age_in(born, on.year, on.month, on.day)


def age_in(born: date, year: int, month: int, day: int) -> int:
    """Whole years of age on a day given by its parts (which need not be a valid ``date``)."""
    years = year - born.year
    if (month, day) < (born.month, born.day):
        years -= 1
    return years


def national_curriculum_year(date_of_birth: date, on: date) -> int:
    """The National Curriculum year group on a date: Reception is 0, Year 6 is 6, nursery -1.

    Worked out on the dates' parts, so any two dates give a number (negative for a child born
    after ``on``: 'Early years').
    """
    return age_in(date_of_birth, school_year_start_year(on), 8, 31) - 4


def year_group_name(year: int) -> str:
    """'Reception', 'Year 6', 'Nursery' or 'Early years' for a year group number."""
    if year == 0:
        return "Reception"
    if year == -1:
        return "Nursery"
    if year < -1:
        return "Early years"
    if year >= 14:
        return "Post-19"
    return f"Year {year}"
