"""What every printed checklist shares, whatever its layout: the masthead, the footer, the sign-off, the verification.

Field names are the forms' contract (README, "The checklist form"): `run.date` and `run.lead`
in the masthead, `signoff.<n>.name` and `signoff.<n>.time`, `verify.name` and `verify.date`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from opsmanual import forms
from opsmanual.model import Checklist, Manual
from opsmanual.render import rows
from opsmanual.render.pdf.draw import BODY, GREY, SHADE, Block, Op, Ops
from opsmanual.render.pdf.fonts import BOLD
from opsmanual.render.pdf.page import Blank, Footer, Masthead
from opsmanual.render.pdf.text import fit, wrap


@dataclass(frozen=True)
class Sheet:
    """What every part of one checklist needs: the manual, the words, the widths."""

    manual: Manual
    checklist: Checklist
    words: Mapping[str, str]
    width: float  # of the frame
    frame_height: float
    sources: str  # the procedures drawn on, with code and revision
    columns: tuple[float, ...] = ()  # where the row rules fall
    fingerprint: str = ""  # the form's, printed in the footer
    second_notes: str | None = None  # a bilingual sheet's notes in its second language, printed smaller

    def block(self, ops: Ops, height: float, *, row: bool = False, keep: bool = False) -> Block:
        columns = self.columns if row else ()
        return Block(self.width, self.frame_height, ops, height, ruled=row, columns=columns, keep=keep)


def band(sheet: Sheet, title: str) -> Block:
    """A section's title on a shaded band; it stays on the page of the section's first row."""
    ops = Ops([Op("fill", 0, 6, w=sheet.width, h=19, color=SHADE)])
    size = fit(title, BOLD, 11, sheet.width - 12, 7)
    lines = wrap(title, BOLD, size, sheet.width - 12)
    if len(lines) > 1:  # still too long at the smallest size: a taller band
        ops[0] = Op("fill", 0, 6, w=sheet.width, h=19 + (len(lines) - 1) * size * 1.25, color=SHADE)
    for n, line in enumerate(lines):
        ops.text(6, 19.5 + n * size * 1.25, line, BOLD, size)
    return sheet.block(ops, 25.0 + (len(lines) - 1) * size * 1.25, keep=True)


def _lines_of_fields(sheet: Sheet, title: str, lines: list[tuple[str, list[tuple[str, str, str]]]]) -> Block:
    """A band, then for each label a writing line per column: (column label, field name or "" for by hand, tip)."""
    ops, w = band(sheet, title).ops, sheet.width
    starts = [150.0 + (w - 150) * n / 3 for n in range(3)] + [w + 14]
    base = 17.0  # the writing line of the label before
    for label, columns in lines:
        texts = wrap(label, BOLD, BODY, 136)  # a long label takes more lines, never less of itself
        base += max(34.0, 12.0 * len(texts) + 16)
        for i, line in enumerate(texts):
            ops.text(6, base - 2 - 12 * (len(texts) - 1 - i), line, BOLD)
        for (left, end), (heading, name, tip) in zip(itertools.pairwise(starts), columns, strict=False):
            ops.line(left, base, end - left - 14)
            ops.text(left, base + 9, heading, size=7, color=GREY)
            if name:  # a signature is made by hand
                ops.field(left, base - 19, name, end - left - 14, 18, tip, kind="blank")
    return sheet.block(ops, base + 14)


def signoff(sheet: Sheet) -> Block:
    """A name, signature and time line for each sign-off label; name and time can be typed on a tablet."""
    words = sheet.words
    lines = []
    for n, label in enumerate(sheet.checklist.signoff, 1):
        lines.append(
            (
                label,
                [
                    (words["name"], forms.signoff_name(n), f"{label}: {words['name']}"),
                    (words["signature"], "", ""),
                    (words["time_of_day"], forms.signoff_time(n), f"{label}: {words['time_of_day']}"),
                ],
            )
        )
    return _lines_of_fields(sheet, words["signoff"], lines)


def verification(sheet: Sheet) -> Block:
    """Who checked the completed sheet, and when; within how long when the checklist says."""
    words, verify = sheet.words, sheet.checklist.verify
    role = words["verified_by"]
    if verify is not None:
        names = {r.id: r.name for r in sheet.manual.roles}
        role = words["verify_role"].format(role=names.get(verify.role, verify.role))
        if verify.within is not None:
            role += " " + words["verify_within"].format(within=verify.within.text)
    columns = [
        (words["name"], forms.VERIFY_NAME, f"{role}: {words['name']}"),
        (words["signature"], "", ""),
        (words["date"], forms.VERIFY_DATE, f"{role}: {words['date']}"),
    ]
    return _lines_of_fields(sheet, words["verification"], [(role, columns)])


def masthead(sheet: Sheet, printed_on: datetime.date | None, week: bool) -> Masthead:
    """Business, title, shift, due time, how often and roles; the date and the lead's name (fields on page 1)."""
    from opsmanual.schedule import describe

    manual, checklist, words = sheet.manual, sheet.checklist, sheet.words
    meta, shift = [], manual.shifts_by_id.get(checklist.shift or "")
    if shift:
        meta.append(f"{words['shift']}: {shift.name}" + (f" {shift.starts}–{shift.ends}" if shift.ends else ""))
    if checklist.due:
        meta.append(f"{words['due']}: {checklist.due}")
    if checklist.schedule is not None:
        meta.append(describe(checklist.schedule, shift, manual.language))
    if checklist.roles:
        names = {r.id: r.name for r in manual.roles}
        meta.append(f"{words['roles']}: {', '.join(names.get(r, r) for r in checklist.roles)}")
    printed = printed_on.isoformat() if printed_on else None
    date_label = words["week_of"] if week else words["date"]
    return Masthead(
        manual.name,
        checklist.title,
        meta,
        (Blank(forms.RUN_DATE, date_label, printed), Blank(forms.RUN_LEAD, words["lead_name"])),
    )


def footer(sheet: Sheet, printed_on: datetime.date | None) -> Footer:
    """Title, code and revision, procedures as of, "uncontrolled", how long to keep it, the address and its QR code."""
    manual, checklist, words = sheet.manual, sheet.checklist, sheet.words
    url = f"{manual.url.rstrip('/')}/checklists/{checklist.id}/" if manual.url else None
    control = [
        checklist.title,
        *([checklist.code] if checklist.code else []),
        f"{words['revision']} {checklist.revision}",
    ]
    if sheet.fingerprint:
        control.append(f"{words['form']} {sheet.fingerprint[:12]}")
    kept = [words["uncontrolled"]]
    revised = rows.newest_revision_date(manual, checklist)
    if revised:
        kept.insert(0, f"{words['procedures_as_of']} {revised.isoformat()}")
    if manual.keep_records is not None:
        kept.append(words["keep_record"].format(keep=manual.keep_records.text))
    where = [url] if url else []
    if printed_on:
        where.append(f"{words['printed']} {printed_on.isoformat()}")
    lines = ["   ·   ".join(control), "   ·   ".join(kept), *(["   ·   ".join(where)] if where else [])]
    return Footer(lines, words["page_of"], url)
