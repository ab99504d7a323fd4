"""The built wheel works on its own: build it from this checkout, install it into a fresh
virtual environment and run ``tests/smoke/wheel_smoke.py`` there, from outside the checkout.

The editable install the rest of the suite uses reads ``policies/`` and ``prompts/`` from the
top of the checkout, so it cannot see a wheel that lacks them (a past wheel had no prompt files
and every judge check crashed). Here the wheel's dependencies come from this environment through
a ``.pth`` file that names its site-packages folder: the lines of a ``.pth`` file go on
``sys.path``, but the ``.pth`` files inside that folder are not processed, so the editable
install's path hook (``_editable_impl_brandguard.pth`` -> ``src/``) stays off and ``brandguard``
can only come from the wheel. No network: the wheel is built without build isolation
(``hatchling`` comes from the ``test`` extra) and installed with ``--no-index --no-deps``.
``.ci/run`` also installs the wheel with its real dependencies from the package index.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SMOKE = REPO / "tests" / "smoke" / "wheel_smoke.py"
SHIPPED = (
    "brandguard/policies/default.yaml",
    "brandguard/policies/packs/us-ftc.yaml",
    "brandguard/policies/examples/retail-bank.yaml",
    "brandguard/prompts/voice.yaml",
    "brandguard/prompts/compliance.yaml",
)


def _run(cmd: list[str | Path], *, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
        f"--- stdout ---\n{proc.stdout[-5000:]}\n--- stderr ---\n{proc.stderr[-5000:]}"
    )
    return proc


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRANDGUARD_")}
    for var in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSAFEPATH"):
        env.pop(var, None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _build_wheel(dist: Path) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail(
            "hatchling is not installed (it is in the test extra: pip install -e '.[test]')"
        )
    pip = [sys.executable, "-m", "pip"]
    _run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", dist, REPO],
        env=_env(),
    )
    wheels = sorted(dist.glob("brandguard-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}, found {wheels}"
    return wheels[0]


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def test_installed_wheel_passes_the_smoke_test(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in SHIPPED if n not in names]
    assert not missing, f"the wheel {wheel.name} lacks {missing}"
    stray = sorted(
        {n.split("/")[0] for n in names} - {"brandguard", wheel.name.split("-py")[0] + ".dist-info"}
    )
    assert not stray, f"unexpected top-level entries in the wheel: {stray}"

    # a fresh environment holding only the wheel (a real install: RECORD, console script)
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], env=_env())
    python = _venv_python(venv)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            wheel,
        ],
        env=_env(),
    )

    # the dependencies from this environment, after the install (else pip would see, and
    # uninstall, this environment's editable brandguard)
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    target = Path(site.stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (target / "_outer_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    probe = _run(
        [
            python,
            "-c",
            "import sys, brandguard, yaml, langchain_openai; "
            "print(brandguard.__file__); print(*sys.path, sep='\\n')",
        ],
        cwd=tmp_path,
        env=_env(),
    )
    where, *path = probe.stdout.splitlines()
    assert Path(where).is_relative_to(target), f"brandguard imported from {where}, not the wheel"
    assert str(REPO / "src") not in path, f"the editable install's {REPO / 'src'} is on sys.path"

    work = tmp_path / "cwd"
    work.mkdir()
    proc = _run([python, SMOKE, "--repo", REPO], cwd=work, env=_env(), timeout=300)
    assert "wheel smoke: all" in proc.stdout, proc.stdout
