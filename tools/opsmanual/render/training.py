"""A person's read-and-sign sheet: their training path at each procedure's current revision, one line to sign each.

Field names are the forms' contract (README, "The training sheet"): `ack.<procedure id>.initials`,
`.date` and `.trainer` on each line, `person.signature` and `person.date` at the end. The PDF
carries whose sheet it is and the revisions printed (forms.describe_training), so a signed
sheet reads back without today's manual.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from pathlib import Path

from opsmanual import forms
from opsmanual.i18n import labels
from opsmanual.model import Manual, Person
from opsmanual.outputs import mark, write_file
from opsmanual.render.pdf.draw import BODY, GREY, RULE, SHADE, SMALL, Block, Op, Ops, TableBlock
from opsmanual.render.pdf.fonts import BOLD, REGULAR, register_fonts
from opsmanual.render.pdf.page import PAPER, Footer, FormDocument, Masthead, frame_size
from opsmanual.render.pdf.text import wrap

CODE_W, REV_W, EFFECTIVE_W, SIGN_W = 62.0, 34.0, 62.0, 58.0


def _columns(width: float) -> list[float]:
    """Where each column starts: code, procedure, revision, effective, initials, date, trainer; and the end."""
    title_w = width - CODE_W - REV_W - EFFECTIVE_W - 3 * SIGN_W
    starts = [0.0, CODE_W, CODE_W + title_w]
    for w in (REV_W, EFFECTIVE_W, SIGN_W, SIGN_W, SIGN_W):
        starts.append(starts[-1] + w)
    return starts


def _table(manual: Manual, person: Person, words: dict[str, str], width: float) -> TableBlock:
    starts = _columns(width)
    heads = [words["code"], words["procedure"], "Rev.", words["effective"], words["initials"], words["date"]]
    heads.append(words["trainer"])
    header = Ops([Op("fill", 0, 0, w=width, h=18, color=SHADE)])
    for x, head in zip(starts, heads, strict=False):
        header.text(x + 4, 12.5, head, BOLD, SMALL)
    rows = []
    for procedure in manual.path_of(person):
        title_w = starts[2] - starts[1] - 8
        lines = wrap(procedure.title, BOLD, BODY, title_w)
        standard = procedure.standard[0] if procedure.standard else ""
        small = wrap(standard, REGULAR, SMALL, title_w) if standard else []
        height = max(26.0, 8 + 12.5 * len(lines) + 10.5 * len(small))
        ops = Ops()
        ops.text(starts[0] + 4, 15, procedure.code or "", size=SMALL)
        top = 15.0
        for line in lines:
            ops.text(starts[1] + 4, top, line, BOLD)
            top += 12.5
        for line in small:
            ops.text(starts[1] + 4, top - 2, line, size=SMALL, color=GREY)
            top += 10.5
        ops.text(starts[2] + 4, 15, str(procedure.revision), size=SMALL)
        ops.text(starts[3] + 4, 15, procedure.effective.isoformat() if procedure.effective else "", size=SMALL)
        for n, what in enumerate(("initials", "date", "trainer")):
            left = starts[4 + n] + 4
            tip = f"{procedure.title}: {words[what] if what != 'date' else words['date']}"
            ops.field(left, 4, forms.ack(procedure.id, what), SIGN_W - 8, 17, tip)
        ops.line(0, height, width, size=0.4, color=RULE)
        rows.append((ops, height))
    title = Ops()
    top = 12.0
    for line in wrap(words["read_and_sign"], REGULAR, BODY, width):
        title.text(0, top, line)
        top += 12.5
    return TableBlock(width, header, 20.0, rows, title, top + 4)


def _signature(words: dict[str, str], width: float, frame_height: float) -> Block:
    ops = Ops([Op("fill", 0, 6, w=width, h=19, color=SHADE)])
    ops.text(6, 19.5, words["signature"], BOLD, 11)
    top = 42.0
    for line in wrap(words["statement"], REGULAR, BODY, width - 12):
        ops.text(6, top, line)
        top += 12.5
    base = top + 30
    name_w = width * 0.62
    ops.line(6, base, name_w)
    ops.text(6, base + 9, words["person_signature"], size=7, color=GREY)
    ops.field(6, base - 19, forms.PERSON_SIGNATURE, name_w, 18, words["person_signature"], kind="blank")
    ops.line(name_w + 24, base, width - name_w - 30)
    ops.text(name_w + 24, base + 9, words["date"], size=7, color=GREY)
    ops.field(name_w + 24, base - 19, forms.PERSON_DATE, width - name_w - 30, 18, words["date"], kind="blank")
    return Block(width, frame_height, ops, base + 16)


def render_training_pdf(
    manual: Manual, person: Person, *, paper: str | None = None, printed_on: datetime.date | None = None
) -> bytes:
    """A person's read-and-sign sheet, in their language (else the manual's), as a fillable PDF."""
    from reportlab import platypus  # type: ignore[import-untyped]

    size = paper or manual.paper
    if size not in PAPER:
        raise ValueError(f"paper must be 'letter' or 'a4', not {size!r}")
    register_fonts()
    words = dict(labels(person.language or manual.language))
    shown = manual  # the titles and names printed: in the person's language when the manual is translated into it
    if person.language in manual.translations:
        from opsmanual.model.translate import translated

        shown = translated(manual, person.language)
    width, height = frame_size(size)
    procedures = manual.path_of(person)
    form = forms.describe_training(manual, person, procedures, printed_on)
    roles = {r.id: r.name for r in shown.roles}
    meta = [f"{words['roles']}: {', '.join(roles.get(r, r) for r in person.roles)}"]
    if person.started:
        meta.append(f"{words['started']}: {person.started.isoformat()}")
    meta.append(f"{len(procedures)} {words['procedures'].lower()}")
    head = Masthead(shown.name, f"{words['training_record']}: {person.name}", meta)
    control = [f"{words['training_record']}: {person.name} ({person.id})"]
    control.append(f"{words['form']} {form['fingerprint'][:12]}")
    kept = [words["uncontrolled"]]
    if printed_on:
        kept.append(f"{words['printed']} {printed_on.isoformat()}")
    foot = Footer(["   ·   ".join(control), "   ·   ".join(kept)], words["page_of"])
    story = [_table(shown, person, words, width), platypus.Spacer(1, 10), _signature(words, width, height)]
    out = io.BytesIO()
    attachment = {forms.ATTACHMENT: forms.canonical(form)}
    FormDocument(out, size, head, foot, words["training_record"], attachments=attachment).render(story)
    return out.getvalue()


def write_training_pdfs(
    manual: Manual,
    folder: Path,
    people: Iterable[Person],
    *,
    paper: str | None = None,
    printed_on: datetime.date | None = None,
) -> list[Path]:
    """Each person's sheet in `folder` (one opsmanual may write), as `<person id>.pdf`."""
    folder.mkdir(parents=True, exist_ok=True)
    mark(folder, "pdfs")
    written = []
    for person in people:
        target = folder / f"{person.id}.pdf"
        write_file(target, render_training_pdf(manual, person, paper=paper, printed_on=printed_on))
        written.append(target)
    return written
