"""The only code that touches lxml and Word's XML: open, read text, find sections, write."""
