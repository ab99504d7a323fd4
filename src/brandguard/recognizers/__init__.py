"""Personal-data recognizers: one unit per kind of data, Presidio-style.

Each module holds one :class:`~brandguard.recognizers.base.Recognizer`: how candidates are
found, how they are validated (checksum, numbering plan, calendar), their confidence and the
context words that raise it, and the source of the format. The ``pii`` rule runs the ones its
``detectors:`` list names, plus any its ``recognizers:`` list imports (``pkg.mod:Class``).

A team adds its own without touching the others::

    from brandguard.recognizers import Recognizer, register

    class EmployeeId(Recognizer):
        name = entity = "employee_id"
        label = "employee number"
        def candidates(self, scan):
            ...

    register(EmployeeId)            # now `detectors: [..., employee_id]` works

or, with no Python registration, in the policy YAML::

    privacy.pii:
      recognizers: ["acme_privacy.recognizers:EmployeeId"]

Recognizers are imported on first use: ``import brandguard`` stays fast.
"""

from __future__ import annotations

import importlib

from .base import Recognizer, Scan, Span

__all__ = ["BUILTIN", "Recognizer", "Scan", "Span", "load", "names", "register"]

#: the built-in recognizers, name -> ``module:Class``
BUILTIN: dict[str, str] = {
    "email": "brandguard.recognizers.email:EmailRecognizer",
    "iban": "brandguard.recognizers.iban:IbanRecognizer",
    "card": "brandguard.recognizers.card:CardRecognizer",
    "national_id": "brandguard.recognizers.national_id:NationalIdRecognizer",
    "passport": "brandguard.recognizers.passport:PassportRecognizer",
    "drivers_licence": "brandguard.recognizers.drivers_licence:DriversLicenceRecognizer",
    "ip": "brandguard.recognizers.ip:IpRecognizer",
    "dob": "brandguard.recognizers.dob:DateOfBirthRecognizer",
    "phone": "brandguard.recognizers.phone:PhoneRecognizer",
    "address": "brandguard.recognizers.address:AddressRecognizer",
}

_REGISTRY: dict[str, str | type[Recognizer]] = dict(BUILTIN)


def names() -> list[str]:
    """Every registered recognizer's name."""
    return list(_REGISTRY)


def register(recognizer: type[Recognizer] | str, name: str | None = None) -> None:
    """Make a recognizer available by name to every policy's ``detectors:`` list: a class,
    or an import path ``"pkg.module:ClassName"`` (imported on first use)."""
    if isinstance(recognizer, str):
        if name is None:
            name = _import(recognizer).name
    else:
        name = name or recognizer.name
    if not name:
        raise ValueError("a recognizer needs a name")
    _REGISTRY[name] = recognizer


def load(ref: str) -> type[Recognizer]:
    """The recognizer class for a registered name or an import path ``pkg.module:Class``."""
    target = _REGISTRY.get(ref, ref)
    if isinstance(target, str):
        cls = _import(target)
        if ref in _REGISTRY:
            _REGISTRY[ref] = cls
        return cls
    return target


def _import(path: str) -> type[Recognizer]:
    module, sep, attr = path.partition(":")
    if not sep or not module or not attr:
        raise ValueError(
            f"{path!r} is neither a recognizer's name nor an import path 'pkg.mod:Class'"
        )
    try:
        cls = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot import recognizer {path!r}: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Recognizer)):
        raise ValueError(f"{path!r} is not a brandguard.recognizers.Recognizer subclass")
    if not cls.name or not cls.entity:
        raise ValueError(f"recognizer {path!r} needs a `name` and an `entity`")
    return cls
