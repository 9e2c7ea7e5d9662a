"""Laying out a part of a page once, as a list of drawing operations, and drawing it wherever it lands.

A block (a checklist row, a section band, a sign-off) is laid out from its own
top-left corner; platypus places it on a page, and it is painted there. A block
never splits, unless it is taller than a whole page: then it is cut between lines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.lib.colors import Color, HexColor, white  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from opsmanual.render.pdf.fonts import BOLD, REGULAR
from opsmanual.render.pdf.text import wrap

INK, GREY, RULE, SHADE, ALERT = (HexColor(c) for c in ("#1a1a1a", "#5c5c5c", "#b8b8b8", "#e9e9e9", "#8a1c00"))
BODY, SMALL = 10.0, 8.5
HEADROOM = 60.0  # what a page may hold above a block: repeated column headers, a section's band


@dataclass(frozen=True)
class Op:
    """One drawing operation, placed from the top-left of its block (`top` grows downwards).

    Kinds: text, right, centre (aligned text); line, fill; form fields: check (a tick box), field (a text box),
    area (a text box of several lines), blank (text typed on a line, no box), radio (one box of a choice).
    """

    kind: str
    x: float
    top: float
    text: str = ""  # or a field's name
    font: str = REGULAR
    size: float = BODY  # or a line's width
    color: Color = INK
    w: float = 0.0
    h: float = 0.0
    tip: str = ""  # a field's tooltip
    value: str = ""  # a radio box's value: the answer it stands for


class Ops(list[Op]):
    def text(self, x: float, top: float, text: str, font: str = REGULAR, size: float = BODY, **kw: Any) -> None:
        self.append(Op(kw.get("kind", "text"), x, top, text, font, size, kw.get("color", INK)))

    def para(self, x: float, top: float, text: str, width: float, font: str = REGULAR, **kw: Any) -> float:
        """Wrapped text from baseline `top`, led by an optional bold label; returns the next baseline."""
        label, color, size, used = kw.get("label"), kw.get("color", INK), kw.get("size", BODY), 0.0
        if label:
            self.text(x, top, label, BOLD, size, color=color)
            used = stringWidth(label + " ", BOLD, size)
        for n, line in enumerate(wrap(text, font, size, width, used)):
            self.text(x + (used if n == 0 else 0.0), top, line, font, size, color=color)
            top += size * 1.25
        return top

    def line(self, x: float, top: float, w: float, size: float = 0.8, color: Color = INK, h: float = 0.0) -> None:
        """A rule from (x, top) across `w` (and down `h`)."""
        self.append(Op("line", x, top, size=size, color=color, w=w, h=h))

    def field(
        self, x: float, top: float, name: str, w: float, h: float, tip: str, kind: str = "field", value: str = ""
    ) -> None:
        """A form field of `kind` (see `Op`); radio boxes of one name are the choices of one field."""
        self.append(Op(kind, x, top, name, w=w, h=h, tip=tip, value=value))


def paint(canv: Any, ops: list[Op], top: float, fields: Any) -> None:
    """Draw `ops` on `canv` with their block's top edge at `top`; form fields go to `fields`."""
    font: tuple[str, float] | None = None
    fill: Color | None = None
    for op in ops:
        y = top - op.top
        if op.kind in ("text", "right", "centre"):
            if font != (op.font, op.size):  # a block's lines mostly share a font: set it once
                font = (op.font, op.size)
                canv.setFont(*font)
            if fill is not op.color:
                fill = op.color
                canv.setFillColor(fill)
            draw = {"text": canv.drawString, "right": canv.drawRightString, "centre": canv.drawCentredString}
            draw[op.kind](op.x, y, op.text)
        elif op.kind == "line":
            canv.setStrokeColor(op.color)
            canv.setLineWidth(op.size)
            canv.line(op.x, y, op.x + op.w, y - op.h)
        elif op.kind == "fill":
            canv.setFillColor(fill := op.color)
            canv.rect(op.x, y - op.h, op.w, op.h, stroke=0, fill=1)
        else:
            if op.kind != "blank":  # the box is on the page: it prints however a viewer draws the field
                canv.setStrokeColor(INK)
                canv.setFillColor(fill := white)
                canv.setLineWidth(
                    1.2 if op.kind in ("check", "radio") else (1.0 if op.text.endswith(".value") else 0.6)
                )
                canv.rect(op.x, y - op.h, op.w, op.h, stroke=1, fill=1)
            fields.add(op, *canv.absolutePosition(op.x, y - op.h))


class Block(platypus.Flowable):  # type: ignore[misc]
    """A laid-out part of a page; `ruled` draws a line under it and the column rules at `columns`."""

    def __init__(
        self,
        width: float,
        frame_height: float,
        ops: Ops,
        height: float,
        *,
        ruled: bool = False,
        columns: tuple[float, ...] = (),
        keep: bool = False,
    ) -> None:
        super().__init__()
        self.width, self.frame_height, self.ops, self.height = width, frame_height, ops, height
        self.ruled, self.columns, self.keepWithNext = ruled, columns, keep

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Block]:
        cut = max((op.top + 4 for op in self.ops if op.kind == "text" and op.top + 4 <= ah), default=0.0)
        if self.height <= self.frame_height - HEADROOM or cut < 40:
            return []  # it fits on a page of its own: it moves there whole
        first, rest = Ops(op for op in self.ops if op.top <= cut), Ops()
        rest += (replace(op, top=op.top - cut) for op in self.ops if op.top > cut)
        ruled, columns = self.ruled, self.columns
        return [
            Block(self.width, self.frame_height, first, cut, ruled=ruled, columns=columns),
            Block(self.width, self.frame_height, rest, self.height - cut, ruled=ruled, columns=columns),
        ]

    def draw(self) -> None:
        canv, h = self.canv, self.height
        if self.ruled:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(0, 0, self.width, 0)
            for x in self.columns:
                canv.line(x, 0, x, h)
        paint(canv, self.ops, h, canv._doctemplate.fields)


class TableBlock(platypus.Flowable):  # type: ignore[misc]
    """A title, then rows under a header; split between rows across pages, the header again on each part."""

    def __init__(
        self, width: float, header: Ops, header_h: float, rows: list[tuple[Ops, float]], title: Ops, title_h: float
    ) -> None:
        super().__init__()
        self.width, self.header, self.header_h, self.rows = width, header, header_h, rows
        self.title, self.title_h = title, title_h
        self.height = title_h + header_h + sum(h for _, h in rows)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[TableBlock]:
        used, fits = self.title_h + self.header_h, 0
        for _, h in self.rows:
            if used + h > ah:
                break
            used, fits = used + h, fits + 1
        if fits == 0 or fits == len(self.rows):
            return []
        return [
            TableBlock(self.width, self.header, self.header_h, self.rows[:fits], self.title, self.title_h),
            TableBlock(self.width, self.header, self.header_h, self.rows[fits:], Ops(), 0.0),
        ]

    def draw(self) -> None:
        canv, fields = self.canv, self.canv._doctemplate.fields
        top = self.height
        paint(canv, self.title, top, fields)
        top -= self.title_h
        paint(canv, self.header, top, fields)
        top -= self.header_h
        for ops, h in self.rows:
            paint(canv, ops, top, fields)
            top -= h
