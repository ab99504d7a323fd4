"""brandguard inside other tools.

Each integration is its own module with its own extra, imported only when asked for:

* ``brandguard.integrations.guardrails`` (``pip install "brandguard[guardrails]"``): the
  ``brandguard/policy`` validator, ``guard_for(policy)``, and the ``guardrails`` rule kind that
  runs a guardrails validator inside a brandguard policy.
* ``brandguard.integrations.langchain`` (``pip install "brandguard[langchain]"``): the
  ``BrandguardPublishGate`` agent middleware, ``as_runnable(checker)``, the ``check_post`` tool and
  a detector for LangChain's ``PIIMiddleware``.

Importing this package imports neither guardrails-ai nor LangChain.
"""
