"""The amendment engine: operations on a plan's text, word-level diffs, grounds and summaries.

Works on ``ehcpdocs.model`` only; the Word writers in ``ehcpdocs.docx`` turn its edit
scripts into documents.
"""
