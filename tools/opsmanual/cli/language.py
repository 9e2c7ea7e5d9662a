"""Which language the command speaks, chosen before the command line is parsed, so that --help speaks it too."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from opsmanual.i18n.messages import choose_language, use_language


def manual_root(argv: Sequence[str]) -> Path:
    """The ROOT a command line is about, without parsing it: `--root X`, else the first argument that is a manual.

    The default is the current folder, as for the commands themselves.
    """
    args = list(argv)
    for number, arg in enumerate(args):
        if arg == "--root" and number + 1 < len(args):
            return Path(args[number + 1])
        if arg.startswith("--root="):
            return Path(arg.removeprefix("--root="))
    for arg in args[1:]:  # the first is the command's name
        if not arg.startswith("-") and (Path(arg) / "sops" / "manual.yaml").is_file():
            return Path(arg)
    return Path(".")


def speak_for(argv: Sequence[str]) -> None:
    use_language(choose_language(manual_root(argv)))
