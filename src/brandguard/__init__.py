"""brandguard: check draft social-media posts against brand voice and the rules that get
companies fined, before they are published.

    >>> from brandguard import Checker, Post
    >>> verdict = Checker().check(Post(text="Our tea cures cancer!", platform="x"))
    >>> verdict.decision
    <Decision.BLOCK: 'block'>

Names are imported on first use, so ``import brandguard`` is fast and does no I/O.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Checker",
    "Decision",
    "Finding",
    "Fix",
    "Policy",
    "PolicyError",
    "Post",
    "Severity",
    "Verdict",
    "check",
    "load_policy",
]

_WHERE = {
    "Checker": "checker",
    "check": "checker",
    "Post": "post",
    "Verdict": "verdict",
    "Finding": "verdict",
    "Fix": "verdict",
    "Severity": "verdict",
    "Decision": "verdict",
    "Policy": "policy",
    "PolicyError": "policy",
    "load_policy": "policy",
}

if TYPE_CHECKING:
    from .checker import Checker, check
    from .policy import Policy, PolicyError, load_policy
    from .post import Post
    from .verdict import Decision, Finding, Fix, Severity, Verdict


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'brandguard' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
