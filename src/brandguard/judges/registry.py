"""The judges brandguard knows: a name and the prompt file that declares it.

A judge is data: its prompt file (``prompts/NAME.yaml``) holds the text sent to the model, its
categories and the rule family each answers to, its owner and source, and its default severity
mapping. Adding a judge is a prompt file plus one entry here (or :func:`register_judge` from
another package); nothing else names judges.
"""

from __future__ import annotations

__all__ = ["JUDGES", "register_judge"]

#: judge name -> prompt file (a name in brandguard's prompts/, or a path to a YAML file)
JUDGES: dict[str, str] = {
    "voice": "voice",
    "compliance": "compliance",
}


def register_judge(name: str, prompt: str) -> None:
    """Make a judge available to policies (``judges: {NAME: {}}``)."""
    from .prompts import judge_families, load_prompt

    JUDGES[name] = prompt
    load_prompt.cache_clear()
    judge_families.cache_clear()
