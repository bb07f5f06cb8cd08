"""The publication: what every writer receives from the pipeline (the filtered AST, the checked
statement, the one date, the citation and the embedded images)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from hearingpress import cite, pandoc
from hearingpress.errors import UserError
from hearingpress.metadata import Statement


@dataclass(frozen=True)
class Publication:
    """Everything a writer needs: the filtered AST (as JSON, so each writer gets its own copy),
    the checked metadata, where the source is and its text (as read once), the one date every
    output carries, how to cite the statement (formatted once, in the pipeline, for every
    writer that shows it), and the SHA-256 of each image embedded in the AST, by its path in
    the statement's folder."""

    source: Path
    text: str
    statement: Statement
    ast_json: bytes
    date: dt.datetime
    citation: cite.Citation
    images: dict[str, str] = field(default_factory=dict)

    def doc(self) -> pf.Doc:
        """A fresh copy of the filtered AST; writers may change it freely."""
        return pandoc.json_to_doc(self.ast_json)


def publication_date(statement: Statement) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the hearing date: never 'now'."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UserError(
                f"SOURCE_DATE_EPOCH is {epoch!r}; set it to whole seconds since 1970",
                code="HP406",
            )
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = statement.hearing.date
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
