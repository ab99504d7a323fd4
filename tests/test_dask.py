"""brandguard on Dask: ``check_frame`` is ``Checker().check`` row by row (order, index, error
rows), ``check_dataframe`` and ``audit_archive`` give the same on the synchronous scheduler and
on a two-process ``LocalCluster`` (loopback only), the policy is loaded once per worker, and
``brandguard audit-archive`` runs end to end on Parquet and JSONL."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import typer  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from brandguard import Checker  # noqa: E402
from brandguard.archive_cli import NEEDS_EXTRA, audit_archive  # noqa: E402
from brandguard.batch import json_text, validation_message  # noqa: E402
from brandguard.integrations import dask as bd  # noqa: E402
from brandguard.policy import load_policy  # noqa: E402
from brandguard.post import Post  # noqa: E402

LOOPBACK = pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost", "::1"])

# pass, review, block, block, pass, and rows that are not valid Posts
ROWS: list[dict] = [
    {"id": "a1", "text": "Join us at 6pm for a tour of the roastery.", "platform": "instagram"},
    {
        "id": "a2",
        "text": "Can't believe how comfy these @cloudstep slides are. Use code MIA15 for 15% off!",
        "platform": "instagram",
    },
    {"id": "a3", "text": "Our tea cures cancer!", "sponsored": False},
    {"id": "a4", "text": "Guaranteed 20% returns every month, zero risk!", "markets": ["US", "GB"]},
    {"text": "Meet Terra, our first trail shoe made from recycled rubber.", "locale": "en-GB"},
    {"id": "bad1", "text": "Hello", "locale": "not a locale!"},
    {"id": "bad2", "text": "Hello", "platform": "myspace"},
    {"id": "bad3"},  # no text
    {"id": "a9", "text": "Call me on 07700 900123 or mail jane.doe@example.com", "locale": "en-GB"},
]
COLS = ["id", "text", "platform", "locale", "sponsored", "markets"]


def frame(rows: list[dict], index: list | None = None, arrow: bool = True) -> pd.DataFrame:
    """The rows as an archive frame: every column present, missing values None/NaN/NA.

    ``arrow``: typed Arrow columns, as Parquet gives (Dask turns the object columns of a
    pandas frame into strings, lists included, unless ``dataframe.convert-string`` is off);
    otherwise plain object columns."""
    import pyarrow as pa

    data = {c: [r.get(c) for r in rows] for c in COLS}
    data["sponsored"] = [r.get("sponsored", math.nan) for r in rows]  # NaN: "absent"
    df = pd.DataFrame(data, index=index)
    if not arrow:
        return df
    types = {"sponsored": pa.bool_(), "markets": pa.list_(pa.string())}
    return df.astype({c: pd.ArrowDtype(types.get(c, pa.string())) for c in COLS})


def expected(rows: list[dict], labels: list | None = None) -> list[dict]:
    """What Checker().check says, row by row, as check_frame's columns."""
    checker = Checker()
    out = []
    for i, row in enumerate(rows):
        label = str(i if labels is None else labels[i])
        rid = row.get("id", label)
        try:
            post = Post(**row)
        except ValueError as exc:
            out.append({"id": rid, "decision": None, "error": validation_message(exc)})
            continue
        rec = checker.check(post).to_record()
        out.append(
            {
                "id": rid,
                "decision": rec["decision"],
                "findings": json_text(rec["findings"]),
                "rules": ",".join(sorted({f["rule"] for f in rec["findings"]})),
                "error": None,
            }
        )
    return out


def same(got: pd.DataFrame, want: list[dict]) -> None:
    assert list(got.columns) == list(bd.COLUMNS)
    assert len(got) == len(want)
    sha = Checker().policy.sha256
    for (_, row), exp in zip(got.iterrows(), want, strict=True):
        assert row["id"] == exp["id"]
        assert row["policy_sha256"] == sha
        if exp["error"] is None:
            assert row["decision"] == exp["decision"], (row, exp)
            assert row["findings"] == exp["findings"]
            assert row["rules"] == exp["rules"]
            assert row["error"] is None or pd.isna(row["error"])
        else:
            assert row["decision"] is None or pd.isna(row["decision"])
            assert row["error"] == exp["error"]
            assert json.loads(row["findings"]) == []


