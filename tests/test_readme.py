"""README examples that are tested: every fenced block in README.md runs or is validated.

Each block carries, right above its opening fence (blank lines between are fine), an HTML
comment that GitHub does not render::

    <!-- test: MODE DIRECTIVE... -->

    <!-- test: MODE DIRECTIVE...
      N: DIRECTIVE...                  (for the N-th command of a bash block, counted from 1)
    -->

A block without one fails ``test_every_block_is_annotated``, so a new example cannot go untested
silently. Directives are shell-quoted words: ``flag``, ``key=value`` or ``key="a value"``; a key
may repeat (each ``stdout~=`` is one more check). Block-level directives apply to every command;
a command's own ``exit=`` replaces the block's.

Modes (the block's language in brackets):

``skip reason="..."`` [any]
    Not runnable here (installs packages, times the machine, ...); the reason is required.
``bash`` [bash]
    Each command (one line, ``\\`` continuations joined, ``#`` comments dropped) runs with
    ``bash -c`` in the workspace (below). Every command needs an ``exit=`` or a
    ``N: skip reason=...``. Checks: ``exit=N``; ``stdout~=S`` / ``stderr~=S`` (contains),
    ``stdout!~=S`` (does not contain), ``stdout=S`` (all of stdout, stripped);
    ``verdicts=OUT:IN`` (file OUT holds one verdict record per line of IN, same ids, in order);
    ``check=NAME`` (a named check in this file: ``tags-narrow``). Rewrites before running:
    ``sub="<run>=GLOB"`` (the placeholder becomes the name of the newest workspace path matching
    GLOB); ``part=brandguard reason="..."`` (run only the ``brandguard ...`` parts of an ``&&``
    chain, the reason says why the rest cannot run); ``fake-openai`` (the command talks to
    ``tests/smoke/fake_openai.py`` on loopback instead of a real model: it replaces
    ``http://127.0.0.1:8765/v1`` and is ``OPENAI_BASE_URL``; it must receive a request; it
    answers a post that mentions "anxiety" with one implied-health-claim issue, else none).
    Only ``brandguard``, ``cat``, ``echo`` and ``printf`` commands run; anything else needs a skip.
``ci`` [bash]
    The block is the command CI runs: each command of its ``&&`` chain is a line of
    ``.ci/run``, in order (the suite cannot run itself from inside).
``python`` [python]
    Runs as a script in the workspace; it must exit 0 (its ``assert`` statements state the
    results the text gives) and meet ``stdout~=`` checks. ``continues``: the previous python
    block's code runs first; ``await``: top-level ``await`` allowed (as in ``python -m asyncio``);
    ``fake-openai`` as for bash.
``policy`` [yaml]
    Loads with ``policy_from_dict(yaml.safe_load(block), base=workspace)``. ``file=PATH``: the
    block is that file in the workspace (written before any block runs, so commands and
    snippets can use it); ``lint``: ``brandguard policy lint`` says ``ok`` with 0 warnings.
``post`` [json]
    Every line is a ``brandguard.Post``.
``verdict`` [json]
    One record (it may be indented): exactly what ``brandguard check --input - --format jsonl``
    prints for the post with its id in the nearest ``post`` block above. Same keys at every level
    and same values, except that ``"…"`` matches anything and ``policy.version`` and
    ``policy.sha256`` (which move with the policy) are not compared.
``transcript`` [plain]
    ``$ COMMAND`` lines run in the workspace; the lines up to the next ``$`` are the expected
    output (stdout and stderr together), exactly. ``exit=N``.
``layout`` [plain]
    The first column names a path in the repository; the files (``x.py``, ``X.md``), folders
    (``dir/``) and a folder's modules (``dir/ (a, b)``) the description names exist under it.

The workspace is one temporary folder for the whole file: the files in ``tests/readme/``
(``draft.txt``, ``queue.jsonl``, ``bad.yaml``, ``not-utf8.txt``), the ``file=`` blocks, and ``evals/`` (a link
to the repository's). Commands run with the venv's ``brandguard`` first on PATH, without
``BRANDGUARD_*``/``OPENAI_*`` variables, with the judge cache inside the workspace and 80 columns.
The blocks do not depend on each other: when the workspace is made, the selected blocks start
in a thread pool (as many at a time as there are CPUs, at most 4) and ``test_block`` reports each
one's outcome. A command that writes nothing (no redirection, pipe, ``eval`` or ``--out``) runs
once; the prose tests reuse its output.

The ``test_prose_*`` tests check statements made in the text around the blocks (key lists,
counts, exit statuses, built-in names, paths).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
FIXTURES = Path(__file__).resolve().parent / "readme"
LOCAL_URL = "http://127.0.0.1:8765/v1"  # the local model server the README's examples name
WILDCARD = "…"
TIMEOUT = 180
RUNNABLE = {"brandguard", "cat", "echo", "printf"}

MODES = {
    "bash": {"skip", "bash", "ci"},
    "python": {"skip", "python"},
    "yaml": {"skip", "policy"},
    "json": {"skip", "post", "verdict"},
    "": {"skip", "transcript", "layout"},
}
KEYS = {  # directive keys each mode accepts (block level; bash commands take the same)
    "skip": {"reason"},
    "ci": set(),
    "bash": {
        "exit",
        "stdout~",
        "stdout!~",
        "stdout",
        "stderr~",
        "verdicts",
        "check",
        "sub",
        "part",
        "reason",
        "fake-openai",
        "skip",
    },
    "python": {"stdout~", "stdout!~", "continues", "await", "fake-openai"},
    "policy": {"file", "lint"},
    "post": set(),
    "verdict": set(),
    "transcript": {"exit"},
    "layout": set(),
}


# -- parsing the README ----------------------------------------------------------------------
@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    note: str | None  # the annotation's body (after "test:"), or None
    note_error: str | None = None
    note_line: int = 0  # 1-based line where the annotation starts

    @property
    def id(self) -> str:
        return f"README.md:{self.line}-{self.lang or 'plain'}"


_FENCE = re.compile(r"^```([\w-]*)\s*$")


def parse_readme(text: str) -> list[Block]:
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), None)
        if end is None:
            raise AssertionError(f"README.md:{start + 1}: the code block is never closed")
        note, error, note_line = _annotation(lines, start)
        body = "\n".join(lines[start + 1 : end]) + "\n"
        blocks.append(Block(start + 1, m.group(1), body, note, error, note_line))
        i = end + 1
    return blocks


def _annotation(lines: list[str], fence: int) -> tuple[str | None, str | None, int]:
    """The ``<!-- test: ... -->`` comment that ends on the last non-blank line above a fence."""
    j = fence - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0 or not lines[j].rstrip().endswith("-->"):
        return None, None, 0
    k = j
    while k >= 0 and "<!--" not in lines[k]:
        k -= 1
    comment = "\n".join(lines[k : j + 1]).strip()
    m = re.fullmatch(r"<!--\s*test:(.*?)-->", comment, re.S)
    if not m:
        return (
            None,
            f"README.md:{k + 1}: the comment above the block is not '<!-- test: ... -->'",
            k + 1,
        )
    return m.group(1), None, k + 1


@dataclass
class Note:
    mode: str
    block: dict[str, list[str]] = field(default_factory=dict)
    commands: dict[int, dict[str, list[str]]] = field(default_factory=dict)


_KEY = re.compile(r"^([a-z][a-z-]*(?:!~|~)?)=(.*)$", re.S)


def _directives(words: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for word in words:
        m = _KEY.match(word)
        key, value = (m.group(1), m.group(2)) if m else (word, "")
        out.setdefault(key, []).append(value)
    return out


def parse_note(block: Block) -> Note:
    if block.note_error:
        raise AssertionError(block.note_error)
    if block.note is None:
        raise AssertionError(
            f"{block.id}: no '<!-- test: ... -->' annotation above the block (see the top of "
            "tests/test_readme.py): say how to check it, or skip it with a reason"
        )
    head: list[str] = []
    commands: dict[int, dict[str, list[str]]] = {}
    for raw in block.note.splitlines():
        m = re.match(r"^\s*(\d+):(.*)$", raw)
        try:
            words = shlex.split(m.group(2) if m else raw)
        except ValueError as exc:
            raise AssertionError(f"{block.id}: annotation line {raw.strip()!r}: {exc}") from None
        if m:
            commands[int(m.group(1))] = _directives(words)
        else:
            head += words
    if not head:
        raise AssertionError(f"{block.id}: the annotation names no mode")
    mode, rest = head[0], head[1:]
    if mode not in MODES.get(block.lang, set()):
        raise AssertionError(
            f"{block.id}: mode {mode!r} is not one for a {block.lang or 'plain'} block "
            f"({', '.join(sorted(MODES.get(block.lang, set())))})"
        )
    note = Note(mode, _directives(rest), commands)
    allowed = KEYS[mode]
    for scope in [note.block, *note.commands.values()]:
        unknown = set(scope) - allowed
        if unknown:
            raise AssertionError(f"{block.id}: unknown directive(s) {sorted(unknown)} for {mode}")
    if commands and mode != "bash":
        raise AssertionError(f"{block.id}: per-command directives are only for bash blocks")
    if mode == "skip" and not note.block.get("reason", [""])[0].strip():
        raise AssertionError(f'{block.id}: skip needs reason="..."')
    return note


BLOCKS = parse_readme(README.read_text(encoding="utf-8"))


# -- shell commands --------------------------------------------------------------------------
def _strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a ``#`` inside quotes is text)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
            elif ch == "\\" and quote == '"':
                continue
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def _split_and(command: str) -> list[str]:
    """``a && b`` -> ``[a, b]``, ignoring ``&&`` inside quotes."""
    parts, quote, cur, i = [], None, "", 0
    while i < len(command):
        ch = command[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif command.startswith("&&", i):
            parts.append(cur.strip())
            cur, i = "", i + 2
            continue
        cur += ch
        i += 1
    return [*parts, cur.strip()]


def shell_commands(text: str) -> list[str]:
    joined, cur = [], ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            cur += line.rstrip()[:-1] + " "
            continue
        joined.append(cur + line)
        cur = ""
    if cur:
        joined.append(cur)
    return [c for c in (_strip_comment(line).strip() for line in joined) if c]


def _env(ws: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BRANDGUARD_", "OPENAI_")) and k not in ("FORCE_COLOR", "COLUMNS")
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        XDG_CACHE_HOME=str(ws / ".cache"), COLUMNS="80", NO_COLOR="1", PYTHONIOENCODING="utf-8"
    )
    env.update(extra or {})
    return env


Job = tuple[str, str | None, bool, Path]  # (command, stdin, stdout+stderr merged, workspace)
_SEEN: dict[Job, Future[subprocess.CompletedProcess[str]]] = {}
_LOCK = threading.Lock()


def _read_only(command: str) -> bool:
    """A command that writes nothing: running it again would print the same."""
    return not re.search(r"[>|;&]|brandguard eval|--out", command)


def sh(
    command: str,
    ws: Path,
    *,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    merge: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the workspace; a read-only one without extra environment runs once
    (the prose tests reuse what the blocks ran): the first caller runs it, later ones wait."""
    if env or not _read_only(command):
        return _run(command, ws, stdin, env, merge)
    job = (command, stdin, merge, ws)
    with _LOCK:
        future, mine = _SEEN.get(job), job not in _SEEN
        if future is None:
            future = _SEEN[job] = Future()
    if mine:
        try:
            future.set_result(_run(command, ws, stdin, None, merge))
        except BaseException as exc:
            future.set_exception(exc)
    return future.result()


