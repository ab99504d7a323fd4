"""Policy as code: schema, loader (YAML, ``extends``, errors with file:line), rule registry."""

from .loader import (
    PolicyError,
    PolicyIssue,
    builtin_policies,
    lint_policy,
    load_policy,
    policy_from_dict,
)
from .schema import Policy

__all__ = [
    "Policy",
    "PolicyError",
    "PolicyIssue",
    "builtin_policies",
    "lint_policy",
    "load_policy",
    "policy_from_dict",
]
