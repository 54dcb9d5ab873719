"""Splitting a source into front matter and body, and loading front matter safely."""
