"""The pictures procedures show: inside sops/media/, present, what their names say, and inert.

An SVG is a document that can carry script: opened on its own, a script in it runs on
the site's origin. So an SVG is parsed as XML with a hardened parser (no DTD, no
entities, no external references) and refused when it holds script, event handlers,
embedded HTML, or links and styles that reach outside the picture. The build asks the
same question again before it publishes a picture (defence in depth).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from opsmanual.i18n.messages import _

_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
_ACTIVE_ELEMENTS = frozenset(("script", "foreignobject", "iframe", "embed", "object", "handler", "listener"))
_ANIMATIONS = frozenset(("set", "animate", "animatemotion", "animatetransform"))
_LINK_ATTRIBUTES = frozenset(("href", "src"))
_SAFE_LINK = re.compile(r"#|data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
_OUTSIDE_STYLE = re.compile(r"@import|url\s*\(\s*['\"]?\s*(?!#)|expression\s*\(|javascript:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20]+")


def _local(name: str) -> str:
    """An XML name without its namespace: '{http://www.w3.org/2000/svg}script' -> 'script'."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


Verdict = tuple[bool, str]  # (whether it could run script or load from elsewhere, why it is refused)


def svg_problem(data: bytes) -> Verdict | None:
    """Why an SVG is not an SVG picture (unsafe: False) or not safe to publish (True), or None."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return False, _("declares a DTD or entities, which a plain SVG picture never needs")
    except (ParseError, ValueError, UnicodeDecodeError):
        return False, _("is not well-formed XML, so it is not an SVG picture")
    if _local(root.tag) != "svg":
        return False, _("is XML whose root is {element}, not an SVG picture").format(element=f"<{_local(root.tag)}>")
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        tag = name.lower()
        if tag in _ACTIVE_ELEMENTS:
            return True, _("contains {element}, which can run script when the picture is opened").format(
                element=f"<{name}>"
            )
        if tag == "style" and element.text and _OUTSIDE_STYLE.search(element.text):
            return True, _("has a style that loads from outside the picture")
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                return True, _(
                    "has an event handler ({attribute}), which runs script when the picture is opened"
                ).format(attribute=f"{attribute}=")
            plain = _INVISIBLE.sub("", value)
            if attribute in _LINK_ATTRIBUTES and plain and not _SAFE_LINK.match(plain):
                return True, _("links outside the picture ({link})").format(link=f'{attribute}="{value[:40]}"')
            if attribute == "style" and _OUTSIDE_STYLE.search(value):
                return True, _("has a style that loads from outside the picture")
            if tag in _ANIMATIONS and attribute == "attributename" and _local(value) in _LINK_ATTRIBUTES:
                return True, _("animates a link, which can run script when the picture is opened")
    return None


def picture_problem(path: Path) -> Verdict | None:
    """Why the file at `path` is not the picture its extension says, or not safe to publish; None when fine."""
    extension = path.suffix.lower().lstrip(".")
    try:
        with path.open("rb") as stream:
            head = stream.read(12) if extension != "svg" else stream.read()
    except OSError as error:
        return extension == "svg", _("cannot be read ({error})").format(error=error.strerror or error)
    if extension == "svg":
        return svg_problem(head)
    if extension == "webp":
        fits = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        fits = head.startswith(_SIGNATURES.get(extension, (b"",)))
    return (
        None if fits else (False, _("is not a {kind} picture, whatever its name says").format(kind=extension.upper()))
    )


class MediaFolder:
    """The pictures under sops/media/, looked up once per check."""

    def __init__(self, root: Path) -> None:
        self.sops = root / "sops"
        self.root = Path(os.path.realpath(root))
        self.media = Path(os.path.realpath(self.sops / "media"))
        self._names: list[str] | None = None
        self._verdicts: dict[str, tuple[str, str, str] | None] = {}

    def names(self) -> list[str]:
        if self._names is None:
            found = []
            if self.media.is_relative_to(self.root):
                for folder, _folders, files in os.walk(self.media):
                    rel = Path(folder).relative_to(self.media).as_posix()
                    found += [("media/" if rel == "." else f"media/{rel}/") + f for f in files if not f.startswith(".")]
            self._names = found
        return self._names

    def problem(self, file: str) -> tuple[str, str, str] | None:
        """(code, why, hint) when `file` (already of the schema's form) is not a usable picture, else None.

        Each picture is looked at once per check, however many steps show it.
        """
        if file not in self._verdicts:
            self._verdicts[file] = self._problem(file)
        return self._verdicts[file]

    def _problem(self, file: str) -> tuple[str, str, str] | None:
        where = _("put the picture in sops/media/ and write its path from sops/, like media/house-salad.jpg")
        try:
            real = Path(os.path.realpath(self.sops / file))
            if not self.media.is_relative_to(self.root) or not real.is_relative_to(self.media):
                return "missing-image", _("leads outside sops/media/"), where
            if not real.exists():
                return "missing-image", _("does not exist"), where
            if not real.is_file():
                return "missing-image", _("is not a file"), where
        except OSError as error:
            why = _("cannot be read ({error})").format(error=error.strerror or error)
            return "missing-image", why, _("use a shorter path and name")
        verdict = picture_problem(real)
        if verdict is None:
            return None
        unsafe, why = verdict
        code = "unsafe-picture" if unsafe else "bad-picture"
        hint = (
            _("save it again without scripts or links (export it from a drawing program as a plain SVG), or as PNG")
            if unsafe
            else _(
                "export it again from a drawing or photo program, as the kind its name says (png, jpg, gif, webp, svg)"
            )
        )
        return code, why, hint
