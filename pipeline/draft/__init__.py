"""Drafting annotations: from an article's text to a curated file for the curator to confirm."""
