"""HTML pieces of the record shared by the PDF and the HTML index: the cover, the contents
list, and each statement as an <article> whose ids carry its prefix."""

from __future__ import annotations

from html import escape

import lxml.html
import panflute as pf

from hearingpress.publication import Publication
from hearingpress.record.assemble import Record, cover, prefix_tree_ids, statement_id
from hearingpress.writers import htmlpage


def cover_html(record: Record) -> str:
    """The cover as a <header> (its text rendered by pandoc, like every title block)."""
    block = cover(record)
    inner = htmlpage.body_html(pf.Doc(*block.content))
    return f'<header id="hearing-cover" class="hearing-cover">\n{inner}\n</header>'


def contents_html(record: Record, hrefs: list[str], heading: str = "Contents") -> str:
    """The contents: each statement's witness and title, linked to `hrefs`."""
    items = []
    for publication, href in zip(record.statements, hrefs, strict=True):
        statement = publication.statement
        witness = statement.witness
        # The link holds text only: WeasyPrint leaves a link's annotation untagged when the
        # link has elements inside it (PDF/UA, Link structure).
        items.append(
            f'<li><span class="toc-witness">{escape(witness.name)}</span>, '
            f"{escape(witness.position)}, {escape(witness.organization)}: "
            f'<a class="toc-title" href="{escape(href)}">{escape(statement.full_title)}</a></li>'
        )
    return "\n".join(
        [
            '<nav id="contents" class="contents record-contents" '
            'aria-labelledby="contents-heading">',
            f'<h2 id="contents-heading">{escape(heading)}</h2>',
            '<ol class="statements">',
            *items,
            "</ol>",
            "</nav>",
        ]
    )


def article_html(number: int, publication: Publication, doc: pf.Doc, running_head: str) -> str:
    """A statement (its AST, notes already laid out) as an <article> of the record: its ids
    prefixed (its images are data: URLs already)."""
    htmlpage.unwrap_title_block(doc)
    sid = statement_id(number)
    root = lxml.html.fragment_fromstring(htmlpage.body_html(doc), create_parent="article")
    prefix_tree_ids(root, f"{sid}-")
    root.set("id", sid)
    root.set("class", "statement")
    root.set("aria-labelledby", f"{sid}-title")
    root.set("data-running-head", running_head)
    return lxml.html.tostring(root, encoding="unicode")


def fill(template: str, record: Record, *, css: str, body: str) -> str:
    """A page template of styles/ filled in for the record, around `body` (HTML). No JSON-LD:
    each statement's own page carries its own."""
    hearing = record.hearing
    witnesses = [p.statement.witness.name for p in record.statements]
    return htmlpage.fill(
        template,
        pf.Doc(pf.RawBlock(body, format="html")),
        lang=record.lang,
        pagetitle=f"{hearing.title} — Hearing before the {record.venue}",
        author=", ".join(witnesses),
        description=(
            f"Statements of {', '.join(witnesses)} at a hearing before the {record.venue}, "
            f"{hearing.chamber_name}, {hearing.date_label}"
        ),
        keywords=tuple(dict.fromkeys(k for p in record.statements for k in p.statement.keywords)),
        date=record.date.date().isoformat(),
        css=css,
    )
