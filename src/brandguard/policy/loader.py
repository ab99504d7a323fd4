"""Load policy YAML: line-aware parsing, ``extends`` layering, overrides, ``disable``, errors
that name the file, the line and the field.

A policy file::

    name: acme-us
    version: "2026.11"
    extends: [builtin:default, ../packs/ftc.yaml]   # applied in order, then this file
    disable: [style.*]                               # rule ids or glob patterns
    rules:
      ftc.disclosure:          # an id the parents define: only the given fields change
        level: warning
      acme.no-competitors:     # a new id: a full rule with its kind
        kind: existence
        tokens: [Globex]
        ...
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._data import data_dir
from .registry import kinds, rule_class
from .schema import Policy

__all__ = [
    "PolicyError",
    "PolicyIssue",
    "builtin_policies",
    "describe_builtins",
    "lint_policy",
    "load_policy",
    "policy_from_dict",
]

Loc = tuple[str | int, ...]
# While a policy is built for the cache: every file read, as (real path, sha256 of its text)
_READS: ContextVar[list[tuple[str, str]] | None] = ContextVar("_READS", default=None)


def _note_read(path: Any, text: str) -> None:
    reads = _READS.get()
    if reads is not None:
        reads.append((str(path), hashlib.sha256(text.encode("utf-8")).hexdigest()))
_TOP_KEYS = {
    "name",
    "version",
    "summary",
    "description",
    "extends",
    "disable",
    "rules",
    "voice",
    "judges",
    "markets",
    "pack_markets",
    "lexicons",
}


@dataclass(frozen=True)
class PolicyIssue:
    file: str
    line: int | None
    field: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class PolicyError(ValueError):
    """A policy could not be loaded. ``issues`` lists every problem with file, line and field."""

    def __init__(self, issues: list[PolicyIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass
class _Raw:
    """One parsed file: data plus the line of every key path."""

    path: str
    data: dict[str, Any]
    lines: dict[Loc, int] = field(default_factory=dict)


@functools.cache
def _loader_class() -> Any:
    """The policy loader's YAML reader, built on first use (``import yaml`` is kept off the
    start path: a warm compiled-policy cache never parses YAML). libyaml's parser when the
    machine has it (several times faster); nodes keep their line marks."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[misc,valid-type]
        pass

    # YAML 1.1 reads `on`, `off`, `yes`, `no` as booleans; policies use YAML 1.2 booleans only.
    _Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    return _Loader


_STR = "tag:yaml.org,2002:str"
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_ALIAS_MESSAGE = (
    "YAML aliases (*name) are not allowed in a policy: repeat the value, or layer it with extends"
)


def _issue(path: str, mark: Any, message: str, where: str = "") -> PolicyError:
    return PolicyError([PolicyIssue(path, mark.line + 1 if mark else None, where, message)])


