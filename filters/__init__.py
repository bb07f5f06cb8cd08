"""Filters: each module does one job on the Pandoc AST; each also runs as `pandoc --filter`."""
