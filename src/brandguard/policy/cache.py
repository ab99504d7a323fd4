"""The compiled-policy cache: a resolved, validated policy kept on disk between runs.

Loading a policy parses its YAML and every file it extends, validates every rule and builds
its lexicons' automata: hundreds of milliseconds, on every ``brandguard check``. The cache
keeps the result (a pickle of the built :class:`~brandguard.policy.Policy`; patterns are
kept as source and compiled on first use, see ``rules.base.GatedPattern``) under a key made
of brandguard's version, the Python and pydantic versions, and the root file's path and
sha256. An entry is used only when

* it was written by this very version of brandguard (a format or class change between
  versions can never load a stale object), and
* every file the policy was built from (the root and each ``extends``, built-in ones too)
  still has the sha256 it had: an edit anywhere invalidates it.

It lives under ``$BRANDGUARD_CACHE_DIR/policies`` (default ``$XDG_CACHE_HOME/brandguard`` or
``~/.cache/brandguard``); ``BRANDGUARD_POLICY_CACHE=off`` turns it off. Entries are written
atomically (a temporary file renamed over the entry), so concurrent processes sharing the
directory never read half an entry; a pickle runs code when read, so an entry is read only
from a directory and a file owned by the current user that nobody else can write. Any
problem reading an entry (corrupt, truncated, a class that moved) rebuilds the policy from
its files: the cache can make a start faster, never make a result different.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "enabled"]

#: Bumped when the entry layout changes (within one brandguard version, for developers).
_FORMAT = 1


def enabled() -> bool:
    return os.environ.get("BRANDGUARD_POLICY_CACHE", "").strip().lower() not in {
        "0",
        "off",
        "false",
        "no",
    }


def cache_dir() -> Path:
    root = os.environ.get("BRANDGUARD_CACHE_DIR")
    if root:
        return Path(root) / "policies"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "brandguard" / "policies"


def _stamp() -> str:
    from .. import __version__

    try:
        import pydantic

        pyd = pydantic.VERSION
    except Exception:  # pragma: no cover - pydantic is a dependency
        pyd = "?"
    return (
        f"brandguard {__version__}; python {sys.version.split()[0]}; pydantic {pyd}; f{_FORMAT}; "
        f"code {_code_stamp()}"
    )


_CODE: list[str] = []


def _code_stamp() -> str:
    """The size and mtime of every module of the installed package: a checkout whose code
    changed under the same version (a development install, a patched site-packages) never
    reads an entry pickled by other code. ~80 stat calls, a fraction of a millisecond."""
    if not _CODE:
        root = Path(__file__).resolve().parent.parent
        h = hashlib.sha256()
        for path in sorted(root.rglob("*.py")):
            try:
                st = path.stat()
            except OSError:
                continue
            h.update(f"{path.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        _CODE.append(h.hexdigest()[:16])
    return _CODE[0]


def key(root: str, text: str) -> str:
    blob = f"{_stamp()}\0{root}\0{hashlib.sha256(text.encode('utf-8')).hexdigest()}"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_sha(path: str) -> str | None:
    """The sha256 of a file's text as the loader reads it (``read_text``: newlines
    translated), or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_text(encoding="utf-8").encode("utf-8")).hexdigest()
    except (OSError, UnicodeDecodeError):
        return None


def _safe(path: Path, st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (a pickle executes code when read)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the user profile is private
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(entry_key: str) -> Any | None:
    """The cached policy for ``entry_key``, or None (absent, stale, unsafe or unreadable)."""
    folder = cache_dir()
    path = folder / f"{entry_key}.pickle"
    try:
        if not _safe(folder, folder.stat()):
            return None
        with open(path, "rb") as fh:
            if not _safe(path, os.fstat(fh.fileno())):
                return None
            header = pickle.load(fh)
            if (
                not isinstance(header, dict)
                or header.get("stamp") != _stamp()
                or header.get("key") != entry_key
            ):
                return None
            for file, sha in header.get("files", ()):
                if file_sha(file) != sha:
                    return None
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a broken entry is a miss, never an error
        return None


def store(entry_key: str, policy: Any, files: list[tuple[str, str]]) -> None:
    """Write the entry atomically; a cache that cannot be written is silently skipped."""
    folder = cache_dir()
    with contextlib.suppress(Exception):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _safe(folder, folder.stat()):
            return
        header = {"stamp": _stamp(), "key": entry_key, "files": files}
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(header, fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(policy, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{entry_key}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
