"""A team's own recognizer, loaded by import path from a policy (tests/test_recognizers.py)."""

from __future__ import annotations

import regex

from brandguard.recognizers import Recognizer


class EmployeeId(Recognizer):
    name = entity = "employee_id"
    label = "employee number"
    score = 0.9
    _pattern = regex.compile(r"\bemp-\d{6}\b")

    def candidates(self, scan):
        for m in self._pattern.finditer(scan.text):
            yield m.span()
