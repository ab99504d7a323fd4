"""brandguard on Dask (``pip install "brandguard[dask]"``): audit an archive of posts on every core
of a machine, or on a cluster.

Three ways in, from the smallest:

* :func:`check_frame`: a pandas DataFrame of posts to a DataFrame of verdicts, one row per input
  row, same order and index. It is a plain pandas function, so the same function is a Dask
  ``map_partitions`` step, a Ray Data ``map_batches(check_frame, batch_format="pandas")`` step
  or a Spark ``mapInPandas`` step::

      import pandas as pd
      from brandguard.integrations.dask import check_frame

      out = check_frame(pd.DataFrame({"text": ["Guaranteed 20% returns!", "Hello"]}))
      out[["id", "decision", "rules"]]

* :func:`check_dataframe`: the same on a Dask DataFrame (``map_partitions``, lazy).
* :func:`audit_archive`: read ``INPUT.parquet`` or ``INPUT.jsonl``, check every post on a Dask
  scheduler, write ``OUT.parquet`` and return a summary. ``brandguard audit-archive`` is this
  function on the command line (:mod:`brandguard.archive_cli`).

Input columns: ``text`` (required) and any other :class:`~brandguard.post.Post` field
(``id``, ``platform``, ``locale``, ``sponsored``, ``ai_generated``, ``scheduled_at``,
``markets``, ``links``, ``alt_texts``, ``metadata``). A missing value (None, NaN, NA, NaT) is
an absent field (the Post default applies). Columns that are not Post fields are ignored (an
archive has authors, dates, URLs: they are not part of the check).

Output columns (all strings, or None): ``id`` (the post's id, else the row's index label as a
string), ``decision`` (``pass``/``review``/``block``, None when the post could not be checked),
``findings`` (the verdict record's findings as a JSON array), ``rules`` (the sorted distinct
rule ids of the findings, comma-separated: ``df.groupby("rules")``), ``policy_sha256`` and
``error`` (None, or why the row could not be checked). A row that is not a valid Post (no
text, an unknown platform, a bad locale, a post over the size limit) gets an error row: nothing
raises for one row, and no row is dropped.

The policy (a path, ``builtin:NAME``, a :class:`~brandguard.policy.Policy` or None for the
default) is loaded once per worker process and kept for the process's life, in a module-level
cache keyed by the policy reference (for a Policy object, its sha256). :func:`check_dataframe`
sends a Policy object to the cluster once, as one piece of data every task shares, not inside
every task. A path is read by the workers: on a cluster of other machines, pass a Policy
(``load_policy(path)``), as :func:`audit_archive` does. Rules only by default: ``judges=True``
(with ``model=...`` or ``BRANDGUARD_MODEL``) runs the policy's LLM judges as well.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import dask.dataframe as dd

    from ..checker import Checker
    from ..policy import Policy

__all__ = [
    "COLUMNS",
    "SCHEMA",
    "audit_archive",
    "check_dataframe",
    "check_frame",
    "policy_loads",
]

#: The output columns of :func:`check_frame`, in order.
COLUMNS = ("id", "decision", "findings", "rules", "policy_sha256", "error")
#: The output schema as a Spark DDL string (``df.mapInPandas(..., schema=SCHEMA)``).
SCHEMA = ", ".join(f"{c} string" for c in COLUMNS)

#: A column the archive reader sets on a line it could not read (invalid JSON, not UTF-8, not
#: an object): the row becomes an error row with this reason.
_READ_ERROR = "_brandguard_read_error"

_FIELDS: tuple[str, ...] | None = None
_CHECKERS: dict[tuple[Any, ...], Checker] = {}
_LOCK = threading.Lock()
_LOADS = 0


def policy_loads() -> int:
    """How many checkers this process has built (one per policy and option set): with the
    cache working, at most one per policy per worker, however many partitions it checks."""
    return _LOADS


def _post_fields() -> tuple[str, ...]:
    global _FIELDS
    if _FIELDS is None:
        from ..post import Post

        _FIELDS = tuple(Post.model_fields)
    return _FIELDS


def _policy_key(policy: Any) -> Any:
    from ..policy import Policy

    if policy is None:
        return "builtin:default"
    if isinstance(policy, Policy):
        return ("sha256", policy.sha256)
    return str(policy)


def _checker(policy: Any, judges: bool | list[str], options: dict[str, Any]) -> Checker:
    """This process's checker for the policy and options: built on first use, then reused."""
    global _LOADS
    key = (_policy_key(policy), repr(judges), repr(sorted(options.items())))
    got = _CHECKERS.get(key)
    if got is not None:
        return got
    with _LOCK:  # the threads scheduler runs partitions concurrently in one process
        got = _CHECKERS.get(key)
        if got is None:
            from ..checker import Checker

            got = Checker(policy, judges=judges, **options)
            _CHECKERS[key] = got
            _LOADS += 1
    return got


