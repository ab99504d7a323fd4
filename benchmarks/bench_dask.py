"""Archive audits on Dask: posts/s on a 2-worker ``LocalCluster`` against one process (a plain
loop of ``Checker.check``), side by side in one run.

Builds N posts (varied texts and fields from the default eval dataset, each made unique), then
measures, in this order:

* one process: ``Checker().check(Post(**row))`` for every post (after a warm-up of 500 posts:
  imports, lazy pattern compiles), alternating ``--rounds`` times (best of) with
* ``check_dataframe`` on a running ``LocalCluster(n_workers=K, threads_per_worker=1)`` over the
  in-memory frame (after a warm-up partition on every worker): the steady-state throughput
  (while the loop runs, the idle workers do nothing);
* ``audit_archive`` end to end on the same posts as a Parquet file: cluster start, read,
  check, write and the summary, what ``brandguard audit-archive posts.parquet --out DIR`` does.

It checks that the cluster's decisions equal the loop's, row for row, and prints posts/s and
the ratios. Target: steady-state ratio >= 1.6 on 2 cores (reported, exit 1 only when the
decisions differ or the target is missed on a machine with >= 2 cores).

    python benchmarks/bench_dask.py [--posts 20000] [--workers 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dataset_posts import dataset_posts

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from brandguard import Checker
    from brandguard.integrations.dask import audit_archive, check_dataframe
    from brandguard.parallel import cpu_count
    from brandguard.post import Post

    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    import warnings

    warnings.filterwarnings("ignore", message=".*large graph.*")  # from_pandas: the data rides along
    rows = dataset_posts(args.posts)
    n = len(rows)
    cols = sorted({k for r in rows for k in r})
    df = pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in cols})

    # one process
    checker = Checker()
    for r in rows[:500]:
        checker.check(Post(**r))

    def one_process() -> tuple[float, list[str]]:
        t = time.perf_counter()
        decisions = [checker.check(Post(**r)).decision.value for r in rows]
        return time.perf_counter() - t, decisions

    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=max(1, n // args.partition_size), sort=False)
        t = time.perf_counter()
        with (
            LocalCluster(
                n_workers=args.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            t_start = time.perf_counter() - t
            warm = dd.from_pandas(df.head(250 * args.workers), npartitions=args.workers, sort=False)
            check_dataframe(warm).compute()
            loops, runs = [], []
            for _ in range(args.rounds):  # alternating: the machine's speed drifts
                t_loop, loop = one_process()
                loops.append(t_loop)
                t = time.perf_counter()
                got = check_dataframe(ddf).compute()
                runs.append(time.perf_counter() - t)
            t_loop, t_dask = min(loops), min(runs)
            client.close()

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "posts.parquet"
            df.to_parquet(src)
            from brandguard.parallel import cpu_count as cores

            if cores() < args.workers:
                print(f"note: {cores()} core(s) for {args.workers} workers")
            summary = audit_archive(src, Path(tmp) / "out", partition_size=args.partition_size)

    same = got["decision"].tolist() == loop
    r_loop, r_dask = n / t_loop, n / t_dask
    r_e2e = summary["posts_per_s"]
    print(f"{n} posts, {cpu_count()} core(s) available, {args.workers} workers, "
          f"{ddf.npartitions} partitions")
    best = f"best of {args.rounds}, alternating"
    print(f"one process (Checker.check loop): {r_loop:,.0f} posts/s ({t_loop:.2f} s, {best})")
    print(f"LocalCluster x{args.workers}, check_dataframe: {r_dask:,.0f} posts/s ({t_dask:.2f} s, "
          f"{best}; cluster start {t_start:.1f} s not included)")
    print(f"audit_archive end to end (start, read, check, write): {r_e2e:,.0f} posts/s "
          f"({summary['seconds']:.2f} s, {summary['workers']} workers)")
    print(f"ratio, steady state: {r_dask / r_loop:.2f}x; end to end: {r_e2e / r_loop:.2f}x "
          "(target >= 1.6 steady state on 2 cores)")
    print(f"decisions identical to the loop: {same}")
    ok = same and (r_dask / r_loop >= 1.6 or cpu_count() < 2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
