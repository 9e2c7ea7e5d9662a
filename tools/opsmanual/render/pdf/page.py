"""The page every printed form shares: a masthead, a footer with document control, and "Page X of Y".

A form (a checklist, a training sheet, a report) describes its masthead and footer
as data; `FormDocument` draws them on every page and lays the form's blocks out
between them. "Page X of Y" refers to a form whose total is written when the
document is saved, so pages are laid out once.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import platypus  # type: ignore[import-untyped]
from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, LETTER  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfdoc  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from opsmanual.render.pdf.draw import GREY, INK, RULE, Ops, paint
from opsmanual.render.pdf.fields import Fields
from opsmanual.render.pdf.fonts import BOLD, REGULAR, register_fonts
from opsmanual.render.pdf.text import clip, wrap

PAPER = {"letter": LETTER, "a4": A4}
MARGIN, HEADER_H, FOOTER_H, QR = 36.0, 68.0, 42.0, 34.0
QR_FITS = 2200  # bytes of an address that a QR code holds at error correction M (version 40), with room to spare


@dataclass(frozen=True)
class Blank:
    """A labelled line in the masthead: printed when `value` is given, else a field (on page 1) to fill in."""

    name: str  # the field's name
    label: str
    value: str | None = None


@dataclass(frozen=True)
class Masthead:
    business: str
    title: str
    meta: Sequence[str]  # shown on one line; the last ones are dropped when they do not fit
    blanks: Sequence[Blank] = ()


@dataclass(frozen=True)
class Footer:
    lines: Sequence[str]  # the first in bold: the document's title and control
    page_of: str  # "Page {page} of {pages}"
    url: str | None = None  # printed as a QR code when it fits in one


class PageCanvas(Canvas):  # type: ignore[misc]
    """Writes the page total into the form every footer refers to, once all pages exist."""

    suffix = ""  # what follows the total: "Page {page} of {pages}" has nothing after it

    def save(self) -> None:
        self.beginForm("page-total")
        self.setFont(BOLD, 9)
        self.setFillColor(INK)
        self.drawString(0, 0, f"{self.getPageNumber() - 1}{self.suffix}")
        self.endForm()
        super().save()


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    width, height = PAPER[paper]
    return (height, width) if landscape else (width, height)


def frame_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """The width and height between the masthead and the footer."""
    width, height = page_size(paper, landscape)
    return width - 2 * MARGIN, height - 2 * MARGIN - HEADER_H - FOOTER_H


class FormDocument(platypus.BaseDocTemplate):  # type: ignore[misc]
    """One page template: the masthead and the footer of every page drawn on the canvas."""

    fields: Fields  # made with the canvas, when the document begins

    def __init__(
        self,
        out: io.BytesIO,
        paper: str,
        masthead: Masthead,
        footer: Footer,
        subject: str,
        landscape: bool = False,
        attachments: Mapping[str, bytes] | None = None,
    ) -> None:
        register_fonts()
        self.masthead, self.footer_data, self.subject = masthead, footer, subject
        self.attachments = dict(attachments or {})
        size = page_size(paper, landscape)
        super().__init__(out, pagesize=size, title=masthead.title, author=masthead.business, invariant=True)
        self.leftMargin = self.rightMargin = MARGIN
        self.topMargin, self.bottomMargin = MARGIN + HEADER_H, MARGIN + FOOTER_H
        self._calc()
        width, height = frame_size(paper, landscape)
        frame = platypus.Frame(MARGIN, self.bottomMargin, width, height, 0, 0, 0, 0, id="body")
        self.addPageTemplates([platypus.PageTemplate(id="page", frames=[frame])])
        self.qr = _qr_code(footer.url) if footer.url else None  # an address too long for a code prints without one

    def render(self, story: list[Any]) -> None:
        self.build(story, canvasmaker=PageCanvas)

    def beforeDocument(self) -> None:
        self.fields = Fields(self.canv)
        if self.attachments:
            self.canv._doc.Catalog.Names = _EmbeddedFiles(self.canv._doc, self.attachments)
        self.canv.suffix = self.footer_data.page_of.split("{pages}", 1)[1]
        self.canv.setSubject(self.subject)
        self.canv.setCreator("opsmanual")

    def beforePage(self) -> None:
        self.canv.saveState()
        paint(self.canv, self.header_ops(), self.pagesize[1] - MARGIN, self.fields)
        self.draw_footer(self.canv)
        self.canv.restoreState()

    def header_ops(self) -> Ops:
        """Business, title (shrunk, then on two lines), the meta line; the blanks on the right."""
        head, ops, right = self.masthead, Ops(), self.pagesize[0] - MARGIN
        ops.text(MARGIN, 8, clip(head.business, BOLD, 9, right - MARGIN - 230), BOLD, 9, color=GREY)
        size, title_w = 16.0, right - MARGIN - 230
        while size > 11 and stringWidth(head.title, BOLD, size) > title_w:
            size -= 0.5
        title = wrap(head.title, BOLD, size, title_w)
        if len(title) > 2:  # the footer carries the whole title
            title = [title[0], clip(title[1] + " " + title[2], BOLD, size, title_w)]
        for n, line in enumerate(title):
            ops.text(MARGIN, 27 + n * (size + 2), line, BOLD, size)
        meta = list(head.meta)
        while len(meta) > 1 and stringWidth("   ·   ".join(meta), REGULAR, 9.5) > right - MARGIN - 160:
            meta.pop()  # the last first: the line must not run under the blanks
        if meta:
            ops.text(MARGIN, HEADER_H - 12, clip("   ·   ".join(meta), REGULAR, 9.5, right - MARGIN - 160), size=9.5)
        for n, blank in enumerate(head.blanks):
            top = 20 + n * 26
            ops.text(right - 150, top, blank.label, BOLD, 9, kind="right")
            if blank.value:
                ops.text(right - 142, top, clip(blank.value, REGULAR, 11, 142), size=11)
                continue
            ops.line(right - 142, top + 3, 142)
            if self.page == 1:
                ops.field(right - 142, top - 15, blank.name, 142, 17, blank.label, kind="blank")
        ops.line(MARGIN, HEADER_H - 4, right - MARGIN, size=1.5)
        return ops

    def draw_footer(self, canv: Any) -> None:
        """The document's lines (clipped to the page), its address as a QR code, and "Page X of Y"."""
        data, right, x = self.footer_data, self.pagesize[0] - MARGIN, MARGIN
        ops = Ops()
        ops.line(MARGIN, -12, right - MARGIN, size=0.6, color=RULE)
        if self.qr is not None:
            if not canv.hasForm("qr"):  # drawn once, shown on every page
                canv.beginForm("qr", 0, 0, QR, QR)
                renderPDF.draw(self.qr, canv, 0, 0)
                canv.endForm()
            canv.saveState()
            canv.translate(x, MARGIN)
            canv.doForm("qr")
            canv.restoreState()
            x += QR + 8
        before = data.page_of.split("{pages}", 1)[0].format(page=self.page)
        at = right - stringWidth(before + "00", BOLD, 9)
        for n, line in enumerate(data.lines):
            font = BOLD if n == 0 else REGULAR
            ops.text(x, n * 10, clip(line, font, 7.5, at - x - 12), font, 7.5, color=GREY)
        ops.text(at, 0, before, BOLD, 9)
        paint(canv, ops, MARGIN + 26, self.fields)
        canv.saveState()
        canv.translate(at + stringWidth(before, BOLD, 9), MARGIN + 26)
        canv.doForm("page-total")
        canv.restoreState()


