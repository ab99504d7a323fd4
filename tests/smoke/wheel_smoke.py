"""Smoke test of an INSTALLED brandguard wheel: the data it ships, the CLI, a judge, the API.

Run it with the Python of a virtual environment where the wheel is installed, from a directory
outside the checkout:

    cd "$(mktemp -d)" && /path/to/venv/bin/python /repo/tests/smoke/wheel_smoke.py --repo /repo

It checks that ``brandguard`` is imported from that environment and not from the checkout, that
the policies and the judge prompts are inside the installed package, that the ``brandguard``
console script lists and applies built-in policies, that a judge check against a loopback fake
OpenAI-compatible server (``fake_openai.py`` beside this file) reads the shipped prompt files
and turns the server's answer into a finding, and that the Python API works. It prints one line
per check and exits 1 when any fails (2 for a usage error).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fake_openai import serve  # noqa: E402

# the rules cannot see this one (no effect word): only the judge reads it as a claim
JUDGE_POST = "These gummies are great, since I started them anxiety feels like a stranger"
SMOKE_POLICY = (
    "name: smoke\n"
    "extends: [builtin:default]\n"
    "judges:\n"
    "  compliance: {}\n"
    "  timeout_s: 20\n"
    "  max_retries: 0\n"
)


class SmokeFailure(AssertionError):
    pass


def check(cond: object, message: str) -> None:
    if not cond:
        raise SmokeFailure(message)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class Smoke:
    def __init__(self, repo: Path, bindir: Path, workdir: Path) -> None:
        self.repo = repo
        self.bindir = bindir
        self.workdir = workdir
        self.cli = bindir / ("brandguard.exe" if os.name == "nt" else "brandguard")
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRANDGUARD_")}
        env.pop("PYTHONPATH", None)  # the console script must find the installed package alone
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
        self.env = env

    # -- helpers ----------------------------------------------------------------------------
    def run_cli(self, *args: str, expect: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        cmd = [str(self.cli), *args]
        try:
            proc = subprocess.run(
                cmd,
                cwd=self.workdir,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=120,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"`brandguard {' '.join(args)}` did not finish in 120 s") from exc
        check(
            proc.returncode in expect,
            f"`brandguard {' '.join(args)}` exited {proc.returncode} (expected {expect})\n"
            f"--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}",
        )
        return proc

    def run_json(self, *args: str, expect: tuple[int, ...] = (0,)) -> tuple[int, dict[str, Any]]:
        proc = self.run_cli(*args, expect=expect)
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            raise SmokeFailure(
                f"`brandguard {' '.join(args)}` printed no JSON ({exc}):\n{proc.stdout[-2000:]}"
                f"\n--- stderr ---\n{proc.stderr[-2000:]}"
            ) from None
        return proc.returncode, data

    # -- checks -----------------------------------------------------------------------------
    def installed_not_checkout(self) -> str:
        import brandguard

        where = Path(brandguard.__file__)
        check(
            not _inside(where, self.repo),
            f"brandguard is imported from the checkout ({where}), not from an installed wheel",
        )
        check(
            _inside(where, Path(sys.prefix)),
            f"brandguard is imported from {where}, outside this environment ({sys.prefix})",
        )
        check(
            not _inside(Path.cwd(), self.repo),
            f"run from inside the checkout ({Path.cwd()}); run from a directory outside it",
        )
        return str(where.parent)

    def shipped_data(self) -> str:
        from importlib import resources

        from brandguard._data import data_dir

        pkg = resources.files("brandguard")
        needed = [
            ("policies", "default.yaml"),
            ("policies", "packs", "us-ftc.yaml"),
            ("policies", "examples", "retail-bank.yaml"),
            ("policies", "examples", "supplement-brand.yaml"),
            ("prompts", "voice.yaml"),
            ("prompts", "compliance.yaml"),
        ]
        missing = []
        for parts in needed:
            res = pkg.joinpath(*parts)
            if not res.is_file():
                missing.append("brandguard/" + "/".join(parts))
        check(not missing, f"missing from the installed package ({pkg}): {', '.join(missing)}")
        for kind in ("policies", "prompts"):
            found = Path(str(data_dir(kind)))
            check(
                not _inside(found, self.repo),
                f"brandguard._data.data_dir({kind!r}) is the checkout's {found}, not the package's",
            )
        from brandguard.judges.prompts import load_prompt

        versions = {name: load_prompt(name).version for name in ("voice", "compliance")}
        return f"policies + prompts in the package; prompt versions {versions}"

    def cli_policy_list(self) -> str:
        check(self.cli.is_file(), f"no console script {self.cli}")
        out = self.run_cli("policy", "list").stdout
        names = {line.split()[0] for line in out.splitlines() if line.strip()}
        for name in ("builtin:default", "builtin:packs/us-ftc", "builtin:examples/retail-bank"):
            check(name in names, f"`brandguard policy list` does not list {name}:\n{out}")
        return f"{len(names)} built-in policies"

    def cli_rules_check(self) -> str:
        args = (
            "check",
            "--policy",
            "builtin:packs/us-ftc",
            "--sponsored",
            "--format",
            "json",
            "Loving my new @acme serum",
        )
        code, data = self.run_json(*args, expect=(0, 1))
        decision = data.get("decision")
        check(decision == "block", f"us-ftc decision {decision!r}, expected 'block': {data}")
        check(code == 1, f"a block exits 1 with the default --fail-on block, got {code}")
        rules = [f["rule"] for f in data.get("findings", [])]
        check(
            any(r.startswith("ftc.disclosure") for r in rules),
            f"no ftc.disclosure* finding for an unlabelled sponsored post: {rules}",
        )
        _, data = self.run_json(
            "check", "--policy", "builtin:examples/retail-bank", "--format", "json", "Hello"
        )
        check(
            data.get("decision") in ("pass", "review"),
            f"retail-bank on 'Hello': decision {data.get('decision')!r}",
        )
        return f"us-ftc blocks ({', '.join(rules)}); retail-bank: {data['decision']}"

    def cli_judge_check(self) -> str:
        policy = self.workdir / "smoke.yaml"
        policy.write_text(SMOKE_POLICY, encoding="utf-8")
        with serve() as (base_url, requests):
            _, data = self.run_json(
                "check",
                "--policy",
                policy.name,
                "--model",
                "smoke-model",
                "--base-url",
                base_url,
                "--judge-cache",
                "off",
                "--format",
                "json",
                JUDGE_POST,
            )
            received = list(requests)
        judges = data.get("judges") or {}
        check(
            judges.get("status") == "ran" and not judges.get("failed"),
            f"the judges did not run cleanly: {judges}",
        )
        check(data.get("decision") == "review", f"decision {data.get('decision')!r}: {data}")
        rules = [f["rule"] for f in data.get("findings", [])]
        check(
            "judge.compliance.implied-health-claim" in rules,
            f"no judge.compliance.implied-health-claim finding: {rules}",
        )

        def mentions_post(body: dict[str, Any]) -> bool:
            return any(JUDGE_POST in str(m.get("content")) for m in body.get("messages") or [])

        check(received, "the fake OpenAI server received no request")
        check(
            any(mentions_post(b) for b in received),
            f"no request to the fake server carried the post ({len(received)} received)",
        )
        return f"{len(received)} request(s) to {base_url}; finding {rules}"

    def python_api(self) -> str:
        from brandguard import Checker

        verdict = Checker("builtin:examples/supplement-brand").check("hi")
        decision = verdict.decision.value
        check(decision in ("pass", "review", "block"), f"odd decision {decision!r}")
        return f"Checker('builtin:examples/supplement-brand').check('hi'): {decision}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repo",
        type=Path,
        default=os.environ.get("BRANDGUARD_REPO"),
        help="the repository checkout, which brandguard must NOT be imported from "
        "(default: $BRANDGUARD_REPO)",
    )
    parser.add_argument(
        "--bin",
        type=Path,
        default=Path(sys.executable).parent,
        help="folder of the brandguard console script (default: this Python's)",
    )
    args = parser.parse_args(argv)
    if args.repo is None:
        parser.error("give --repo (or set BRANDGUARD_REPO): the checkout path")
    started = time.monotonic()
    smoke: Smoke
    with tempfile.TemporaryDirectory(prefix="brandguard-smoke-") as tmp:
        smoke = Smoke(args.repo, args.bin, Path(tmp))
        checks: list[tuple[str, Callable[[], str]]] = [
            ("installed package, not the checkout", smoke.installed_not_checkout),
            ("policies and prompts shipped", smoke.shipped_data),
            ("brandguard policy list", smoke.cli_policy_list),
            ("brandguard check (rules)", smoke.cli_rules_check),
            ("brandguard check (judge, fake server)", smoke.cli_judge_check),
            ("Python API", smoke.python_api),
        ]
        failed = []
        for name, fn in checks:
            try:
                detail = fn()
            except SmokeFailure as exc:
                failed.append(name)
                print(f"FAIL {name}: {exc}", flush=True)
            except Exception:
                failed.append(name)
                print(f"FAIL {name}: unexpected error:\n{traceback.format_exc()}", flush=True)
            else:
                print(f"ok   {name}: {detail}", flush=True)
    took = time.monotonic() - started
    if failed:
        print(
            f"wheel smoke: {len(failed)} of {len(checks)} checks FAILED ({', '.join(failed)}) "
            f"in {took:.1f}s",
            flush=True,
        )
        return 1
    print(f"wheel smoke: all {len(checks)} checks passed in {took:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
