"""Hearing Press: publish hearing testimony from one Markdown source in four formats."""

__version__ = "0.1.0"
