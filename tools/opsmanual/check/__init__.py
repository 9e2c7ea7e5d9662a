"""`opsmanual check`: the schema, the rules on each file and the rules across files."""

from __future__ import annotations

from opsmanual.check.run import CheckResult, check_manual

__all__ = ["CheckResult", "check_manual"]
