"""Forms rendered from Word templates: the annual review report (Annex 2), the notice of
proposed amendments, the consultation pack and the SEND support services referral summary.

Each function returns the DOCX at once and the PDF when first asked for; none writes files.
"""

from .annex2 import render_annex2
from .output import RenderedForm
from .schemas import referral_schema, review_schema

__all__ = [
    "RenderedForm",
    "referral_schema",
    "render_annex2",
    "review_schema",
]
