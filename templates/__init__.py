"""Word templates with Jinja2 tags, shipped in the wheel as ``ehcpdocs.templates``."""
