"""The `opsmanual` command: a thin caller of the pipeline's stages, one module per command.

Exit codes: 0 success, 1 the manual has errors or the command refused, 2 the command line is wrong.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence

from opsmanual import __version__
from opsmanual.cli import build, bump, check, checklist, export, init, records, review, today, training, translate
from opsmanual.diagnostics import Diagnostic, Severity, UserError
from opsmanual.i18n.messages import _

# Each adds its parsers, in --help order.
COMMANDS = (check, build, checklist, today, records, training, init, review, bump, translate, export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsmanual",
        description=_(
            "Standard operating procedures as YAML: checked like a strict reviewer, "
            "published as a searchable site, printed as shift checklists."
        ),
        epilog=_("A first manual in three steps:\n{steps}\nEvery command explains itself: {command}").format(
            steps='  opsmanual init my-cafe --name "Corner Café"\n'
            '  opsmanual new procedure front-of-house/answer-the-phone --title "Answer the phone" --root my-cafe\n'
            "  opsmanual build my-cafe",
            command="opsmanual COMMAND --help",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"opsmanual {__version__}", help=_("show the version and exit")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from opsmanual.cli.common import refused
    from opsmanual.cli.language import speak_for

    speak_for(sys.argv[1:] if argv is None else argv)  # before parsing, so that --help speaks it too
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a user's odd text never stops the report
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)  # a stopped build cleans up as after Ctrl+C
    try:
        code: int = args.run(args)
    except UserError as error:
        return refused(error.diagnostics, args)
    except KeyboardInterrupt:
        sys.stderr.write(_("interrupted; nothing was changed") + "\n")
        return 130
    except OSError as error:  # a full disk, a permission, a busy file: one line that names the path
        return refused([_os_error(error)], args)
    return code


def _os_error(error: OSError) -> Diagnostic:
    where = error.filename2 or error.filename
    hint = _("check that the folder exists, that you may write there and that the disk has room")

    file = str(where) if where is not None else ""
    return Diagnostic(file, 0, 0, Severity.ERROR, "os-error", error.strerror or str(error), hint)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
