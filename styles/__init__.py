"""CSS and templates for each output format (package data; no code)."""
