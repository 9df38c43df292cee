"""Forms rendered from Word templates: the annual review report (Annex 2), the notice of
proposed amendments, the consultation pack and the SEND support services referral summary.

Each function returns the DOCX at once and the PDF when first asked for; none writes files.
"""

from .annex2 import render_annex2
from .notice import render_notice
from .output import RenderedForm
from .pack import ConsultationPack, consultation_pack
from .referral import render_referral
from .schemas import referral_schema, review_schema

__all__ = [
    "ConsultationPack",
    "RenderedForm",
    "consultation_pack",
    "referral_schema",
    "render_annex2",
    "render_notice",
    "render_referral",
    "review_schema",
]
