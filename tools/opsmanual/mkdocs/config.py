"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class OpsManualConfig(base.Config):
    root = c.Optional(c.Type(str))
    """The manual's folder (holding sops/ and checklists/); default: the folder of mkdocs.yml."""

    today = c.Optional(c.Type(str))
    """The date that review badges are judged by, YYYY-MM-DD; default: the day of the build."""

    checklists = c.Type(bool, default=True)
    """Write each checklist's printable PDF beside its page (site/checklists/<id>.pdf)."""

    offline = c.Type(bool, default=False)
    """Build a site that works opened from a folder (file://): pages end in .html, search runs without a server."""

    language = c.Optional(c.Type(str))
    """Build the manual in this one of its `translations` (opsmanual build sets it for the site under /<language>/)."""
