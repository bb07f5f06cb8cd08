"""The HTML page shared by the screen (HTML) and print (PDF) writers, and the record's: the
pandoc templates page.html and print.html of styles/, filled by pandoc as it writes the body.

Layout of the body, built in the AST so pandoc renders all the text:
skip link, <header> title block, <nav> contents, <main> statement and notes.
"""

from __future__ import annotations

from html import escape

import panflute as pf

from hearingpress import cite, pandoc, stylesheets
from hearingpress.filters import urlbreaks
from hearingpress.publication import Publication

BODY_ARGS = ["--wrap=none", "--html-q-tags=false"]
CITE_HEADING = "cite-heading"


def html_doc(publication: Publication) -> pf.Doc:
    """A fresh copy of the AST for an HTML-based writer (HTML, EPUB, PDF): URLs may break
    only where Chicago's rule allows (filters/urlbreaks.py)."""
    return urlbreaks.main(publication.doc())


def _raw(html: str) -> pf.RawBlock:
    return pf.RawBlock(html, format="html")


def unwrap_title_block(doc: pf.Doc) -> None:
    """The title block Div becomes a <header> (pandoc has no AST element for it)."""
    for index, block in enumerate(doc.content):
        if isinstance(block, pf.Div) and block.identifier == "title-block":
            doc.content[index : index + 1] = [
                _raw('<header id="title-block" class="title-block">'),
                *block.content,
                _raw("</header>"),
            ]
            return


def contents_nav(doc: pf.Doc, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """<nav> with the level-2 headings and their level-3 subheadings."""
    items: list[tuple[int, str, str]] = []

    def visit(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Header) and elem.level in (2, 3) and "unlisted" not in elem.classes:
            items.append((elem.level, elem.identifier, pf.stringify(elem)))

    doc.walk(visit)
    items += [(2, anchor, text) for anchor, text in extra]
    tree: list[tuple[str, str, list[tuple[str, str]]]] = []
    for level, anchor, text in items:
        if level == 3 and tree:
            tree[-1][2].append((anchor, text))
        else:
            tree.append((anchor, text, []))

    def link(anchor: str, text: str) -> str:
        return f'<a href="#{escape(anchor)}">{escape(text)}</a>'

    lines = [
        '<nav id="contents" class="contents" aria-labelledby="contents-heading">',
        '<h2 id="contents-heading">Contents</h2>',
        "<ol>",
    ]
    for anchor, text, children in tree:
        sub = "".join(f"<li>{link(a, t)}</li>" for a, t in children)
        lines.append(f"<li>{link(anchor, text)}{f'<ol>{sub}</ol>' if sub else ''}</li>")
    lines += ["</ol>", "</nav>"]
    return "\n".join(lines)


def body_html(doc: pf.Doc) -> str:
    return pandoc.write(doc, "html5", BODY_ARGS).decode("utf-8")


def cite_this(publication: Publication) -> list[pf.Block]:
    """The "Cite this statement" section: the reference in the statement's own style."""
    return [
        _raw(
            f'<section id="cite" class="cite-this" aria-labelledby="{CITE_HEADING}">\n'
            f'<h2 id="{CITE_HEADING}">Cite this statement</h2>'
        ),
        pf.Div(pf.Para(*publication.citation.inlines()), classes=["reference"]),
        _raw("</section>"),
    ]


def fill(
    template: str,
    doc: pf.Doc,
    *,
    keywords: tuple[str, ...],
    css: str,
    json_ld: str = "",
    **text: str,
) -> str:
    """A complete page, a statement's or the record's: `doc` rendered by pandoc as the $body$
    of `template`, a pandoc template of styles/ (page.html, print.html). `text` (lang,
    pagetitle, author, description, date) is escaped, `css` and `json_ld` set in as they are.
    An empty variable is left out: no keywords, no keywords <meta> (an empty one would publish
    an empty Keywords field in the PDF); no JSON-LD, no <script>."""
    variables = {name: escape(value) for name, value in text.items()}
    variables |= {"keywords": escape(", ".join(keywords)), "css": css, "json-ld": json_ld}
    doc.metadata = {
        name: pf.MetaInlines(pf.RawInline(value, format="html"))
        for name, value in variables.items()
        if value
    }
    args = [*BODY_ARGS, f"--template={stylesheets.path(template)}"]
    return pandoc.write(doc, "html5", args).decode("utf-8")


def render_page(
    publication: Publication,
    doc: pf.Doc,
    *,
    css: str,
    contents: str,
    template: str = "page.html",
    after_main: list[pf.Block] | None = None,
) -> str:
    """Lay out the (already note-processed) AST as a complete HTML page; `after_main` are
    blocks that follow the statement outside <main> (the citation)."""
    unwrap_title_block(doc)
    statement = publication.statement
    first_body = next(
        i
        for i, block in enumerate(doc.content)
        if isinstance(block, pf.RawBlock) and block.text == "</header>"
    )
    doc.content.insert(first_body + 1, _raw(f'{contents}\n<main id="main" tabindex="-1">'))
    doc.content.append(_raw("</main>"))
    doc.content.extend(after_main or [])
    date = publication.date.date().isoformat()
    return fill(
        template,
        doc,
        lang=statement.lang,
        pagetitle=f"{statement.full_title} — Statement of {statement.witness.name}",
        author=statement.witness.name,
        description=statement.description,
        keywords=statement.keywords,
        date=date,
        css=css,
        # The page's JSON-LD: data, never run (the CSP still forbids every script).
        json_ld=cite.json_ld(statement, publication.citation.record, date),
    )
