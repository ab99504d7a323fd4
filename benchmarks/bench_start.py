"""Start-up cost of a check, as a scheduler pays it: one process per post.

Measured side by side in one run (timings drift between runs on a shared machine):

* ``python -c pass`` (the interpreter alone, the floor);
* ``brandguard check 'hello'`` as a whole process, with the compiled-policy cache warm and
  with it off (``BRANDGUARD_POLICY_CACHE=off``: parse, validate and build every time);
* ``Checker()`` inside a process, warm and cold, on its own (after ``from brandguard import
  Checker``) and with that import.

Bytecode: an installed wheel has its ``.pyc`` files (pip compiles them at install), so the
package is compiled first and ``PYTHONDONTWRITEBYTECODE`` is dropped from the children's
environment; a machine that sets it (this development machine does) would otherwise time the
compiling of every brandguard module from source on every start.

Targets (issue 14): a warm process <= 150 ms, a cold one <= 400 ms, ``Checker()`` warm
<= 20 ms. Prints the medians of ``--runs`` runs and exits 1 when a target is missed
(``--no-fail`` to only report).

    python benchmarks/bench_start.py [--runs 7] [--policy builtin:default]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS = {"warm process": 0.150, "cold process": 0.400, "Checker() warm": 0.020}


def _time(cmd: list[str], env: dict[str, str], runs: int) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        out.append(time.perf_counter() - t)
    return statistics.median(out)


_IN_PROCESS = """
import sys, time
t = time.perf_counter()
from brandguard import Checker
u = time.perf_counter()
Checker(sys.argv[1], judges=False)
v = time.perf_counter()
print(v - u, v - t)
"""


def _checker(env: dict[str, str], policy: str, runs: int) -> tuple[float, float]:
    """Median seconds of ``Checker()`` alone and of the import plus ``Checker()``."""
    alone, total = [], []
    for _ in range(runs):
        got = subprocess.run(
            [sys.executable, "-c", _IN_PROCESS, policy], env=env, capture_output=True, text=True, check=True
        )
        a, b = got.stdout.strip().splitlines()[-1].split()
        alone.append(float(a))
        total.append(float(b))
    return statistics.median(alone), statistics.median(total)


def _compile_package() -> None:
    """Compile brandguard's modules as a wheel install does (``pip`` writes the ``.pyc``)."""
    import compileall

    import brandguard

    for path in brandguard.__path__:
        compileall.compile_dir(path, quiet=1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--policy", default="builtin:default")
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()
    exe = shutil.which("brandguard") or "brandguard"
    tmp = tempfile.mkdtemp(prefix="bench-start-")
    _compile_package()
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    warm = {**base, "BRANDGUARD_CACHE_DIR": tmp}
    cold = {**warm, "BRANDGUARD_POLICY_CACHE": "off"}
    cmd = [exe, "check", "hello", "--policy", args.policy, "--no-judges"]
    subprocess.run(cmd, env=warm, stdout=subprocess.DEVNULL, check=False)  # fills the cache
    got = {
        "python -c pass": _time([sys.executable, "-c", "pass"], warm, args.runs),
        "warm process": _time(cmd, warm, args.runs),
        "cold process": _time(cmd, cold, args.runs),
    }
    for name, env in (("warm", warm), ("cold", cold)):
        alone, total = _checker(env, args.policy, args.runs)
        got[f"Checker() {name}"] = alone
        got[f"import+Checker() {name}"] = total
    failed = False
    for name, secs in got.items():
        target = TARGETS.get(name)
        mark = ""
        if target is not None:
            ok = secs <= target
            failed = failed or not ok
            mark = f"  (target <= {target * 1000:.0f} ms: {'ok' if ok else 'MISSED'})"
        print(f"{name:22} {secs * 1000:7.1f} ms{mark}")
    print(f"warm process / python -c pass: {got['warm process'] / got['python -c pass']:.1f}x; "
          f"cold / warm: {got['cold process'] / got['warm process']:.2f}x")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    raise SystemExit(main())
