"""``python -m brandguard.service [--host H] [--port P] ...``: the same as ``brandguard serve``."""

from .cli import main

main()