def test_the_mix_covers_every_decision() -> None:
    decisions = [e["decision"] for e in expected(ROWS)]
    assert {"pass", "review", "block", None} <= set(decisions)


# -- check_frame (pandas only) ----------------------------------------------------------------


def test_check_frame_is_checker_row_by_row_with_index_and_order() -> None:
    index = [90, 80, 70, 60, 50, 40, 30, 20, 10]
    for arrow in (True, False):
        got = bd.check_frame(frame(ROWS, index=index, arrow=arrow))
        assert list(got.index) == index
        same(got, expected(ROWS, index))
        assert got.loc[50, "id"] == "50"  # no id: the index label


def test_check_frame_missing_values_are_absent_fields() -> None:
    df = pd.DataFrame(
        {
            "id": [7.0, math.nan],  # an int id column with a gap reads as floats
            "text": ["Loving my new serum from @acme, use code GLOW20!", "Hello there"],
            "platform": [None, "x"],
            "sponsored": [pd.NA, True],
            "markets": [None, ["US"]],
            "author": ["ignored", "ignored"],  # not a Post field
        }
    )
    got = bd.check_frame(df)
    assert got["id"].tolist() == ["7", "1"]
    first = Checker().check(Post(text=df.loc[0, "text"]))
    assert got.loc[0, "decision"] == first.decision.value
    assert got["error"].isna().all()


def test_check_frame_never_raises_and_never_drops() -> None:
    no_text = bd.check_frame(pd.DataFrame({"id": ["x", "y"]}))
    assert no_text["error"].tolist() == ["field text: Field required"] * 2
    big = bd.check_frame(pd.DataFrame({"text": ["short", "far too long"]}), max_chars=8)
    assert big.loc[0, "decision"] == "pass"
    assert big.loc[1, "decision"] is None and "characters" in big.loc[1, "error"]
    empty = bd.check_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert list(empty.columns) == list(bd.COLUMNS) and len(empty) == 0


def test_check_frame_reuses_one_checker_per_policy() -> None:
    before = bd.policy_loads()
    for _ in range(3):
        bd.check_frame(frame(ROWS[:2]), "builtin:default")
    assert bd.policy_loads() - before <= 1
    policy = load_policy("builtin:default")
    bd.check_frame(frame(ROWS[:2]), policy)
    after = bd.policy_loads()
    bd.check_frame(frame(ROWS[:2]), load_policy("builtin:default"))  # same sha256: same checker
    assert bd.policy_loads() == after


# -- Dask, synchronous scheduler ------------------------------------------------------------------


def test_check_dataframe_synchronous_matches_checker() -> None:
    rows = ROWS * 3
    ddf = dd.from_pandas(frame(rows), npartitions=4, sort=False)
    got = bd.check_dataframe(ddf).compute(scheduler="synchronous")
    same(got, expected(rows))
    assert list(got.index) == list(range(len(rows)))


def test_check_dataframe_needs_text() -> None:
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="'text' column"):
        bd.check_dataframe(ddf)


def test_a_policy_object_is_one_piece_of_the_graph() -> None:
    ddf = dd.from_pandas(frame(ROWS * 4), npartitions=6, sort=False)
    checked = bd.check_dataframe(ddf, load_policy("builtin:default"))
    keys = [k for k in dict(checked.__dask_graph__()) if "brandguard-policy-" in str(k)]
    assert len(keys) == 1  # sent once, shared by all six tasks
    same(checked.compute(scheduler="synchronous"), expected(ROWS * 4))