def _qr_code(url: str) -> Drawing | None:
    """The address as a QR code, or None when it is too long for one."""
    if len(url.encode("utf-8")) > QR_FITS:
        return None
    drawing = Drawing(QR, QR)
    code = QrCodeWidget(url, barWidth=QR, barHeight=QR, barBorder=0, barLevel="M")
    try:
        code.draw()  # encodes now: an overflow shows here, not in the middle of a page
    except Exception:  # ReportLab says "code length overflow" with a bare Exception
        return None
    drawing.add(code)
    return drawing


class _EmbeddedFiles(pdfdoc.PDFObject):  # type: ignore[misc]
    """The catalog's name tree of files carried inside the PDF (what a form was printed from)."""

    def __init__(self, document: Any, files: Mapping[str, bytes]) -> None:
        self.specs = []
        for name, data in sorted(files.items()):
            stream = pdfdoc.PDFStream(
                pdfdoc.PDFDictionary(
                    {
                        "Type": pdfdoc.PDFName("EmbeddedFile"),
                        "Subtype": pdfdoc.PDFName("application#2Fjson"),
                        "Params": pdfdoc.PDFDictionary({"Size": len(data)}),
                    }
                ),
                data,
            )
            spec = pdfdoc.PDFDictionary(
                {
                    "Type": pdfdoc.PDFName("Filespec"),
                    "F": pdfdoc.PDFString(name),
                    "UF": pdfdoc.PDFString(name),
                    "EF": pdfdoc.PDFDictionary({"F": document.Reference(stream)}),
                    "AFRelationship": pdfdoc.PDFName("Data"),
                }
            )
            self.specs.append((name, document.Reference(spec)))

    def format(self, document: Any) -> bytes:
        names = " ".join(
            f"{pdfdoc.PDFString(name).format(document).decode('latin-1')} {ref.format(document).decode('latin-1')}"
            for name, ref in self.specs
        )
        return f"<< /EmbeddedFiles << /Names [{names}] >> >>".encode("latin-1")
