"""The text a reader sees in the HTML page and the EPUB, gathered in one place from the
publication: one character set, so one font subset per face serves both (fonts.subsets)."""

from __future__ import annotations

import panflute as pf

from hearingpress.publication import Publication
from hearingpress.writers import notes, shortnotes


def text(publication: Publication, doc: pf.Doc) -> str:
    """All the text either format shows (fonts.character_set keeps each character once): the
    filtered AST, read from `doc`, the writer's own copy (htmlpage.html_doc) before it changes
    it, so no second copy is loaded (title block, statement, notes); the citation ("Cite this
    statement"); the short forms the EPUB's popups give "Ibid."; and the back-link arrow of
    the HTML's notes. The words the writers add themselves ("Contents", "Notes", "Statement
    of") are ASCII, which every subset holds (fonts.ALWAYS)."""
    texts = [
        pf.stringify(doc),
        publication.citation.text,
        shortnotes.every_short_form(publication.statement.bibliography_data),
        notes.BACK_ARROW,
    ]
    return "".join(texts)