def _parse(text: str, path: str) -> _Raw:
    """Read one policy file into data plus the line of every key path, in one pass over
    libyaml's events (linear in the file: no node tree, no second walk).

    Aliases (``*name``) are refused: a few hundred bytes of them expand into gigabytes
    ("billion laughs"), and a policy never needs them (``extends`` and overrides layer
    instead). Only the standard tags are read; a key must be a plain value and appear once."""
    import yaml

    lines: dict[Loc, int] = {}
    loader = _loader_class()(text)
    try:
        try:
            data = _events(loader, path, lines)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyError(
            [PolicyIssue(path, line, "", f"invalid YAML: {exc.problem or exc}")]
        ) from None
    except yaml.YAMLError as exc:
        raise PolicyError([PolicyIssue(path, None, "", f"invalid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise PolicyError(
            [PolicyIssue(path, 1, "", "a policy file must be a mapping (name:, rules:, ...)")]
        )
    return _Raw(path, data, lines)


def _events(loader: Any, path: str, lines: dict[Loc, int]) -> Any:
    import yaml

    get = loader.get_event
    get()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    get()  # DocumentStart
    # the open containers: [container, loc, pending key (a mapping's), the key's line]
    stack: list[list[Any]] = []
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.AliasEvent:
            raise _issue(path, event.start_mark, _ALIAS_MESSAGE)
        line = event.start_mark.line + 1
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop()[0]
            if not stack:
                root = value
                break
        else:
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
                raise _issue(path, event.start_mark, f"YAML tag {tag} is not allowed in a policy")
            if kind is yaml.ScalarEvent:
                value = _scalar(loader, event)
                if not stack:  # a document that is one plain value
                    root = value
                    break
            else:  # a mapping or a sequence opens: attached to its parent when it closes
                loc: Loc = ()
                if stack:
                    parent = stack[-1]
                    if isinstance(parent[0], dict):
                        if parent[2] is None:
                            raise _issue(path, event.start_mark, "a key must be a plain value")
                        loc = (*parent[1], parent[2])
                    else:
                        loc = (*parent[1], len(parent[0]))
                        lines[loc] = line
                else:
                    lines[loc] = line
                stack.append([{} if kind is yaml.MappingStartEvent else [], loc, None, line])
                continue
        top = stack[-1]
        holder = top[0]
        if isinstance(holder, dict):
            if top[2] is None:  # a key
                if kind is not yaml.ScalarEvent:
                    raise _issue(path, event.start_mark, "a key must be a plain value")
                try:
                    duplicate = value in holder
                except TypeError:
                    raise _issue(path, event.start_mark, "a key must be a plain value") from None
                if duplicate:
                    raise _issue(
                        path, event.start_mark, "duplicate key", _fmt_loc((*top[1], value))
                    )
                top[2], top[3] = value, line
                lines[(*top[1], value)] = line
                continue
            holder[top[2]] = value
            top[2] = None
        else:
            if kind is yaml.ScalarEvent:
                lines[(*top[1], len(holder))] = line
            holder.append(value)
    get()  # DocumentEnd
    if not loader.check_event(yaml.StreamEndEvent):
        raise _issue(path, get().start_mark, "a policy file holds one YAML document")
    return root


#: the first characters of the plain scalars that may be numbers, booleans, nulls or dates
@functools.cache
def _resolved_first() -> frozenset[str]:
    return frozenset(k for k in _loader_class().yaml_implicit_resolvers if k)


def _scalar(loader: Any, event: Any) -> Any:
    """A scalar as the safe loader reads it (YAML 1.2 booleans, see ``_loader_class``)."""
    value = event.value
    if event.tag is None:
        if not event.implicit[0] or (value and value[0] not in _resolved_first()):
            return value  # quoted, or plain text no implicit type starts with
        import yaml

        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    elif event.tag == "!":
        tag = _STR
    else:
        tag = event.tag
    if tag == _STR:
        return value
    import yaml

    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
    return loader.construct_object(node, deep=True)


def _fmt_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def builtin_policies() -> list[str]:
    """Names of the policies shipped with brandguard: ``default``, ``packs/us-ftc``, ..."""
    root = data_dir("policies")
    out: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yaml"):
                out.append(prefix + child.name[:-5])

    walk(root, "")
    return sorted(out)


def describe_builtins() -> list[tuple[str, str]]:
    """Each built-in policy with its one-line ``summary`` (the first line of its description
    when it has none), read without resolving the policy."""
    import yaml

    out = []
    for name in builtin_policies():
        text = (data_dir("policies") / f"{name}.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        line = data.get("summary") or str(data.get("description") or "").strip().split("\n")[0]
        out.append((name, " ".join(str(line).split())))
    return out


def _builtin_name(ref: str) -> str | None:
    """``builtin:packs/us-ftc`` (or a bare ``default``) -> ``packs/us-ftc``; None for a path."""
    name = ref.removeprefix("builtin:")
    if ref.startswith("builtin:") or (
        ref == name and "/" not in ref and not ref.endswith((".yaml", ".yml"))
    ):
        return name.removesuffix(".yaml")
    return None


def _read(
    ref: str, base: Path | None, origin: tuple[str, int | None, str]
) -> tuple[str, str, Path | None]:
    """(display path, text, directory for relative extends)."""
    name = _builtin_name(ref)
    if name is not None:
        parts = name.split("/")
        res = data_dir("policies")
        for part in parts[:-1]:
            res = res / part
        res = res / f"{parts[-1]}.yaml"
        if ".." in parts or not res.is_file():
            raise PolicyError(
                [
                    PolicyIssue(
                        origin[0],
                        origin[1],
                        origin[2],
                        f"no built-in policy {name!r} (have: {', '.join(builtin_policies())})",
                    )
                ]
            )
        text = res.read_text(encoding="utf-8")
        _note_read(res, text)
        return f"builtin:{name}", text, None
    p = Path(ref)
    if not p.is_absolute() and base is not None:
        p = base / p
    if p.exists() and not p.is_file():
        # a device (/dev/zero), a FIFO or a folder would hang or make no sense
        raise PolicyError(
            [PolicyIssue(origin[0], origin[1], origin[2], f"not a regular file: {p}")]
        )
    try:
        text = p.read_text(encoding="utf-8")
        _note_read(os.path.realpath(p), text)
    except FileNotFoundError:
        raise PolicyError(
            [PolicyIssue(origin[0], origin[1], origin[2], f"policy file not found: {p}")]
        ) from None
    except OSError as exc:
        raise PolicyError(
            [PolicyIssue(origin[0], origin[1], origin[2], f"cannot read {p}: {exc}")]
        ) from None
    return str(p), text, p.parent


@dataclass
class _Merged:
    name: str | None = None
    version: str | None = None
    summary: str | None = None
    description: str | None = None
    voice: dict[str, Any] | None = None
    judges: dict[str, Any] | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (rule id, field) -> (file, line); (rule id, "") is where the rule was defined
    origin: dict[tuple[str, ...], tuple[str, int | None]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[PolicyIssue] = field(default_factory=list)
    issues: list[PolicyIssue] = field(default_factory=list)
    # name -> {"terms": [...], "source": "...", "file": ..., "line": ...}
    lexicons: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (section, key) -> (file, line) for the voice: and judges: sections
    section_origin: dict[tuple[str, str], tuple[str, int | None]] = field(default_factory=dict)


def _clone(value: Any) -> Any:
    """A deep copy of parsed YAML data (dicts, lists, scalars): ``copy.deepcopy`` without its
    memo, several times faster on a policy of thousands of rules."""
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    if ("patterns" in over or "tokens" in over) and "prefilter" not in over:
        # A prefilter is a speed hint for the terms it was written for: new terms drop it, so
        # an inherited hint can never hide a match of the terms that replaced them.
        out.pop("prefilter", None)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in ("swap",):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = _clone(v)
    return out


def _sync_voice_rules(merged: _Merged, raw: _Raw) -> None:
    """(Re)generate the rules that the voice word lists imply; keep overrides of other fields."""
    from .voice import voice_rules

    line = raw.lines.get(("voice",))
    for rid, spec in voice_rules(merged.voice or {}).items():
        if rid in merged.rules and merged.rules[rid].get("kind") == spec["kind"]:
            for k in ("tokens", "swap"):
                if k in spec:
                    merged.rules[rid][k] = spec[k]
        else:
            merged.rules[rid] = spec
            merged.origin[(rid, "")] = (raw.path, line)


def _apply(raw: _Raw, merged: _Merged, stack: tuple[str, ...], base: Path | None) -> None:
    data = raw.data
    issues = merged.issues
    for key in data:
        if key not in _TOP_KEYS:
            issues.append(
                PolicyIssue(
                    raw.path,
                    raw.lines.get((key,)),
                    key,
                    f"unknown top-level key (allowed: {', '.join(sorted(_TOP_KEYS))})",
                )
            )
    extends = data.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        issues.append(
            PolicyIssue(
                raw.path,
                raw.lines.get(("extends",)),
                "extends",
                "must be a policy reference or a list of them",
            )
        )
        extends = []
    for i, ref in enumerate(extends):
        line = raw.lines.get(("extends", i), raw.lines.get(("extends",)))
        path, text, parent_dir = _read(ref, base, (raw.path, line, f"extends[{i}]"))
        if path in stack:
            raise PolicyError(
                [
                    PolicyIssue(
                        raw.path,
                        line,
                        f"extends[{i}]",
                        "circular extends: " + " -> ".join([*stack, path]),
                    )
                ]
            )
        child = _parse(text, path)
        _apply(child, merged, (*stack, path), parent_dir)

    merged.files.append(raw.path)
    _add_lexicons(raw, merged)
    _retarget_packs(raw, merged, base)
    own_markets = _markets_value(raw, merged, "markets")
    # name, version, summary and description belong to the file being loaded, not to what it
    # extends
    for key in ("name", "version", "summary", "description"):
        value = data.get(key)
        if value is not None and not isinstance(value, str | int | float):
            issues.append(PolicyIssue(raw.path, raw.lines.get((key,)), key, "must be a string"))
            continue
        setattr(merged, key, None if value is None else str(value))
    for key in ("voice", "judges"):
        if key in data:
            value = data[key]
            if value is not None and not isinstance(value, dict):
                issues.append(
                    PolicyIssue(raw.path, raw.lines.get((key,)), key, "must be a mapping")
                )
                continue
            current = getattr(merged, key)
            setattr(
                merged, key, _deep_merge(current or {}, value or {}) if value is not None else None
            )
            for k in value or {}:
                merged.section_origin[(key, str(k))] = (raw.path, raw.lines.get((key, k)))
            if key == "voice":
                _sync_voice_rules(merged, raw)

    rules = data.get("rules", {})
    if rules is None:
        rules = {}
    if not isinstance(rules, dict):
        issues.append(
            PolicyIssue(
                raw.path, raw.lines.get(("rules",)), "rules", "must be a mapping of rule id -> rule"
            )
        )
        rules = {}
    # the lines of the keys nested inside each rule field, indexed once (linear in the file)
    nested: dict[Loc, list[tuple[Loc, int]]] = {}
    for sub, sub_line in raw.lines.items():
        if len(sub) > 3 and sub[0] == "rules":
            nested.setdefault(sub[:3], []).append((sub, sub_line))
    for rid, spec in rules.items():
        loc = ("rules", rid)
        line = raw.lines.get(loc)
        rid = str(rid)
        if spec is None:
            spec = {}
        if not isinstance(spec, dict):
            issues.append(PolicyIssue(raw.path, line, f"rules.{rid}", "a rule must be a mapping"))
            continue
        if rid in merged.rules:
            if "kind" in spec and spec["kind"] != merged.rules[rid].get("kind"):
                merged.rules[rid] = {}  # a different kind replaces the rule entirely
                merged.origin[(rid, "")] = (raw.path, line)
            merged.rules[rid] = _deep_merge(merged.rules[rid], spec)
        else:
            if "kind" not in spec:
                issues.append(
                    PolicyIssue(
                        raw.path,
                        line,
                        f"rules.{rid}",
                        "no rule with this id in the policies this one extends; a new rule needs 'kind' "
                        f"(one of: {', '.join(kinds())})",
                    )
                )
                continue
            merged.rules[rid] = _clone(spec)
            if own_markets is not None and "markets" not in spec:
                merged.rules[rid]["markets"] = list(own_markets)
                merged.origin[(rid, "markets")] = (raw.path, raw.lines.get(("markets",)))
            merged.origin[(rid, "")] = (raw.path, line)
        for k in spec:
            merged.origin[(rid, str(k))] = (raw.path, raw.lines.get((*loc, k), line))
            for sub, sub_line in nested.get((*loc, k), ()):
                merged.origin[(rid, *map(str, sub[2:]))] = (raw.path, sub_line)

    disable = data.get("disable", [])
    if isinstance(disable, str):
        disable = [disable]
    if not isinstance(disable, list):
        issues.append(
            PolicyIssue(
                raw.path,
                raw.lines.get(("disable",)),
                "disable",
                "must be a list of rule ids or glob patterns",
            )
        )
        disable = []
    for i, pat in enumerate(disable):
        pat = str(pat)
        hit = [rid for rid in merged.rules if fnmatch.fnmatchcase(rid, pat)]
        if not hit:
            merged.warnings.append(
                PolicyIssue(
                    raw.path,
                    raw.lines.get(("disable", i)),
                    f"disable[{i}]",
                    f"{pat!r} matches no rule",
                    level="warning",
                )
            )
        for rid in hit:
            del merged.rules[rid]


def _markets_value(
    raw: _Raw, merged: _Merged, key: str, value: Any = None, line: int | None = None
) -> list[str] | None:
    """A list of markets from ``raw.data[key]`` (or ``value``), checked; None when absent."""
    from ..markets import normalize

    value = raw.data.get(key) if value is None else value
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    line = line or raw.lines.get((key,))
    if not isinstance(value, list) or not value:
        merged.issues.append(
            PolicyIssue(raw.path, line, key, "must be a list of markets (US, GB, EU, ... or *)")
        )
        return None
    out = []
    for item in value:
        try:
            out.append(normalize(item))
        except ValueError as exc:
            merged.issues.append(PolicyIssue(raw.path, line, key, str(exc)))
    return out


def _add_lexicons(raw: _Raw, merged: _Merged) -> None:
    """``lexicons: {name: {source: URL, terms: [...]}}``: word lists defined once, with their
    source, that rules of this policy (and of policies extending it) use as
    ``{lexicon: name}``, alone or as items of a list."""
    spec = raw.data.get("lexicons")
    if spec is None:
        return
    if not isinstance(spec, dict):
        merged.issues.append(
            PolicyIssue(raw.path, raw.lines.get(("lexicons",)), "lexicons", "must be a mapping")
        )
        return
    for name, lex in spec.items():
        line = raw.lines.get(("lexicons", name))
        where = f"lexicons.{name}"
        if not isinstance(lex, dict) or not isinstance(lex.get("terms"), (list, dict)):
            merged.issues.append(
                PolicyIssue(raw.path, line, where, "a lexicon is {source: URL, terms: [...]}")
            )
            continue
        unknown = set(lex) - {"terms", "source", "description"}
        if unknown:
            merged.issues.append(
                PolicyIssue(
                    raw.path, line, where, f"unknown field(s): {', '.join(sorted(unknown))}"
                )
            )
        if not lex.get("source"):
            merged.warnings.append(
                PolicyIssue(
                    raw.path, line, f"{where}.source", "no source: cite it (URL)", "warning"
                )
            )
        terms = lex["terms"]
        if isinstance(terms, dict):
            # term -> text (e.g. the authorised wording to suggest for a target)
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in terms.items()):
                merged.issues.append(
                    PolicyIssue(
                        raw.path, line, where, "a mapping of terms must map strings to strings"
                    )
                )
                continue
        elif not all(isinstance(t, str) and t.strip() for t in terms):
            merged.issues.append(PolicyIssue(raw.path, line, where, "terms must be strings"))
            continue
        merged.lexicons[str(name)] = {**lex, "file": raw.path, "line": line}


def _layer(base: Any, extra: Any) -> Any:
    """``extra`` laid over ``base``: mappings merged key by key, lists extended (without
    repeating a term), anything else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _layer(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [t for t in extra if t not in base]
    return extra


def _resolve_lexicons(value: Any, merged: _Merged, rid: str, issues: list[PolicyIssue]) -> Any:
    """Replace ``{lexicon: name}`` (a value, or an item of a list) by the lexicon's terms, and
    ``{lexicons: prefix}`` by every lexicon named ``prefix.<key>[.<key>...]``, nested by key
    (``claims.health.en.target.disease`` -> ``{en: {target: {disease: [...]}}}``). Keys beside
    ``lexicons`` add to what it reads, so one pack layers its own terms on a shared vocabulary
    (``{lexicons: claims.health, en: {authorised: [...]}}``: lists are extended, mappings merged)."""
    if isinstance(value, dict):
        if "lexicons" in value and len(value) > 1 and isinstance(value["lexicons"], str):
            base = _resolve_lexicons({"lexicons": value["lexicons"]}, merged, rid, issues)
            extra = {k: v for k, v in value.items() if k != "lexicons"}
            return _layer(base, _resolve_lexicons(extra, merged, rid, issues))
        if set(value) == {"lexicons"}:
            prefix = str(value["lexicons"]).rstrip(".") + "."
            tree: dict[str, Any] = {}
            for name, lex in merged.lexicons.items():
                if not name.startswith(prefix):
                    continue
                keys = name[len(prefix) :].split(".")
                node = tree
                for key in keys[:-1]:
                    node = node.setdefault(key, {})
                    if not isinstance(node, dict):
                        break
                else:
                    terms = lex["terms"]
                    node[keys[-1]] = dict(terms) if isinstance(terms, dict) else list(terms)
            if not tree:
                f, ln = merged.origin.get((rid, ""), ("<policy>", None))
                issues.append(PolicyIssue(f, ln, f"rules.{rid}", f"no lexicons named {prefix}*"))
            return tree
        if set(value) == {"lexicon"}:
            name = str(value["lexicon"])
            lex = merged.lexicons.get(name)
            if lex is None:
                f, ln = merged.origin.get((rid, ""), ("<policy>", None))
                known = ", ".join(sorted(merged.lexicons)) or "none"
                issues.append(
                    PolicyIssue(f, ln, f"rules.{rid}", f"no lexicon {name!r} (have: {known})")
                )
                return []
            terms = lex["terms"]
            return dict(terms) if isinstance(terms, dict) else list(terms)
        return {k: _resolve_lexicons(v, merged, rid, issues) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and set(item) == {"lexicon"}:
                out.extend(_resolve_lexicons(item, merged, rid, issues))
            else:
                out.append(_resolve_lexicons(item, merged, rid, issues))
        return out
    return value


def _retarget_packs(raw: _Raw, merged: _Merged, base: Path | None) -> None:
    """``pack_markets: {builtin:packs/us-ftc: [US, CA]}``: every rule that the named policy
    defined now applies in those markets (a rule override can still set its own)."""
    spec = raw.data.get("pack_markets")
    if spec is None:
        return
    line = raw.lines.get(("pack_markets",))
    if not isinstance(spec, dict):
        merged.issues.append(
            PolicyIssue(raw.path, line, "pack_markets", "must map a policy it extends to markets")
        )
        return
    for ref, value in spec.items():
        field_ = f"pack_markets.{ref}"
        ref_line = raw.lines.get(("pack_markets", ref), line)
        ref = str(ref)
        name = _builtin_name(ref)
        if name is not None:
            target = f"builtin:{name}"
        else:
            p = Path(ref)
            target = str(p if p.is_absolute() or base is None else base / p)
        markets = _markets_value(raw, merged, field_, value, ref_line)
        if markets is None:
            continue
        hit = [rid for rid in merged.rules if merged.origin.get((rid, ""), ("",))[0] == target]
        if not hit:
            merged.issues.append(
                PolicyIssue(
                    raw.path,
                    ref_line,
                    field_,
                    f"{ref!r} defines no rule of this policy (it must be a policy it extends)",
                )
            )
        for rid in hit:
            merged.rules[rid]["markets"] = list(markets)
            merged.origin[(rid, "markets")] = (raw.path, ref_line)


def _validate_section(
    merged: _Merged, name: str, model: Any, first_file: str, issues: list[PolicyIssue], unknown: str
) -> Any:
    """Validate the merged ``voice:`` or ``judges:`` section into its typed model; errors point
    at the file and line of the key that brought the bad value. None when it is invalid."""
    try:
        return model.model_validate(getattr(merged, name))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(str(p) for p in err["loc"])
            if name == "judges" and loc[:1] == ("judges",):
                loc = loc[1:]  # judges are written at the top of the section
            f, ln = merged.section_origin.get((name, loc[0] if loc else ""), (first_file, None))
            msg = (
                unknown
                if err["type"] == "extra_forbidden"
                else err["msg"].removeprefix("Value error, ")
            )
            issues.append(PolicyIssue(f, ln, _fmt_loc((name, *loc)), msg))
        return None


def _build(merged: _Merged, first_file: str) -> Policy:
    from ..rules.base import Rule

    issues: list[PolicyIssue] = list(merged.issues)
    built: list[Rule] = []
    for rid, spec in merged.rules.items():
        file, line = merged.origin.get((rid, ""), (first_file, None))
        if merged.lexicons:
            spec = _resolve_lexicons(spec, merged, rid, issues)
        kind = spec.get("kind")
        try:
            cls = rule_class(str(kind))
        except KeyError:
            f, ln = merged.origin.get((rid, "kind"), (file, line))
            issues.append(
                PolicyIssue(
                    f,
                    ln,
                    f"rules.{rid}.kind",
                    f"unknown rule kind {kind!r} (one of: {', '.join(kinds())})",
                )
            )
            continue
        try:
            rule = cls.model_validate({**spec, "id": rid})
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(str(p) for p in err["loc"] if not str(p).startswith("function-"))
                f, ln = file, line
                for n in range(len(loc), 0, -1):
                    if (rid, *loc[:n]) in merged.origin:
                        f, ln = merged.origin[(rid, *loc[:n])]
                        break
                fld = _fmt_loc(("rules", rid, *[int(p) if p.isdigit() else p for p in loc]))
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    msg = f"unknown field for a rule of kind {kind}"
                issues.append(PolicyIssue(f, ln, fld, msg))
            continue
        built.append(rule)
    voice = judges = None
    if merged.voice:
        from .voice import Voice

        known = ", ".join(Voice.model_fields)
        voice = _validate_section(
            merged, "voice", Voice, first_file, issues, f"unknown field in voice (known: {known})"
        )
    if merged.judges:
        from ..judges.config import JudgesConfig
        from ..judges.registry import JUDGES

        judges = _validate_section(
            merged,
            "judges",
            JudgesConfig,
            first_file,
            issues,
            f"unknown field in judges (settings, or a judge: {', '.join(JUDGES)})",
        )
    if merged.name is None:
        issues.append(PolicyIssue(first_file, 1, "name", "a policy needs a name"))
    if issues:
        raise PolicyError(issues)
    assert merged.name is not None
    built.sort(key=lambda r: type(r).cost)  # cheapest first; stable within a cost
    policy = Policy.model_construct(
        name=merged.name,
        version=merged.version or "0",
        summary=merged.summary,
        description=merged.description,
        rules=built,
        voice=voice,
        judges=judges,
        lexicons={
            k: {f: v for f, v in lex.items() if f in ("source", "description", "terms")}
            for k, lex in merged.lexicons.items()
        },
        files=merged.files,
    )
    return policy


def _load(ref: str) -> tuple[Policy, _Merged]:
    path, text, base = _read(ref, None, ("<command line>", None, ""))
    raw = _parse(text, path)
    merged = _Merged()
    _apply(raw, merged, (path,), base)
    return _build(merged, path), merged


def load_policy(ref: str | Path | None = None) -> Policy:
    """Load and resolve a policy: a file path, ``builtin:NAME`` (or ``NAME``), or ``None`` for
    the built-in default policy. Raises :class:`PolicyError` naming file, line and field."""
    if ref is None:
        ref = "builtin:default"
    ref = str(ref)
    from . import cache

    if not cache.enabled():
        return _load(ref)[0]
    path, text, _ = _read(ref, None, ("<command line>", None, ""))
    root = f"{path}@{data_dir('policies')}" if path.startswith("builtin:") else os.path.abspath(path)
    key = cache.key(root, text)
    got = cache.load(key)
    if isinstance(got, Policy):
        return got
    token = _READS.set([])
    try:
        policy = _load(ref)[0]
        reads = _READS.get() or []
    finally:
        _READS.reset(token)
    if all(type(r).cacheable for r in policy.rules):
        # the hashes need every model's serializer built: computed once here, kept in the entry
        policy.sha256, policy.content_sha256  # noqa: B018
        cache.store(key, policy, reads)
    return policy


@functools.cache
def _no_alias_dumper() -> Any:
    import yaml

    class _NoAliasDumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return _NoAliasDumper


def policy_from_dict(data: dict[str, Any], *, base: str | Path = ".") -> Policy:
    """Build a policy from data already in memory (``extends`` resolved relative to ``base``)."""
    # shared objects (one list used by two rules) are written out twice, never as aliases
    import yaml

    text = yaml.dump(data, Dumper=_no_alias_dumper(), sort_keys=False, allow_unicode=True)
    raw = _parse(text, "<dict>")
    merged = _Merged()
    _apply(raw, merged, ("<dict>",), Path(base))
    return _build(merged, "<dict>")


def lint_policy(ref: str | Path) -> tuple[Policy | None, list[PolicyIssue]]:
    """Load a policy and report every error and warning instead of raising."""
    try:
        policy, merged = _load(str(ref))
    except PolicyError as exc:
        return None, exc.issues
    from .regexlint import backtracking_risk, rule_patterns

    issues = list(merged.warnings)
    for rule in policy.rules:
        file, line = merged.origin.get((rule.id, ""), (policy.files[-1], None))
        for where, pattern in rule_patterns(rule):
            why = backtracking_risk(pattern)
            if why:
                issues.append(
                    PolicyIssue(
                        file,
                        line,
                        f"rules.{rule.id}.{where}",
                        f"{why}: this pattern can take exponential time on a long post "
                        f"({pattern[:60]!r}); make each piece of text match one way "
                        "(a delimiter between repeats, an atomic group (?>...) or a possessive "
                        "quantifier ++)",
                    )
                )
        if not rule.source and not type(rule).cites_own_source:
            issues.append(
                PolicyIssue(
                    file,
                    line,
                    f"rules.{rule.id}.source",
                    "no source: cite the regulation or guideline (URL)",
                    "warning",
                )
            )
        if not rule.owner:
            issues.append(
                PolicyIssue(
                    file,
                    line,
                    f"rules.{rule.id}.owner",
                    "no owner: say whose call it is (legal, brand, a region)",
                    "warning",
                )
            )
    return policy, issues
