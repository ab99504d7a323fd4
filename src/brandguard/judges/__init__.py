"""LLM judges: brand voice and compliance nuance, as LangChain chains driven by the policy.

Nothing here is imported by ``import brandguard``; LangChain loads only when a judge runs.
"""

from .config import JUDGES, JudgesConfig, JudgeSettings
from .schema import JudgeIssue, JudgeOutput

__all__ = ["JUDGES", "JudgeIssue", "JudgeOutput", "JudgeSettings", "JudgesConfig"]
