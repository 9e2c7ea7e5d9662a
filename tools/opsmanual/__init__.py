"""opsmanual: standard operating procedures as YAML, checked, published and printed."""

from __future__ import annotations

__version__ = "0.1.0"