def write_archives(tmp_path: Path, rows: list[dict]) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = tmp_path / "posts.parquet"  # as Spark or pyarrow write it: no pandas metadata
    table = pa.Table.from_pandas(frame(rows), preserve_index=False)
    pq.write_table(table.replace_schema_metadata(None), parquet)
    jsonl = tmp_path / "posts.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return parquet, jsonl


def test_audit_archive_synchronous(tmp_path: Path) -> None:
    rows = ROWS * 5
    parquet, jsonl = write_archives(tmp_path, rows)
    want = expected(rows)
    for src in (parquet, jsonl):
        out = tmp_path / f"out-{src.suffix[1:]}.parquet"
        summary = bd.audit_archive(src, out, scheduler="synchronous", partition_size=7)
        assert summary["posts"] == len(rows) and summary["partitions"] >= 6
        assert summary["errors"] == 15
        assert summary["decisions"]["block"] == sum(w["decision"] == "block" for w in want)
        got = pd.read_parquet(out)
        got["id"] = got["id"].astype(object)
        same(got, want)
        assert sorted(p.name for p in out.iterdir())[0] == "part.00000.parquet"


def test_jsonl_lines_that_are_not_posts_are_error_rows(tmp_path: Path) -> None:
    src = tmp_path / "posts.jsonl"
    src.write_bytes(
        b'{"id": "ok", "text": "Our tea cures cancer!"}\n'
        b"{not json\n"
        b"\n"  # blank: skipped
        b"[1, 2]\n"
        b'{"id": "typo", "txt": "x"}\n'
        b'{"id": "latin1", "text": "caf\xe9"}\n'
        b'{"text": "Join us at 6pm for a tour."}\n'
    )
    out = tmp_path / "out"
    summary = bd.audit_archive(src, out, scheduler="synchronous")
    got = pd.read_parquet(out)
    assert summary["posts"] == 6 and summary["errors"] == 4
    assert got["id"].tolist() == ["ok", "1", "2", "typo", "4", "5"]
    assert got["decision"].tolist()[0] == "block" and got["decision"].tolist()[5] == "pass"
    errors = got["error"].tolist()
    assert errors[1].startswith("invalid JSON")
    assert errors[2] == "a line must be a JSON object (a Post)"
    assert errors[3] == "field txt: Extra inputs are not permitted"
    assert errors[4] == "not valid UTF-8"


def test_an_empty_archive_is_an_empty_output(tmp_path: Path) -> None:
    for name, body in (("empty.jsonl", b""), ("blank.jsonl", b"\n\n")):
        src = tmp_path / name
        src.write_bytes(body)
        out = tmp_path / f"out-{name}"
        summary = bd.audit_archive(src, out, scheduler="synchronous")
        assert summary["posts"] == 0 and summary["errors"] == 0
        got = pd.read_parquet(out)
        assert len(got) == 0 and list(got.columns) == list(bd.COLUMNS)


def test_audit_archive_refuses_a_directory_of_other_files(tmp_path: Path) -> None:
    _, jsonl = write_archives(tmp_path, ROWS[:2])
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="holds other files"):
        bd.audit_archive(jsonl, tmp_path / "keep", scheduler="synchronous")
    assert (tmp_path / "keep" / "notes.txt").exists()
    out = tmp_path / "again"
    for _ in range(2):  # an earlier run's output is replaced
        bd.audit_archive(jsonl, out, scheduler="synchronous")
    assert len(pd.read_parquet(out)) == 2


# -- Dask, a two-process LocalCluster ------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as c,
        Client(c) as client,
    ):
        yield c, client


