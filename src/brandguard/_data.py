"""Where the shipped data lives: the policy YAML (``policies/``) and the judge prompt files
(``prompts/``).

In the repository both sit at the top level, where a compliance reviewer finds them; the wheel
carries them inside the package (``brandguard/policies``, ``brandguard/prompts``, mapped by the
build backend). An installed wheel reads the package copy; an editable checkout, which has no
package copy, reads the top-level folders. Either way the same files answer.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

__all__ = ["data_dir"]

_KINDS = ("policies", "prompts")


def data_dir(kind: str) -> Traversable:
    """The folder of shipped ``policies`` or ``prompts``."""
    if kind not in _KINDS:
        raise ValueError(f"no shipped data folder {kind!r} (have: {', '.join(_KINDS)})")
    packaged = resources.files("brandguard") / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"brandguard's {kind}/ folder is missing: neither {packaged} (an installed wheel) nor "
        f"{checkout} (a source checkout) exists; reinstall brandguard"
    )
