"""ehcpdocs: read, amend and render Education, Health and Care Plans (EHCPs).

The public API::

    import ehcpdocs
    plan = ehcpdocs.read_plan("plan.docx")            # sections A..K and the plan's details
    result = ehcpdocs.amend("plan.docx", "review.json")
    result.amended_docx, result.final_docx, result.summary

Every error is an ``ehcpdocs.EhcpDocsError`` (see ``ehcpdocs.errors`` for the tree).
"""

from .api import AmendResult, amend, open_plan, read_plan, to_pdf, write_outputs
from .compare import CheckResult, CompareResult, FinaliseResult, check, compare, compare_documents, finalise
from .errors import EhcpDocsError
from .model.plan import Place, Plan, PlanDetails, Row, Section
from .model.review import Review, load_review

__version__ = "0.1.0"

__all__ = [
    "AmendResult",
    "CheckResult",
    "CompareResult",
    "EhcpDocsError",
    "FinaliseResult",
    "Place",
    "Plan",
    "PlanDetails",
    "Review",
    "Row",
    "Section",
    "amend",
    "check",
    "compare",
    "compare_documents",
    "finalise",
    "load_review",
    "open_plan",
    "read_plan",
    "to_pdf",
    "write_outputs",
]
