"""Notes: each a <footnote> right where it is called, with its call, numbered as met."""

from __future__ import annotations

import panflute as pf
from lxml import etree

from hearingpress.writers.uslm.blocks import NOTE
from hearingpress.writers.uslm.xmltree import add_text, sub


class Notes:
    """Footnotes."""

    def note(self, parent: etree._Element, note: pf.Note) -> None:
        """The call and the note text together, where the note is called."""
        self.notes += 1
        number = str(self.notes)
        note_id = f"fn-{number}"
        sub(sub(parent, "ref", class_="footnoteRef", idref=note_id), "sup", number)
        footnote = sub(parent, "footnote", id=note_id)
        sub(sub(footnote, "num", value=number), "sup", number)
        blocks = list(note.content)
        if len(blocks) == 1 and isinstance(blocks[0], pf.Para | pf.Plain):
            add_text(footnote, " ")
            self.inlines(footnote, blocks[0].content)
        else:
            self.blocks(footnote, blocks, NOTE)
