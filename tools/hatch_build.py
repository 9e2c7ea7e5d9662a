"""The build's one extra step: the gettext catalogs (.po) compiled to .mo with Babel.

Compiled catalogs are build output, never committed. An editable install (`make`, `pip install -e`)
runs from the checkout, so they are compiled beside their .po files; a wheel gets them from a
scratch folder, so building one changes nothing in the checkout.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script (make messages), where hatchling is not installed
    BuildHookInterface = object

PACKAGE = Path("tools")  # the folder that holds the package `opsmanual`
CATALOGS = PACKAGE / "opsmanual" / "i18n" / "locale"


def compile_catalogs(root: Path, into: Path) -> list[Path]:
    """Every `<lang>/LC_MESSAGES/<domain>.po` under `root` as a .mo at the same place under `into`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = into / po.relative_to(root).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3], abort_invalid=True)
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)  # a fuzzy translation is a guess: English is shown instead
        written.append(mo)
    return written


class CatalogsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        catalogs = Path(self.root) / CATALOGS
        if version == "editable":
            compile_catalogs(catalogs, catalogs)
            return
        self.scratch = Path(tempfile.mkdtemp(prefix="opsmanual-catalogs-"))
        for mo in compile_catalogs(catalogs, self.scratch):
            inside = CATALOGS.relative_to(PACKAGE) / mo.relative_to(self.scratch)
            build_data["force_include"][str(mo)] = inside.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":  # make messages: the catalogs compiled in place, as an editable install does
    catalogs = Path(__file__).resolve().parent.parent / CATALOGS
    for mo in compile_catalogs(catalogs, catalogs):
        print(f"compiled {mo.relative_to(catalogs.parent.parent.parent.parent)}")
