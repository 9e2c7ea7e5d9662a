"""Which words a printed checklist carries: the manual's, a translation's, or both for a mixed crew.

The rows always come from the manual as written, so a form's field names are the same in every
language (records of a Spanish sheet and an English one are the same records); only the words
printed beside them change. A bilingual sheet prints each text in its first language and, smaller
under it, in the second; readings, ranges and units are shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from opsmanual.i18n import labels
from opsmanual.model import Checklist, Manual
from opsmanual.render.rows import Row, SectionRows, checklist_rows

SHARED_LABELS = ("done", "item", "time", "initials")  # the column heads, in both languages on a bilingual sheet


@dataclass(frozen=True)
class Printed:
    """What one checklist is printed with."""

    manual: Manual  # the manual in the sheet's first language (labels, temperature, the procedures' words)
    checklist: Checklist  # its words in the first language, or both
    sections: tuple[SectionRows, ...]  # rows keyed as written; `second` holds the second language's text
    words: Mapping[str, str]
    described: tuple[SectionRows, ...]  # the rows as written, for the form's description: records are the same
    second: str | None = None  # the second language of a bilingual sheet
    second_notes: str | None = None  # the checklist's notes in the second language, when they differ


class Languages:
    """The manual in each language a run of sheets prints in, each translated once for all of them."""

    def __init__(self, manual: Manual) -> None:
        self.manual = manual
        self.made: dict[str, Manual] = {manual.language: manual}

    def of(self, language: str) -> Manual:
        if language not in self.made:
            from opsmanual.model.translate import translated

            self.made[language] = translated(self.manual, language)
        return self.made[language]


def printed(
    manual: Manual,
    checklist: Checklist,
    language: str | None = None,
    bilingual: bool = False,
    languages: Languages | None = None,
) -> Printed:
    """The checklist in `language` (default: the manual's), with a second language under each text when
    `bilingual` (or the checklist's `bilingual: true`) and the manual has one: its own language when printed in
    a translation, else its first translation. `languages` keeps the translated manual between sheets."""
    languages = languages or Languages(manual)
    first = language if language and language != manual.language else None
    others = [code for code in (manual.language, *manual.translations) if code != (first or manual.language)]
    second = others[0] if (bilingual or checklist.bilingual) and others else None
    source_rows = checklist_rows(manual, checklist)
    if first is None and second is None:
        return Printed(manual, checklist, source_rows, labels(manual.language), source_rows)
    main = languages.of(first or manual.language)
    main_checklist = _same(main, checklist)
    main_rows = _keyed(source_rows, checklist_rows(main, main_checklist))
    words = dict(labels(main.language))
    if second is None:
        return Printed(main, main_checklist, main_rows, words, source_rows)
    other = languages.of(second)
    other_checklist = _same(other, checklist)
    other_rows = checklist_rows(other, other_checklist)
    theirs = labels(second)
    for key in SHARED_LABELS:
        if theirs[key] != words[key]:
            words[key] = f"{words[key]} / {theirs[key]}"
    both = replace(
        main_checklist,
        title=_pair(main_checklist.title, other_checklist.title, " / "),
        signoff=tuple(_pair(a, b, " / ") for a, b in zip(main_checklist.signoff, other_checklist.signoff, strict=True)),
    )
    sections = tuple(
        replace(
            mine,
            title=_pair(mine.title, theirs_.title, " / "),
            rows=tuple(
                replace(row, second=_differs(row.text, other.text))
                for row, other in zip(mine.rows, theirs_.rows, strict=True)
            ),
        )
        for mine, theirs_ in zip(main_rows, other_rows, strict=True)
    )
    notes = _differs(main_checklist.notes or "", other_checklist.notes or "") or None
    return Printed(main, both, sections, words, source_rows, second, notes)


def _same(manual: Manual, checklist: Checklist) -> Checklist:
    return next(c for c in manual.checklists if c.id == checklist.id)


def _keyed(source: tuple[SectionRows, ...], words: tuple[SectionRows, ...]) -> tuple[SectionRows, ...]:
    """The rows in a translation's words with the field names of the rows as written."""
    return tuple(
        replace(section, rows=tuple(_key(row, was) for row, was in zip(section.rows, old.rows, strict=True)))
        for section, old in zip(words, source, strict=True)
    )


def _key(row: Row, was: Row) -> Row:
    return row if row.key == was.key else replace(row, key=was.key)


def _pair(first: str, second: str, between: str) -> str:
    return first if first == second else f"{first}{between}{second}"


def _differs(first: str, second: str) -> str | None:
    return None if first == second else second