def _absent(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: Any) -> Any:
    """A pandas/numpy/arrow cell as the plain Python value a Post field takes."""
    import numpy as np

    if _absent(value):
        return None
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _row_fields(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, raw in row.items():
        value = _plain(raw)
        if value is None:
            continue
        if key == "id" and isinstance(value, float) and value.is_integer():
            value = int(value)  # an int id column with gaps reads as floats: 7.0 is post "7"
        out[key] = value
    return out


def _meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})


def check_frame(
    df: pd.DataFrame,
    policy: Policy | str | Path | None = None,
    *,
    judges: bool | list[str] = False,
    **options: Any,
) -> pd.DataFrame:
    """Check every row of ``df`` (a post per row): one verdict row per input row, same order
    and index, columns :data:`COLUMNS`. Never raises for a row.

    ``policy``: a Policy, a path, ``builtin:NAME`` or None (the default policy), loaded once
    per process. ``judges``: run the policy's LLM judges (default: rules only). Other keywords
    go to :class:`~brandguard.checker.Checker` (``model``, ``base_url``, ``max_chars``,
    ``post_budget``, ...)."""
    from pydantic import ValidationError

    from ..batch import check_posts, json_text, one_line, validation_message
    from ..checker import PostTooLarge
    from ..post import Post

    checker = _checker(policy, judges, options)
    sha = checker.policy.sha256
    fields = _post_fields()
    cols = [c for c in df.columns if c in fields]
    records = df[cols].to_dict("records") if cols else [{} for _ in range(len(df))]
    read_errors = (
        df[_READ_ERROR].tolist() if _READ_ERROR in df.columns else [None] * len(df)
    )

    ids: list[str] = []
    errors: list[str | None] = []
    posts: list[Post] = []
    for label, row, read_error in zip(df.index, records, read_errors, strict=True):
        data = _row_fields(row)
        ids.append(str(data["id"]) if "id" in data else str(label))
        error = None if _absent(read_error) else str(read_error)
        if error is None:
            try:
                posts.append(Post(**data))
            except ValidationError as exc:
                error = validation_message(exc)
            except (ValueError, TypeError) as exc:
                error = str(exc)
        errors.append(error)

    results = iter(check_posts(checker, posts, False))
    decision: list[str | None] = []
    findings: list[str] = []
    rules: list[str] = []
    for i, error in enumerate(errors):
        if error is None:
            got = next(results)
            if isinstance(got, PostTooLarge):
                error = str(got)
            elif isinstance(got, BaseException):
                error = f"internal error: {type(got).__name__}: {got}"
            else:
                rec = got[0].to_record()
                decision.append(rec["decision"])
                findings.append(json_text(rec["findings"]))
                rules.append(",".join(sorted({f["rule"] for f in rec["findings"]})))
                continue
        errors[i] = one_line(error)[:500]
        decision.append(None)
        findings.append("[]")
        rules.append("")
    n = len(df)
    data_out = {
        "id": ids,
        "decision": decision,
        "findings": findings,
        "rules": rules,
        "policy_sha256": [sha] * n,
        "error": errors,
    }
    return pd.DataFrame(
        {c: pd.Series(v, index=df.index, dtype=object) for c, v in data_out.items()},
        index=df.index,
    )


def _worker_policy(policy: Any) -> Any:
    """What travels to the workers: a Policy as one shared piece of the graph (sent once), a
    file path made absolute (the workers may run in another directory)."""
    from ..policy import Policy

    if isinstance(policy, Policy):
        import dask

        return dask.delayed(policy, name=f"brandguard-policy-{policy.sha256}", pure=True)
    if policy is None:
        return None
    ref = str(policy)
    if not ref.startswith("builtin:") and os.path.exists(ref):
        return os.path.abspath(ref)
    return ref


def check_dataframe(
    ddf: dd.DataFrame,
    policy: Policy | str | Path | None = None,
    **options: Any,
) -> dd.DataFrame:
    """:func:`check_frame` on every partition of a Dask DataFrame (lazy; same partitions,
    order and index). ``options`` as for :func:`check_frame` (``judges=...``, Checker
    keywords). Raises ValueError when there is no ``text`` column."""
    if "text" not in ddf.columns:
        raise ValueError(
            f"the posts need a 'text' column (columns: {', '.join(map(str, ddf.columns))})"
        )
    return ddf.map_partitions(
        check_frame,
        policy=_worker_policy(policy),
        **options,
        meta=_meta(),
        align_dataframes=False,
    )