@LOOPBACK
def test_cluster_matches_checker_and_loads_the_policy_once_per_worker(cluster, tmp_path) -> None:
    _, client = cluster
    policy = tmp_path / "policy.yaml"  # a policy of its own: no worker has loaded it yet
    policy.write_text("name: dask-test\nversion: '1'\nextends: [builtin:default]\n")
    assert load_policy(policy).sha256 != Checker().policy.sha256
    rows = ROWS * 8
    ddf = dd.from_pandas(frame(rows), npartitions=12, sort=False)
    before = client.run(bd.policy_loads)
    got = bd.check_dataframe(ddf, str(policy)).compute()
    after = client.run(bd.policy_loads)
    loads = {w: after[w] - before[w] for w in after}
    assert len(loads) == 2
    assert all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1  # 12 tasks, <= 2 loads
    assert list(got.index) == list(range(len(rows)))
    assert set(got["policy_sha256"]) == {load_policy(policy).sha256}
    got["policy_sha256"] = Checker().policy.sha256
    same(got, expected(rows))


@LOOPBACK
def test_audit_archive_on_the_cluster(cluster, tmp_path) -> None:
    c, client = cluster
    rows = ROWS * 10
    parquet, jsonl = write_archives(tmp_path, rows)
    want = expected(rows)
    for src in (parquet, jsonl):
        out = tmp_path / f"out-{src.suffix[1:]}"
        summary = bd.audit_archive(
            src, out, scheduler=c.scheduler_address, partition_size=10, blocksize=700
        )
        assert summary["posts"] == len(rows) and summary["partitions"] >= 9
        assert summary["errors"] == 30 and summary["workers"] == 2
        same(pd.read_parquet(out), want)
    # every partition used the checker each worker built once
    assert all(n >= 1 for n in client.run(bd.policy_loads).values())


# -- the command ---------------------------------------------------------------------------------

app = typer.Typer()
app.command("audit-archive")(audit_archive)


@app.command()
def version() -> None:  # a second command: typer keeps "audit-archive" a subcommand
    typer.echo("test")


runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, ["audit-archive", *args])


@LOOPBACK
def test_cli_end_to_end_parquet_on_the_cluster(cluster, tmp_path) -> None:
    c, _ = cluster
    rows = [r for r in ROWS if "text" in r and not r.get("id", "").startswith("bad")] * 4
    parquet, _ = write_archives(tmp_path, rows)
    out = tmp_path / "verdicts"
    result = cli(str(parquet), "--out", str(out), "--scheduler", c.scheduler_address)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"brandguard audit-archive: {len(rows)} posts")
    assert "0 errors" in lines[0] and "posts/s" in lines[0]
    same(pd.read_parquet(out), expected(rows))


def test_cli_end_to_end_jsonl_synchronous(tmp_path) -> None:
    _, jsonl = write_archives(tmp_path, ROWS)
    out = tmp_path / "verdicts"
    result = cli(str(jsonl), "--out", str(out), "--scheduler", "synchronous", "-p", "builtin:default")
    assert result.exit_code == 2  # some rows are not valid Posts: written, and reported
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"brandguard audit-archive: {len(ROWS)} posts") and "3 errors" in lines[0]
    assert lines[1].startswith("brandguard audit-archive: 3 post(s) could not be checked")
    same(pd.read_parquet(out), expected(ROWS))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file"),
        (["{jsonl}", "--policy", "builtin:no-such-policy"], "invalid policy"),
        (["{jsonl}", "--scheduler", "warp-drive"], "unknown scheduler"),
        (["{txt}"], "not a .parquet file"),
    ],
)
def test_cli_errors_are_one_line(tmp_path, args, message) -> None:
    _, jsonl = write_archives(tmp_path, ROWS[:1])
    txt = tmp_path / "posts.txt"
    txt.write_text("x")
    args = [a.format(jsonl=jsonl, txt=txt) for a in args]
    result = cli(*args, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_cli_without_the_extra(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    result = cli(str(tmp_path / "posts.jsonl"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip() == NEEDS_EXTRA


def test_the_command_module_imports_neither_dask_nor_pandas() -> None:
    code = (
        "import sys, brandguard.archive_cli; "
        "print(sorted(m for m in ('dask', 'distributed', 'pandas', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
