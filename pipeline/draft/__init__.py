"""Drafting: rule-based first drafts of an article's statements and attributions, for a curator to correct."""