# -- archives -------------------------------------------------------------------------------


def _read_jsonl(f: Any, **_: Any) -> pd.DataFrame:
    """The read_json engine for JSONL archives: the shared line semantics of
    :func:`brandguard.batch.read_line` (blank lines skipped; a line that is not a JSON object,
    or not UTF-8, is a row with the reason, never the end of the read)."""
    fields = _post_fields()
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(f.read().split("\n"), start=1):
        if n == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        row: dict[str, Any] = {}
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # decoded with surrogateescape: the bytes were not UTF-8
            rows.append({_READ_ERROR: "not valid UTF-8"})
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            data = None
            row[_READ_ERROR] = f"invalid JSON: {exc.msg} (column {exc.colno})"
        except RecursionError:
            data = None
            row[_READ_ERROR] = "the JSON is nested too deeply to read"
        if isinstance(data, dict):
            unknown = sorted(str(k) for k in data if k not in fields)
            if unknown:
                row[_READ_ERROR] = "; ".join(
                    f"field {k}: Extra inputs are not permitted" for k in unknown
                )
                if "id" in data:
                    row["id"] = data["id"]
            else:
                row.update(data)
        elif _READ_ERROR not in row:
            row[_READ_ERROR] = "a line must be a JSON object (a Post)"
        rows.append(row)
    cols = [*fields, _READ_ERROR]
    return pd.DataFrame(
        {c: pd.Series([r.get(c) for r in rows], dtype=object) for c in cols}
    )


def _with_positions(df: pd.DataFrame, offsets: list[int], partition_info: Any = None) -> Any:
    start = offsets[partition_info["number"]] if partition_info else 0
    return df.set_axis(pd.RangeIndex(start, start + len(df)), axis=0)


def _format(path: str) -> str:
    if "://" not in path and not any(c in path for c in "*?[") and not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file or directory")
    low = path.rstrip("/").lower()
    if low.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if low.endswith(".parquet") or low.endswith(".pq"):
        return "parquet"
    if os.path.isdir(path) and any(p.suffix == ".parquet" for p in Path(path).iterdir()):
        return "parquet"
    raise ValueError(f"{path}: not a .parquet file or directory, nor a .jsonl file")


