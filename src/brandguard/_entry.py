"""The ``brandguard`` console script's first module: Ctrl-C while the command starts.

Importing the command line (typer, rich, the checker) takes a few hundred milliseconds; a
SIGINT then would print an import traceback. This module holds SIGINT from the start of that import
(exit 130, "brandguard: interrupted") until :func:`brandguard.cli.run` installs its own
handler. Importing ``brandguard.cli`` from a library changes nothing.
"""

from __future__ import annotations

import signal
import sys
import threading


def _interrupted_at_start(signum: int, frame: object) -> None:
    sys.stderr.write("brandguard: interrupted\n")
    raise SystemExit(130)


def main() -> None:
    held = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if held:
        # brandguard.cli.run replaces it with its own handler (it takes this one for the default)
        signal.signal(signal.SIGINT, _interrupted_at_start)
    from .cli import main as cli_main

    cli_main()
