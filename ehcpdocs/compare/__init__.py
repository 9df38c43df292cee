"""Compare two versions of a Word document, finalise a returned plan, and check its markup."""

from .api import CompareResult, compare, compare_documents

__all__ = ["CompareResult", "compare", "compare_documents"]
