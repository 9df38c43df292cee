"""ehcpdocs: read, amend and render Education, Health and Care Plans (EHCPs).

The public API::

    import ehcpdocs
    plan = ehcpdocs.read_plan("plan.docx")            # sections A..K and the plan's details
    plan = ehcpdocs.read_plan("plan.docx", layout="profile.yaml")   # a template's layout profile
    result = ehcpdocs.amend("plan.docx", "review.json")
    result.amended_docx, result.final_docx, result.summary
    ehcpdocs.to_pdf("plan.docx")                       # PDF bytes, no office suite needed
    ehcpdocs.batch.run(ehcpdocs.batch.pair_folders("plans/", "reviews/"), "out/")
    ehcpdocs.compare("old.docx", "new.docx")           # the redline of two versions
    ehcpdocs.render_annex2("review.json")              # forms from Word templates

Every error is an ``ehcpdocs.EhcpDocsError`` (see ``ehcpdocs.errors`` for the tree).
"""

from .api import AmendResult, amend, open_plan, read_plan, suggest_layout, to_pdf, write_outputs
from .compare import CheckResult, CompareResult, FinaliseResult, check, compare, compare_documents, finalise
from .errors import EhcpDocsError
from .forms import (
    ConsultationPack,
    RenderedForm,
    consultation_pack,
    referral_schema,
    render_annex2,
    render_notice,
    render_referral,
    review_schema,
)
from .model.plan import HeadingFound, Place, Plan, PlanDetails, Row, Section, SetAside
from .model.review import Review, load_review
from .reader.profiles import LayoutProfile, load_profile, shipped_layouts

from . import batch  # noqa: E402  - ehcpdocs.batch.run(...) after a plain `import ehcpdocs`

__version__ = "0.1.0"

__all__ = [
    "AmendResult",
    "CheckResult",
    "CompareResult",
    "ConsultationPack",
    "EhcpDocsError",
    "FinaliseResult",
    "HeadingFound",
    "LayoutProfile",
    "Place",
    "Plan",
    "PlanDetails",
    "RenderedForm",
    "Review",
    "Row",
    "Section",
    "SetAside",
    "amend",
    "batch",
    "check",
    "compare",
    "compare_documents",
    "consultation_pack",
    "finalise",
    "load_profile",
    "load_review",
    "open_plan",
    "read_plan",
    "referral_schema",
    "render_annex2",
    "render_notice",
    "render_referral",
    "review_schema",
    "shipped_layouts",
    "suggest_layout",
    "to_pdf",
    "write_outputs",
]
