"""Rule kinds. Each module holds one kind and documents it like a ruff rule.

Import a kind's class through :func:`brandguard.policy.registry.rule_class`; this package
does not import the kinds eagerly, so ``import brandguard`` stays fast.
"""
