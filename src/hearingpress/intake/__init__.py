"""Import: turn what witnesses send (Word, PDF, PDF-to-text) into a draft canonical statement.

read (one reader per input kind: `docx`, `pdf`, `txt`) -> `Intake` (model) -> `normalise`
(page splits, furniture, headings, lists, notes) -> `cover` (the cover into the metadata
contract) -> `draft` (YAML + Markdown, and the report of every guess and gap).
"""