@contextmanager
def _scheduler(scheduler: str | None) -> Iterator[tuple[Any, int]]:
    """(client or None, worker threads) for the run; a cluster started here is closed after."""
    import dask

    if scheduler in ("synchronous", "sync", "single-threaded"):
        with dask.config.set(scheduler="synchronous"):
            yield None, 1
        return
    if scheduler in ("threads", "processes"):
        from ..parallel import cpu_count

        with dask.config.set(scheduler=scheduler):
            yield None, cpu_count()
        return
    from distributed import Client

    if scheduler is None or scheduler == "local":
        import logging

        from distributed import LocalCluster

        from ..parallel import cpu_count

        with (
            LocalCluster(
                n_workers=cpu_count(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client, cpu_count()
        return
    if "://" not in scheduler:
        raise ValueError(
            f"unknown scheduler {scheduler!r}: use a scheduler address (tcp://host:8786), "
            "'synchronous', 'threads', 'processes' or 'local'"
        )
    with Client(scheduler, timeout="30s") as client:
        yield client, max(1, sum(client.nthreads().values()))


def audit_archive(
    input: str | Path,
    out: str | Path,
    policy: Policy | str | Path | None = None,
    scheduler: str | None = None,
    *,
    partition_size: int = 2000,
    blocksize: str | int = "16MiB",
    judges: bool | list[str] = False,
    **options: Any,
) -> dict[str, Any]:
    """Check every post of an archive and write the verdicts as Parquet.

    ``input``: ``*.parquet`` (a file, or a directory of part files) or ``*.jsonl`` (one Post
    object per line, read in ``blocksize`` blocks; a glob or fsspec URL works too). ``out``: a
    Parquet *directory* (``part.00000.parquet``, ... in input order; ``pandas.read_parquet(out)``
    and ``dask.dataframe.read_parquet(out)`` read it back), one row per input post (per
    non-blank line), in input order, columns :data:`COLUMNS`; ``id`` is the post's id, else the
    post's 0-based position in the archive.

    ``scheduler``: None (or ``"local"``) starts a ``distributed.LocalCluster`` of one process
    per core for the run; ``"tcp://host:8786"`` (any address) uses that Dask cluster (``out``
    must then be a place the workers can write, and ``input`` one they can read);
    ``"synchronous"``, ``"threads"`` or ``"processes"`` use Dask's local schedulers. Partitions
    hold at most ``partition_size`` posts (about a second or two of work each).

    The policy is loaded here first (a bad policy raises
    :class:`~brandguard.policy.PolicyError` before any work starts) and sent to the workers as
    one object. Returns ``{"posts", "decisions": {"pass", "review", "block"}, "errors",
    "seconds", "posts_per_s", "partitions", "out"}``."""
    import dask
    import dask.dataframe as dd

    from ..policy import Policy, load_policy

    t0 = time.perf_counter()
    resolved = policy if isinstance(policy, Policy) else load_policy(policy)
    src = str(input)
    fmt = _format(src)
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    out_path = str(out)
    _clear_out(out_path)
    # object columns stay Python objects: Dask would turn a list of markets into its repr
    with dask.config.set({"dataframe.convert-string": False}), _scheduler(scheduler) as (
        _client,
        threads,
    ):
        if fmt == "parquet":
            ddf = dd.read_parquet(src)
            cols = [c for c in ddf.columns if c in _post_fields()]
            if "text" not in cols:
                raise ValueError(f"{src}: no 'text' column")
            ddf = ddf[cols]
        elif os.path.isfile(src) and os.path.getsize(src) == 0:  # Dask reads no block of it
            ddf = dd.from_pandas(_read_jsonl(_Lines("")), npartitions=1)
        else:
            ddf = dd.read_json(
                src,
                lines=True,
                blocksize=blocksize,
                engine=_read_jsonl,
                errors="surrogateescape",
                meta=_read_jsonl(_Lines("")),
            )
        lengths = ddf.map_partitions(len).compute().tolist()
        total = sum(lengths)
        if total and max(lengths) > partition_size:
            want = max(len(lengths), math.ceil(total / partition_size))
            ddf = ddf.repartition(npartitions=want)
            lengths = ddf.map_partitions(len).compute().tolist()
        offsets = [0]
        for n in lengths[:-1]:
            offsets.append(offsets[-1] + n)
        ddf = ddf.map_partitions(_with_positions, offsets, meta=ddf._meta, align_dataframes=False)
        checked = check_dataframe(ddf, resolved, judges=judges, **options)
        import pyarrow as pa

        schema = pa.schema([(c, pa.string()) for c in COLUMNS])
        checked.to_parquet(
            out_path,
            write_index=False,
            schema=schema,
            name_function=_part_name,
        )
        stats = dd.read_parquet(out_path, columns=["decision", "error"])
        meta = pd.DataFrame({k: pd.Series([], dtype="int64") for k in _COUNTED})
        counts = stats.map_partitions(_counts, meta=meta).compute().sum()
    seconds = time.perf_counter() - t0
    decisions = {d: int(counts[d]) for d in ("pass", "review", "block")}
    return {
        "posts": total,
        "decisions": decisions,
        "errors": int(counts["errors"]),
        "seconds": round(seconds, 3),
        "posts_per_s": round(total / seconds, 1) if seconds > 0 else None,
        "partitions": len(lengths),
        "workers": threads,
        "out": out_path,
    }


def _clear_out(path: str) -> None:
    """Make room for the output: a directory holding only a previous run's parts is emptied;
    anything else that exists there is refused, never deleted."""
    import re

    if not os.path.exists(path):
        return
    if not os.path.isdir(path):
        raise ValueError(f"{path}: exists and is not a directory (the output is a directory)")
    names = os.listdir(path)
    ours = re.compile(r"part\.\d+\.parquet|_metadata|_common_metadata")
    others = [n for n in names if not ours.fullmatch(n)]
    if others:
        raise ValueError(
            f"{path}: the directory holds other files ({', '.join(sorted(others)[:3])}); "
            "give a new or an earlier output directory"
        )
    for name in names:
        os.remove(os.path.join(path, name))


_COUNTED = ("pass", "review", "block", "errors")


def _counts(df: pd.DataFrame) -> pd.DataFrame:
    got = df["decision"].value_counts()
    row = {d: int(got.get(d, 0)) for d in _COUNTED[:3]}
    row["errors"] = int(df["error"].notna().sum())
    return pd.DataFrame({k: [v] for k, v in row.items()}, dtype="int64")


def _part_name(i: int) -> str:
    return f"part.{i:05d}.parquet"  # zero-padded: every reader lists the parts in input order


class _Lines:
    """A file-like object over text (the meta of the JSONL reader)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def read(self) -> str:
        return self._text
