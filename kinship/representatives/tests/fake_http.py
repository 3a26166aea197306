"""A real HTTP server on 127.0.0.1 (port 0) for client tests: routes answer from scripted
queues, so a test can say "429, then success" or "sleep longer than the client waits"."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict | list = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json; charset=utf-8"

    def encoded(self) -> bytes:
        if isinstance(self.body, (dict, list)):
            return json.dumps(self.body).encode()
        if isinstance(self.body, str):
            return self.body.encode()
        return self.body


Responder = Callable[[str, dict[str, list[str]]], Reply]


class FakeServer:
    def __init__(self) -> None:
        self.queues: dict[str, deque[Reply]] = defaultdict(deque)
        self.responders: dict[str, Responder] = {}
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                with server._lock:
                    server.requests.append((parts.path, query))
                reply = server._reply(parts.path, query)
                if reply.delay:
                    time.sleep(reply.delay)
                data = reply.encoded()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, path: str, *replies: Reply) -> None:
        """Answer the next requests to `path` with these replies, in order (the last repeats)."""
        self.queues[path].extend(replies)

    def route(self, path: str, responder: Responder) -> None:
        self.responders[path] = responder

    def _reply(self, path: str, query: dict[str, list[str]]) -> Reply:
        with self._lock:
            q = self.queues.get(path)
            if q:
                return q.popleft() if len(q) > 1 else q[0]
        if path in self.responders:
            return self.responders[path](path, query)
        return Reply(404, {"error": "not found"})

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@contextmanager
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
