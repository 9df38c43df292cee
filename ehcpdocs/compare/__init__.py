"""Compare two versions of a Word document, finalise a returned plan, and check its markup."""

from .api import CompareResult, compare, compare_documents
from .check import CheckResult, check
from .finalise import FinaliseResult, finalise

__all__ = ["CheckResult", "CompareResult", "FinaliseResult", "check", "compare", "compare_documents", "finalise"]
