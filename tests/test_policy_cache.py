"""The compiled-policy cache: a hit gives the same policy as a build, any edit to any file
the policy was built from invalidates it, and a broken or unsafe entry is a miss."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from brandguard import Checker, Post
from brandguard.policy import cache, load_policy

POSTS = [
    "Get guaranteed returns! #InvestingTips",
    "Loving my new serum from @glowco #gifted",
    "Cures anxiety in 3 days",
    "hello",
]


@pytest.fixture
def cdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BRANDGUARD_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("BRANDGUARD_POLICY_CACHE", raising=False)
    return tmp_path / "c" / "policies"


def _entries(cdir: Path) -> list[Path]:
    return sorted(cdir.glob("*.pickle")) if cdir.exists() else []


def _verdicts(policy: object) -> list[dict]:
    checker = Checker(policy, judges=False)  # type: ignore[arg-type]
    out = []
    for text in POSTS:
        rec = checker.check(Post(text=text)).to_record()
        rec.pop("timings", None)
        rec.pop("elapsed_ms", None)
        out.append({k: v for k, v in rec.items() if "ms" not in k})
    return out


def test_a_hit_is_the_policy_a_build_gives(cdir: Path) -> None:
    built = load_policy("builtin:examples/global-brand-all-markets")
    assert len(_entries(cdir)) == 1
    hit = load_policy("builtin:examples/global-brand-all-markets")
    assert hit is not built and hit.sha256 == built.sha256
    assert [r.id for r in hit.rules] == [r.id for r in built.rules]
    assert _verdicts(hit) == _verdicts(built)


def test_an_edit_to_an_extended_file_invalidates(cdir: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(
        "name: base\nrules:\n  t.word:\n    kind: existence\n    tokens: [banana]\n"
        "    message: no bananas\n    level: error\n"
    )
    root = tmp_path / "root.yaml"
    root.write_text("name: root\nextends: [base.yaml]\n")
    first = load_policy(root)
    assert load_policy(root).sha256 == first.sha256
    assert Checker(load_policy(root)).check(Post(text="a banana")).decision.value == "block"
    base.write_text(base.read_text().replace("banana", "cherry"))
    second = load_policy(root)
    assert second.sha256 != first.sha256
    assert Checker(second).check(Post(text="a banana")).decision.value == "pass"
    assert Checker(second).check(Post(text="a cherry")).decision.value == "block"


def test_a_broken_entry_is_a_miss(cdir: Path) -> None:
    want = load_policy("builtin:default").sha256
    (entry,) = _entries(cdir)
    entry.write_bytes(entry.read_bytes()[:1000])  # truncated
    assert load_policy("builtin:default").sha256 == want
    (entry,) = _entries(cdir)
    assert len(entry.read_bytes()) > 1000  # rewritten whole


def test_an_entry_others_can_write_is_never_read(cdir: Path) -> None:
    load_policy("builtin:default")
    (entry,) = _entries(cdir)
    # a planted entry: a header that passes, then an object that is not a policy
    with open(entry, "rb") as fh:
        header = pickle.load(fh)
    entry.write_bytes(pickle.dumps(header) + pickle.dumps("planted"))
    os.chmod(entry, 0o666)
    assert cache.load(entry.stem) is None
    os.chmod(entry, 0o600)
    assert cache.load(entry.stem) == "planted"  # the same entry, private: read
    # and the loader never takes a non-policy for a policy
    assert load_policy("builtin:default").name == "brandguard-default"


def test_off(cdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANDGUARD_POLICY_CACHE", "off")
    load_policy("builtin:default")
    assert _entries(cdir) == []


def test_a_version_change_is_a_miss(cdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_policy("builtin:default")
    (entry,) = _entries(cdir)
    import brandguard

    monkeypatch.setattr(brandguard, "__version__", "999.0")
    assert cache.load(entry.stem) is None