def _run(
    command: str, ws: Path, stdin: str | None, env: dict[str, str] | None, merge: bool
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=ws,
        env=_env(ws, env),
        input=stdin,
        capture_output=not merge,
        stdout=subprocess.PIPE if merge else None,
        stderr=subprocess.STDOUT if merge else None,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


# -- the fake model server -------------------------------------------------------------------
def _fake_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "readme_fake_openai", REPO / "tests" / "smoke" / "fake_openai.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def fake_openai(enabled: bool) -> Iterator[tuple[dict[str, str], list[dict[str, Any]]]]:
    """(environment, recorded requests) of a loopback OpenAI-compatible fake, if enabled."""
    if not enabled:
        yield {}, []
        return
    with _fake_module().serve() as (url, requests):
        env = {"OPENAI_API_KEY": "sk-readme", "OPENAI_BASE_URL": url, "OPENAI_API_BASE": url}
        yield env, requests


# -- the workspace ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("readme")
    for f in FIXTURES.iterdir():
        if f.is_file():
            shutil.copy(f, root / f.name)
    try:
        (root / "evals").symlink_to(REPO / "evals", target_is_directory=True)
    except OSError:
        shutil.copytree(REPO / "evals", root / "evals")
    for block in BLOCKS:
        with contextlib.suppress(AssertionError):
            note = parse_note(block)
            paths = set(note.block.get("file", []))
            if note.mode == "policy" and "lint" in note.block:
                paths.add(_lint_path(block, note))
            for path in paths:
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_text(block.text, encoding="utf-8")
    assert (Path(sys.executable).parent / "brandguard").exists(), "brandguard is not installed"
    # The blocks are independent: run the selected ones in the background (each command spends
    # most of its time loading a policy or LangChain); test_block reports each one's outcome.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 2)) as pool:
        for item in request.session.items:
            callspec = getattr(item, "callspec", None)
            if item.module is sys.modules[__name__] and callspec is not None:
                block = callspec.params["block"]
                _RESULTS.setdefault(block.line, pool.submit(_run_block, block, root))
        for command, stdin in [*chain(*EXIT_2.values()), *((c, None) for c, _ in PRINTS)]:
            pool.submit(sh, command, root, stdin=stdin)  # the prose tests' commands
        yield root
        for future in _RESULTS.values():
            future.cancel()
    _RESULTS.clear()


_RESULTS: dict[int, Future[list[str] | str]] = {}


def _run_block(block: Block, ws: Path) -> list[str] | str:
    """The problems of a block (a list), or why it is skipped (a str)."""
    note = parse_note(block)
    if note.mode == "skip":
        return note.block["reason"][0]
    return RUNNERS[note.mode](block, note, ws)


def _lint_path(block: Block, note: Note) -> str:
    return note.block.get("file", [f"readme_block_{block.line}.yaml"])[0]


def _command_directives(note: Note, n: int) -> dict[str, list[str]]:
    """The directives of a bash block's n-th command: the block's, then its own."""
    d = {k: list(v) for k, v in note.block.items()}
    own = note.commands.get(n, {})
    if "exit" in own:
        d.pop("exit", None)
    for k, v in own.items():
        d.setdefault(k, []).extend(v)
    return d


# -- checks ----------------------------------------------------------------------------------
def _expect(
    where: str, d: dict[str, list[str]], proc: subprocess.CompletedProcess[str]
) -> list[str]:
    """What ``proc`` gets wrong against the directives ``d``."""
    out, err = proc.stdout or "", proc.stderr or ""
    bad = []
    for value in d.get("exit", []):
        if proc.returncode != int(value):
            bad.append(f"exit status {proc.returncode}, expected {value}")
    for s in d.get("stdout~", []):
        if s not in out:
            bad.append(f"stdout does not contain {s!r}")
    for s in d.get("stdout!~", []):
        if s in out:
            bad.append(f"stdout contains {s!r}")
    for s in d.get("stdout", []):
        if out.strip() != s:
            bad.append(f"stdout is {out.strip()!r}, expected {s!r}")
    for s in d.get("stderr~", []):
        if s not in err:
            bad.append(f"stderr does not contain {s!r}")
    if bad:
        bad = [f"{where}: {b}" for b in bad]
        bad.append(f"--- stdout ---\n{out}\n--- stderr ---\n{err}")
    return bad


def _check_verdicts(spec: str, ws: Path) -> list[str]:
    out, _, inp = spec.partition(":")
    posts = [json.loads(line) for line in (ws / inp).read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in (ws / out).read_text().splitlines() if line.strip()]
    if [r.get("id") for r in records] != [p.get("id") for p in posts]:
        return [f"{out}: ids {[r.get('id') for r in records]} are not those of {inp} in order"]
    return [
        f"{out}: record {r['id']} has decision {r.get('decision')!r}"
        for r in records
        if r.get("decision") not in ("pass", "review", "block")
    ]


def _check_tags_narrow(command: str, proc: subprocess.CompletedProcess[str]) -> list[str]:
    """Repeated ``--tag`` is an AND: the run has the cases carrying every tag (and ``--limit``)."""
    from brandguard.evals.dataset import load_dataset

    args = shlex.split(command)
    tags = [args[i + 1] for i, a in enumerate(args) if a in ("--tag", "-t")]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    dataset = REPO / args[2]
    both = len(load_dataset(dataset, tags=tags))
    each = [len(load_dataset(dataset, tags=[t])) for t in tags]
    bad = []
    if len(tags) < 2 or not 0 < both < min(each):
        bad.append(f"tags {tags}: {both} cases with all of them, {each} with each: no narrowing")
    n = both if limit is None else min(both, limit)
    if f"cases {n} " not in proc.stdout:
        bad.append(f"expected a run of {n} cases (every one of {tags})\n{proc.stdout[:600]}")
    return bad


HOOKS = {"tags-narrow": _check_tags_narrow}


def _substitute(command: str, subs: list[str], ws: Path) -> str:
    for spec in subs:
        placeholder, _, pattern = spec.partition("=")
        found = sorted(ws.glob(pattern), key=lambda p: p.stat().st_mtime)
        assert found, f"sub: nothing in the workspace matches {pattern!r}"
        command = command.replace(placeholder, found[-1].name)
    return command


def run_bash(block: Block, note: Note, ws: Path) -> list[str]:
    commands = shell_commands(block.text)
    assert commands, f"{block.id}: no command in the block"
    extra = set(note.commands) - set(range(1, len(commands) + 1))
    assert not extra, (
        f"{block.id}: directives for command(s) {sorted(extra)}: the block has {len(commands)}"
    )
    bad: list[str] = []
    ran = 0
    for n, command in enumerate(commands, start=1):
        d = _command_directives(note, n)
        where = f"{block.id} command {n} `{command}`"
        if "skip" in d:
            assert d.get("reason", [""])[0].strip(), f'{where}: skip needs reason="..."'
            continue
        if "exit" not in d:
            bad.append(f"{where}: no exit= expectation (or '{n}: skip reason=...')")
            continue
        parts = [command]
        if "part" in d:
            assert d.get("reason"), f'{where}: part= needs reason="..." for what is not run'
            parts = [p for p in _split_and(command) if p.split()[0] in d["part"]]
            assert parts, f"{where}: no part starts with {d['part']}"
        for part in parts:
            part = _substitute(part, d.get("sub", []), ws)
            first = part.split()[0]
            if first not in RUNNABLE:
                bad.append(f"{where}: {first!r} cannot run here; annotate '{n}: skip reason=...'")
                continue
            with fake_openai("fake-openai" in d) as (env, requests):
                proc = sh(
                    part.replace(LOCAL_URL, env.get("OPENAI_BASE_URL", LOCAL_URL)), ws, env=env
                )
                if "fake-openai" in d and not requests:
                    bad.append(f"{where}: the fake model server was never asked")
            ran += 1
            bad += _expect(where, d, proc)
            for spec in d.get("verdicts", []):
                bad += [f"{where}: {b}" for b in _check_verdicts(spec, ws)]
            for hook in d.get("check", []):
                assert hook in HOOKS, f"{where}: no check named {hook!r} ({sorted(HOOKS)})"
                bad += [f"{where}: {b}" for b in HOOKS[hook](part, proc)]
    assert ran, f"{block.id}: every command is skipped: mark the block 'skip' instead"
    return bad


_RUNNER = """\
import ast, asyncio, sys
path = sys.argv[1]
source = open(path, encoding="utf-8").read()
flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if sys.argv[2] == "await" else 0
code = compile(source, path, "exec", flags=flags)
result = eval(code, {"__name__": "__main__", "__file__": path})
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


def run_python(block: Block, note: Note, ws: Path) -> list[str]:
    source = block.text
    if "continues" in note.block:
        earlier = [b for b in BLOCKS if b.lang == "python" and b.line < block.line]
        assert earlier, f"{block.id}: 'continues' but no python block comes before it"
        source = earlier[-1].text + source
    script = ws / f"readme_block_{block.line}.py"
    with fake_openai("fake-openai" in note.block) as (env, requests):
        script.write_text(source.replace(LOCAL_URL, env.get("OPENAI_BASE_URL", LOCAL_URL)))
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER, script.name, "await" if "await" in note.block else ""],
            cwd=ws,
            env=_env(ws, env),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        asked = bool(requests)
    bad = _expect(block.id, {"exit": ["0"], **note.block}, proc)
    if "fake-openai" in note.block and not asked:
        bad.append(f"{block.id}: the fake model server was never asked")
    return bad


def run_policy(block: Block, note: Note, ws: Path) -> list[str]:
    from brandguard.policy import policy_from_dict

    policy = policy_from_dict(yaml.safe_load(block.text), base=ws)
    assert policy.rules, f"{block.id}: the policy has no rules"
    if "lint" not in note.block:
        return []
    path = _lint_path(block, note)
    assert (ws / path).read_text(encoding="utf-8") == block.text
    proc = sh(f"brandguard policy lint {path}", ws)
    return _expect(
        f"{block.id} `brandguard policy lint {path}`",
        {"exit": ["0"], "stdout~": [f"ok: {policy.name} ", " 0 warning(s)"]},
        proc,
    )


def run_post(block: Block, note: Note, ws: Path) -> list[str]:
    from brandguard import Post

    lines = [line for line in block.text.splitlines() if line.strip()]
    assert lines, f"{block.id}: no post"
    for line in lines:
        Post.model_validate(json.loads(line))
    return []


def loads_example(text: str) -> Any:
    """JSON where ``…`` and ``{…}`` may stand for any value."""
    text = re.sub(r"\{…\}", '"…"', text)
    text = re.sub(r'(?<!["\w])…(?!["\w])', '"…"', text)
    return json.loads(text)


def matches(
    expected: Any, actual: Any, path: str = "", *, loose: frozenset = frozenset()
) -> list[str]:
    """Differences between a README example and real output (``"…"`` matches anything; inside
    a string it matches any run of characters)."""
    if isinstance(expected, str) and WILDCARD in expected:
        pattern = ".*".join(re.escape(p) for p in expected.split(WILDCARD))
        ok = isinstance(actual, str) and re.fullmatch(pattern, actual, re.S)
        return [] if ok or expected == WILDCARD else [f"{path}: {actual!r} is not {expected!r}"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: {actual!r} is not an object"]
        if set(expected) != set(actual):
            return [
                f"{path or 'record'}: keys differ: README has {sorted(set(expected) - set(actual))} "
                f"extra, output has {sorted(set(actual) - set(expected))} extra"
            ]
        out = []
        for k in expected:
            p = f"{path}.{k}" if path else k
            if p not in loose:
                out += matches(expected[k], actual[k], p, loose=loose)
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: {actual!r} is not a list of {len(expected)}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out += matches(e, a, f"{path}[{i}]", loose=loose)
        return out
    return [] if expected == actual else [f"{path}: {actual!r}, README says {expected!r}"]


VERDICT_COMMAND = "brandguard check --input - --format jsonl"


def _post_block(block: Block) -> Block:
    """The nearest ``post`` block above ``block``."""
    posts = [b for b in BLOCKS if b.line < block.line and b.note and b.note.split()[0] == "post"]
    assert posts, f"{block.id}: no post block above this verdict"
    return posts[-1]


def run_verdict(block: Block, note: Note, ws: Path) -> list[str]:
    expected = loads_example(block.text)
    posts = _post_block(block)
    proc = sh(VERDICT_COMMAND, ws, stdin=posts.text)
    records = {r["id"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert expected["id"] in records, f"{block.id}: no post {expected['id']!r} in {posts.id}"
    loose = frozenset({"policy.version", "policy.sha256"})
    return [f"{block.id}: {m}" for m in matches(expected, records[expected["id"]], loose=loose)]


def run_transcript(block: Block, note: Note, ws: Path) -> list[str]:
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"{block.id}: a transcript starts with a '$ command' line"
            steps[-1][1].append(line.rstrip())
    bad = []
    for command, want in steps:
        assert command.split()[0] in RUNNABLE, f"{block.id}: {command!r} cannot run here"
        proc = sh(command, ws, merge=True)
        got = [line.rstrip() for line in proc.stdout.splitlines()]
        while want and not want[-1]:
            want.pop()
        while got and not got[-1]:
            got.pop()
        if got != want:
            bad.append(f"{block.id} `{command}` printed:\n" + "\n".join(got))
        bad += _expect(f"{block.id} `{command}`", {"exit": note.block.get("exit", ["0"])}, proc)
    return bad


def run_layout(block: Block, note: Note, ws: Path) -> list[str]:
    entries: list[tuple[str, str]] = []
    for line in block.text.splitlines():
        if line[:1].strip():
            name, _, desc = line.partition(" ")
            entries.append((name, desc))
        elif entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + line.strip())
    bad = []
    for name, desc in entries:
        root = REPO / name
        if not root.exists():
            bad.append(f"{block.id}: {name} does not exist")
            continue
        for folder, inner in re.findall(r"([\w.-]+)/\s*\(([^)]*)\)", desc):
            for item in (i.strip() for i in inner.split(":")[-1].split(",")):
                if re.fullmatch(r"\w+", item) and not (
                    (root / folder / f"{item}.py").exists() or (root / folder / item).is_dir()
                ):
                    bad.append(f"{block.id}: {name}{folder}/ has no module {item!r}")
        for token in re.findall(r"(?<![\w/.])([\w-]+(?:\.[a-z]+|/))(?![\w/])", desc):
            if (token.endswith("/") or re.search(r"\.(py|md|yaml|json|jsonl)$", token)) and not (
                root / token
            ).exists():
                bad.append(f"{block.id}: {name}{token} does not exist")
        for token in re.findall(r"\b((?:src|tests|evals|policies|prompts)/[\w./-]+)", desc):
            if not (REPO / token.rstrip(":.,")).exists():
                bad.append(f"{block.id}: {token} does not exist")
    return bad


def run_ci(block: Block, note: Note, ws: Path) -> list[str]:
    """``ci`` [bash]: the block is the command CI runs. Every command of its ``&&`` chain is a
    line of ``.ci/run``, in the same order (the suite cannot run itself from inside)."""
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    wanted = [c.strip() for c in block.text.strip().split("&&")]
    problems, at = [], 0
    for cmd in wanted:
        try:
            at = ci.index(cmd, at) + 1
        except ValueError:
            problems.append(f"{block.id}: {cmd!r} is not a line of .ci/run (after line {at})")
    return problems


RUNNERS = {
    "ci": run_ci,
    "bash": run_bash,
    "python": run_python,
    "policy": run_policy,
    "post": run_post,
    "verdict": run_verdict,
    "transcript": run_transcript,
    "layout": run_layout,
}


# -- the tests -------------------------------------------------------------------------------
def test_every_block_is_annotated() -> None:
    assert BLOCKS, "README.md has no code blocks"
    problems = []
    for block in BLOCKS:
        try:
            parse_note(block)
        except AssertionError as exc:
            problems.append(str(exc))
    text = README.read_text(encoding="utf-8")
    annotations = {b.note_line for b in BLOCKS}
    for m in re.finditer(r"(?m)^[ \t]*<!--\s*test:", text):
        line = text.count("\n", 0, m.start()) + 1
        if line not in annotations:
            problems.append(f"README.md:{line}: a test annotation with no code block under it")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_block(block: Block, ws: Path) -> None:
    future = _RESULTS.get(block.line)
    outcome = future.result() if future is not None else _run_block(block, ws)
    if isinstance(outcome, str):
        pytest.skip(f"{block.id}: {outcome}")
    assert not outcome, "\n".join(outcome)


# -- statements in the prose -----------------------------------------------------------------
PROSE = README.read_text(encoding="utf-8")


def _prose(pattern: str) -> re.Match[str]:
    m = re.search(pattern, PROSE, re.S)
    assert m, f"README.md no longer says {pattern!r}: update this test with the text"
    return m


_QUEUE = (FIXTURES / "queue.jsonl").read_text(encoding="utf-8").splitlines()
_MALFORMED = (
    "\n".join(
        [
            '{"text": "Our tea cures cancer!"}',
            _QUEUE[0],
            '{"id": "p3", "text": "Hi", "platform": "myspace"}',
        ]
    )
    + "\n"
)
EXIT_2: dict[str, list[tuple[str, str | None]]] = {  # cause -> [(command, stdin)]
    "a usage error": [("brandguard check --platform myspace Hello", None)],
    "an invalid policy": [("brandguard check --policy bad.yaml Hello", None)],
    "unreadable or non-UTF-8 input": [
        ("brandguard check --input no-such-file.jsonl", None),
        ("brandguard check --file not-utf8.txt", None),
    ],
    "a malformed JSONL line": [(VERDICT_COMMAND, _MALFORMED)],  # its first line blocks: 2 wins
}
EXIT_2_ELSEWHERE = {"output that cannot be written", "an internal error"}
PRINTS = re.findall(r"`(brandguard [^`]+)`\s+prints\s+`([^`]+)`", PROSE)


def _names(inline: str) -> set[str]:
    return set(re.findall(r'"(\w+)"', inline))


def test_prose_interrupted(ws: Path) -> None:
    """'| 130 | interrupted (Ctrl-C) |': SIGINT while a check waits for its input."""
    _prose(r"\n\| 130 \| interrupted \(Ctrl-C\) \|")
    proc = subprocess.Popen(
        ["brandguard", "check", "--input", "-"],
        cwd=ws,
        env=_env(ws),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell's background job inherits SIGINT ignored: the child gets the default, as
        # a command typed at a terminal does
        preexec_fn=_default_sigint,
    )
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "Traceback" not in err, err


def test_prose_jsonl_records(ws: Path) -> None:
    """The key lists of a finding, a fix and a citation are those of real output; the posts
    of the In example that 'pass' do."""
    post = next(b for b in BLOCKS if b.note and b.note.split()[0] == "post")
    proc = sh(VERDICT_COMMAND, ws, stdin=post.text)
    records = {r["id"]: r for r in map(json.loads, proc.stdout.splitlines())}
    passing = re.findall(r"`(\w+)` passes", _prose(r"Out: one verdict per line[^\n]*").group(0))
    assert passing and all(records[i]["decision"] == "pass" for i in passing), records
    finding = next(f for r in records.values() for f in r["findings"])
    assert _names(_prose(r"Each finding: `(\{[^`]*\})`").group(1)) == set(finding)
    assert _names(_prose(r"`fix` is\s+`(\{[^`]*\})`").group(1)) == set(finding["fix"])
    assert _names(_prose(r"`citations` lists.*?as `(\{[^`]*\})`").group(1)) == set(
        finding["citations"][0]
    )


def test_prose_exit_status(ws: Path) -> None:
    """Every cause of exit status 2 in the table gives 2 with a reason and no traceback (those a
    shell cannot cause cheaply are tests/test_exit_codes.py's); 'an error wins over a decision';
    a malformed line gives the record the text shows and every other line is still reported."""
    _prose(r"\n\| 2 \| any error, with the reason on stderr and no traceback: ")
    row = _prose(r"\n\| 2 \| [^|:]*: ([^|]*) \|").group(1)
    causes = [c.strip() for c in re.split(r",\s*", re.sub(r"\([^)]*\)", "", row))]
    assert set(causes) == set(EXIT_2) | EXIT_2_ELSEWHERE, causes
    _prose(r"An error wins over a decision: a JSONL run in which one line blocks and another is")
    for cause, runs in EXIT_2.items():
        for command, stdin in runs:
            proc = sh(command, ws, stdin=stdin)
            assert proc.returncode == 2, (cause, proc.returncode, proc.stdout, proc.stderr)
            assert proc.stderr.strip() and "Traceback" not in proc.stderr, (cause, proc.stderr)
    proc = sh(VERDICT_COMMAND, ws, stdin=_MALFORMED)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["decision"] is not None for r in records] == [True, True, False], records
    example = loads_example(_prose(r"A malformed line gives\s+`(\{[^`]*\})`").group(1))
    assert matches(example, records[2]) == []


def test_prose_prints(ws: Path) -> None:
    """The text's "`brandguard ...` prints `X`" is what the command prints."""
    assert PRINTS
    for command, printed in PRINTS:
        proc = sh(command, ws)
        assert proc.stdout.strip() == printed, (command, proc.stdout, proc.stderr)


def test_prose_builtins(ws: Path) -> None:
    """Every builtin:NAME the README names exists; every pack and example brand is named."""
    proc = sh("brandguard policy list", ws)
    real = {line.split()[0] for line in proc.stdout.splitlines() if line.startswith("builtin:")}
    named = set()
    for base, variants in re.findall(r"(builtin:[a-z][\w/-]*\w)(?:\[([^\]]*)\])?", PROSE):
        named.add(base)
        named.update(base + v.strip() for v in variants.split(",") if v.strip())
    assert named - real == set(), "the README names built-ins that do not exist"
    shipped = {n for n in real if n.startswith(("builtin:packs/", "builtin:examples/"))}
    assert shipped - named == set(), "built-in packs or examples the README does not mention"


def test_prose_dataset_numbers() -> None:
    """'The shipped dataset (N cases, every platform, M languages)'."""
    from brandguard.evals.dataset import load_dataset
    from brandguard.post import Platform

    m = _prose(r"The shipped dataset \((\d+) cases, every platform, (\d+) languages\)")
    cases = load_dataset(REPO / "evals" / "datasets" / "default")
    assert len(cases) == int(m.group(1))
    assert len({c.post.language for c in cases}) == int(m.group(2))
    assert {c.post.platform for c in cases} == set(Platform)


def test_prose_rule_fields() -> None:
    """'Every rule has `kind`, `level`, ...': the fields every rule kind shares."""
    from brandguard.rules.base import Rule

    sentence = _prose(r"Every rule has (.*?)\. `extends`").group(1)
    listed = set(re.findall(r"`(\w+)`", sentence)) - {"warning", "error", "EU", "EEA"}
    assert listed == set(Rule.model_fields) - {"id"}


def test_prose_python_api(ws: Path) -> None:
    """'`import brandguard` is fast and does no I/O: names are imported on first use';
    'PolicyError, whose `issues` list file, line, field and message'."""
    _prose(r"`import brandguard` is fast and does no I/O")
    _prose(r"`brandguard.PolicyError`, whose `issues` list file, line, field and message")
    code = (
        "import sys, brandguard\n"
        "assert [m for m in sys.modules if m.startswith('brandguard.')] == [], sys.modules\n"
        "try:\n"
        "    brandguard.load_policy('bad.yaml')\n"
        "except brandguard.PolicyError as exc:\n"
        "    for i in exc.issues:\n"
        "        print(i.file, i.line, i.field, i.message, sep='|')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ws, env=_env(ws), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("|") for line in proc.stdout.splitlines()]
    assert rows[0][:3] == ["bad.yaml", "9", "rules.acme.bad.level"], rows


def test_prose_paths_exist(ws: Path) -> None:
    """Links to files and the repository paths the text names exist."""
    missing = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", PROSE):
        if "://" not in target and not (REPO / target).exists():
            missing.append(target)
    for path in re.findall(r"`((?:src|prompts|evals|benchmarks|tests|policies)/[^`\s]*)`", PROSE):
        if "<" not in path and not any(list(r.glob(path.rstrip("/"))) for r in (REPO, ws)):
            missing.append(path)
    assert not missing, f"README.md names paths that do not exist: {missing}"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
