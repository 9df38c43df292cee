"""Dates as people write them in plans: '2 May 2016', '02/05/2016', '2nd May 2016', '2016-05-02'.

Numeric dates are read day first, as in the UK.
"""

from __future__ import annotations

import re
from datetime import date, datetime

FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d-%m-%Y",
    "%d-%m-%y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B, %Y",
    "%d %b, %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)
WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", re.IGNORECASE)
ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """The date a plan's text gives, in any common UK format, or None when it is not a date."""
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip(" .")
    cleaned = WEEKDAY.sub("", cleaned)
    cleaned = ORDINAL.sub(r"\1", cleaned)
    cleaned = re.sub(r"\bsept\b", "Sep", cleaned, flags=re.IGNORECASE)
    cleaned = cleaned.replace(",", ", ").replace(" ,", ",")
    cleaned = " ".join(cleaned.split())
    for fmt in FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None
