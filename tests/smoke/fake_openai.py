"""A tiny OpenAI-compatible chat server for smoke tests (standard library only).

``POST /v1/chat/completions`` answers a ``chat.completion`` whose message content is the JSON a
brandguard judge expects: ``{"issues": [...]}``. The post is the JSON string on the last line
of the last user message; when it mentions "anxiety" the answer is one critical
``implied-health-claim`` issue quoting the sentence (or clause) that says it, otherwise no issues.
Every request body is recorded, so a test can check that the server was really asked.

    with serve() as (base_url, requests):
        ...  # point a client at base_url (ends in /v1); requests holds the parsed bodies

Or as a script, serving until killed: ``python fake_openai.py --port-file F`` writes the base
URL to F once it listens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["answer", "make_server", "serve"]

_CLAUSE = re.compile(r"[^.!?;,\n]+")


def _text(content: Any) -> str:
    """A message's text: a string, or a list of content parts."""
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return "" if content is None else str(content)


def _post_text(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages") or [] if m.get("role") == "user"]
    if not users:
        return ""
    lines = _text(users[-1].get("content")).rstrip("\n").split("\n")
    try:
        post = json.loads(lines[-1])
    except json.JSONDecodeError:
        return ""
    return post if isinstance(post, str) else ""


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """The judge answer (``{"issues": [...]}``) for one chat-completions request body."""
    post = _post_text(body)
    for clause in _CLAUSE.findall(post):
        if "anxiety" in clause.lower():
            quote = clause.strip()
            return {
                "issues": [
                    {
                        "quote": quote,
                        "category": "implied-health-claim",
                        "severity": "critical",
                        "explanation": "Suggests the product treats anxiety, a medical condition.",
                        "rewrite": "I feel calmer in my evening routine",
                    }
                ]
            }
    return {"issues": []}


def _completion(body: dict[str, Any]) -> dict[str, Any]:
    content = json.dumps(answer(body))
    prompt_tokens = sum(len(_text(m.get("content")).split()) for m in body.get("messages") or [])
    completion_tokens = len(content.split())
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError as exc:
            self._send(400, {"error": {"message": f"invalid JSON: {exc}", "type": "bad_request"}})
            return
        with self.server.lock:
            self.server.requests.append(body)
            self.server.in_flight += 1
            self.server.peak = max(self.server.peak, self.server.in_flight)
        try:
            if self.server.delay_s:
                time.sleep(self.server.delay_s)
            self._send(200, _completion(body))
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
        else:
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # 64 clients connect at once in the concurrency tests and benchmarks: the default backlog
    # of 5 refuses most of them, and the client's retry then looks like a slow judge
    request_queue_size = 256

    def __init__(self, port: int = 0, delay_s: float = 0.0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.delay_s = delay_s  # answer each request after this long (to see concurrency)
        self.in_flight = 0
        self.peak = 0  # the most requests answered at once

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/v1"


def make_server(port: int = 0, delay_s: float = 0.0) -> _Server:
    """A server bound to 127.0.0.1 (port 0: a free one), not yet serving."""
    return _Server(port, delay_s)


@contextlib.contextmanager
def serve(port: int = 0, delay_s: float = 0.0) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Serve in a background thread; yield (base URL ending in /v1, the request bodies).
    ``serve.last`` is the running server (its ``peak`` counts requests answered at once)."""
    server = make_server(port, delay_s)
    serve.last = server  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="fake-openai", daemon=True)
    thread.start()
    try:
        yield server.base_url, server.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--port-file", type=Path, help="write the base URL here once listening")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    server = make_server(args.port, args.delay)
    if args.port_file is not None:
        tmp = args.port_file.with_name(args.port_file.name + ".tmp")
        tmp.write_text(server.base_url + "\n", encoding="utf-8")
        tmp.replace(args.port_file)  # readers never see a half-written file
    print(f"fake OpenAI server on {server.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
