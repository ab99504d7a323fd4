"""``brandguard serve``: the HTTP service (FastAPI on uvicorn, the ``serve`` extra).

``create_app`` is imported on first use, so ``import brandguard.service`` does not need FastAPI.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
