"""Smoke test of ``brandguard serve`` from an installed wheel (``brandguard[serve]``), run by
.ci/run outside the checkout: start the console script on a free loopback port, wait for
``/healthz``, check one post over HTTP, check a batch, stop it. Standard library only."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, body: bytes, ctype: str) -> bytes:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.read()


def main() -> int:
    exe = shutil.which("brandguard") or str(sys.executable).replace("python", "brandguard")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([exe, "serve", "--port", str(port)])
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            raise SystemExit("brandguard serve did not answer /healthz within 30 s")
        rec = json.loads(post(base + "/v1/check", b'{"id": "s1", "text": "Our tea cures cancer!"}',
                              "application/json"))
        assert rec["id"] == "s1" and rec["decision"] == "block", rec
        lines = b'{"id": "a", "text": "hello"}\nnot json\n{"id": "b", "text": "hi"}\n'
        out = [json.loads(x) for x in post(base + "/v1/check/batch", lines,
                                           "application/x-ndjson").splitlines()]
        assert [r["id"] for r in out] == ["a", None, "b"], out
        assert out[1]["decision"] is None and out[1]["error"], out
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"serve smoke test passed on {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
