"""Views of a cleaned Document: Markdown text and JSON records."""
