"""Driving MkDocs for `opsmanual build` and `opsmanual serve`: the one place, with the plugin, that knows MkDocs."""

from __future__ import annotations

import io
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from opsmanual.check import CheckResult
from opsmanual.mkdocs.defaults import mkdocs_config, mkdocs_yaml
from opsmanual.mkdocs.engines import build_with_zensical, site_problem
from opsmanual.outputs import locked, mark, output_folder, swap_into_place, temporary_beside

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _default_config_text(root: Path, today: date | None, result: CheckResult) -> str:

    manual = result.manual  # None when the manual has errors: served all the same, as a page of its mistakes
    name, language = (manual.name, manual.language) if manual is not None else (root.resolve().name, "en")
    config = mkdocs_config(name, language, docs_dir=str((root / "sops").resolve()))
    options: dict[str, Any] = {"root": str(root.resolve())}
    if today:
        options["today"] = today.isoformat()
    config["plugins"][0] = {"opsmanual": options}
    return mkdocs_yaml(config)


def load_mkdocs_config(root: Path, today: date | None, result: CheckResult, **overrides: Any) -> Any:
    """The manual's own mkdocs.yml when it has one (it must list the plugin), else the built-in one."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    own = root / "mkdocs.yml"
    try:
        if own.is_file():
            config = load_config(str(own), **overrides)
        else:
            stream = io.StringIO(_default_config_text(root, today, result))
            stream.name = str(root.resolve() / "mkdocs.yml")
            config = load_config(stream, **overrides)
    except ConfigurationError as exc:
        raise site_problem(
            "mkdocs-config",
            f"mkdocs.yml cannot be used: {exc}",
            "fix mkdocs.yml, or remove it to build with opsmanual's own configuration",
        ) from None
    plugin = config.plugins.get("opsmanual")
    if plugin is None:
        raise site_problem(
            "plugin-missing",
            "mkdocs.yml does not list the opsmanual plugin, so it would build no procedures",
            "add '- opsmanual' under 'plugins:' in mkdocs.yml (before 'search')",
        )
    plugin.checked = result  # already checked: the plugin does not check again
    if sys.stderr.isatty():
        plugin.progress = _show_progress
    if today and not plugin.config.today:
        plugin.config.today = today.isoformat()
    return config


def _show_progress(done: int, total: int) -> None:
    """A line that counts the pages on a terminal, for large manuals."""
    if total >= 100 and (done % 25 == 0 or done == total):
        sys.stderr.write(f"\r  {done} of {total} pages" + ("\n" if done >= total else ""))
        sys.stderr.flush()


@contextmanager
def mkdocs_logging() -> Iterator[None]:
    """MkDocs' own warnings and errors reach the user; its chatter does not."""
    import mkdocs

    logger = logging.getLogger(mkdocs.__name__)  # "properdocs" when ProperDocs stands in for MkDocs
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def build_site(
    root: Path,
    site_dir: Path | None,
    today: date | None,
    result: CheckResult,
    *,
    offline: bool = False,
    engine: str = "mkdocs",
) -> Path:
    """Build into a temporary folder beside the site, then swap it into place; returns the site's folder. Each of
    the manual's translations is a site of its own under /<language>/, switched to from every page. `engine`
    zensical builds the plain Markdown export with Zensical (engines.py); the others run the plugin."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config = load_mkdocs_config(root, today, result)
    option = "--site-dir" if site_dir else "site_dir in mkdocs.yml" if (root / "mkdocs.yml").is_file() else "--site-dir"
    target = output_folder(site_dir or Path(config.site_dir), root, "site", option)
    translations = result.manual.translations if result.manual is not None else ()
    with locked(target):
        temporary = temporary_beside(target)
        plugin = config.plugins["opsmanual"]
        try:
            if engine == "zensical":
                build_with_zensical(result.manual, root, temporary, today or date.today())
            else:
                for language in (None, *translations):
                    if language is not None:  # the same manual again, in a translation's words, into its subfolder
                        config = load_mkdocs_config(root, today, result)
                        plugin = config.plugins["opsmanual"]
                        plugin.config.language = language
                    config.site_dir = str(temporary / language if language else temporary)
                    if offline:
                        plugin.config.offline = True
                    with mkdocs_logging():
                        build(config)
                    plugin.stop()
            mark(temporary, "site")
            swap_into_place(temporary, target)
        except MkDocsException as exc:
            raise site_problem(
                "build-failed",
                f"the build failed, and the previous site is kept: {exc}",
                "fix what the message names (a page, a hook or a plugin in mkdocs.yml), then build again",
            ) from None
        finally:
            plugin.stop()  # no worker may write into the temporary folder once it is being removed
            shutil.rmtree(temporary, ignore_errors=True)
    return target


def serve_site(root: Path, address: str, today: date | None, result: CheckResult, memory: Any = None) -> None:
    """The live-reloading preview; an edit to sops/ or checklists/ makes again the pages it changes. `result` is
    the manual's check, made with `memory` (check.run.Memory) when given."""
    from opsmanual.mkdocs.preview import serve

    load_mkdocs_config(root, today, result)  # refuse a mkdocs.yml without the plugin before serving
    serve(root, address, today, result, memory)
