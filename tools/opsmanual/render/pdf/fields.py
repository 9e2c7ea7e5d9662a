"""Form fields: every box a person fills in, so the same PDF works on paper and on a tablet.

Field names are the forms' contract (documented in the README); the module that lays
a form out chooses them, and this one only writes them into the document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.pdfbase import pdfdoc  # type: ignore[import-untyped]

from opsmanual.render.pdf.draw import Op


class Widget(pdfdoc.PDFObject):  # type: ignore[misc]
    """A field and its widget in one dictionary, written directly: ReportLab's AcroForm API builds six
    appearances and a dozen nested objects for every box, which made the fields most of the render time."""

    def __init__(self, entries: str, refs: Mapping[str, Any]) -> None:
        self.entries, self.refs = entries, refs

    def format(self, document: Any) -> bytes:
        refs = {key: value.format(document).decode("latin-1") for key, value in self.refs.items()}
        return f"<< {self.entries.format(**refs)} >>".encode("latin-1")


class Fields:
    """The AcroForm fields of one document. Their boxes are drawn on the page, so a field's appearance holds only
    what is filled in: the tick, or the text a viewer (or pypdf) writes when a value is set."""

    def __init__(self, canv: Any) -> None:
        self.canv, self.form = canv, canv.acroForm
        self.form.makeFont("Helvetica")  # the font values are typed in: the form's /DA and /DR
        self.ticks: dict[float, list[Any]] = {}
        self.groups: dict[str, _Group] = {}

    def _ticks(self, size: float) -> list[Any]:
        """A checkbox's 'Off' (nothing) and 'Yes' (a tick) appearances, shared by the boxes of its size."""
        if size not in self.ticks:
            box = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("XObject"), "Subtype": pdfdoc.PDFName("Form")})
            box["BBox"] = pdfdoc.PDFArray([0, 0, size, size])
            s = [f"{size * f:.2f}" for f in (0.12, 0.22, 0.52, 0.42, 0.27, 0.8, 0.78)]
            tick = f"0.1 G {s[0]} w 1 J 1 j {s[1]} {s[2]} m {s[3]} {s[4]} l {s[5]} {s[6]} l S"
            streams = (pdfdoc.PDFStream(box, code) for code in ("", tick))
            self.ticks[size] = [self.canv._doc.Reference(stream) for stream in streams]
        return self.ticks[size]

    def add(self, op: Op, x: float, y: float) -> None:
        doc = self.canv._doc
        refs = {"page": doc.thisPageRef(), "name": pdfdoc.PDFString(op.text), "tip": pdfdoc.PDFString(op.tip)}
        rect = f"[{x:.2f} {y:.2f} {x + op.w:.2f} {y + op.h:.2f}]"
        entries = f"/Type /Annot /Subtype /Widget /F 4 /P {{page}} /Rect {rect} "
        if op.kind == "radio":
            group = self._group(op)
            refs["parent"], (refs["off"], refs["on"]) = group.reference, self._ticks(op.w)
            entries += (
                f"/Parent {{parent}} /AS /Off /MK << /CA (l) >> /AP << /N << /{op.value} {{on}} /Off {{off}} >> >>"
            )
            widget = Widget(entries, refs)
            self.canv._addAnnotation(widget)
            group.kids.append(doc.Reference(widget))
            return
        entries += "/T {name} /TU {tip} "
        if op.kind == "check":
            refs["off"], refs["on"] = self._ticks(op.w)
            entries += "/FT /Btn /V /Off /AS /Off /MK << /CA (4) >> /AP << /N << /Yes {on} /Off {off} >> >>"
        elif op.kind == "area":
            entries += "/FT /Tx /Ff 4096 /V () /DA (/Helv 9 Tf 0 g)"
        else:
            entries += f"/FT /Tx /V () /DA (/Helv {min(11, op.h * 0.6):.0f} Tf 0 g)"
        widget = Widget(entries, refs)
        self.canv._addAnnotation(widget)
        self.form.fields.append(doc.Reference(widget))

    def _group(self, op: Op) -> _Group:
        """The field that a set of radio boxes shares: one value, the answer chosen."""
        if op.text not in self.groups:
            group = _Group(op.text, op.tip)
            group.reference = self.canv._doc.Reference(group)
            self.groups[op.text] = group
            self.form.fields.append(group.reference)
        return self.groups[op.text]


class _Group(pdfdoc.PDFObject):  # type: ignore[misc]
    """A radio-button field (no toggling off, one choice at a time); its boxes are its kids."""

    def __init__(self, name: str, tip: str) -> None:
        self.name, self.tip = name, tip
        self.kids: list[Any] = []
        self.reference: Any = None

    def format(self, document: Any) -> bytes:
        name = pdfdoc.PDFString(self.name).format(document).decode("latin-1")
        tip = pdfdoc.PDFString(self.tip).format(document).decode("latin-1")
        kids = " ".join(kid.format(document).decode("latin-1") for kid in self.kids)
        return f"<< /FT /Btn /Ff 49152 /T {name} /TU {tip} /V /Off /Kids [{kids}] >>".encode("latin-1")
