"""A fake council website on loopback (a real HTTP server in a thread) whose pages a test can
edit, move and delete, for the evidence checker."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeCouncilSite:
    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.moved: dict[str, str] = {}  # path → where it redirects now
        self.slow: dict[str, float] = {}  # path → seconds before answering
        self.user_agents: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                site.user_agents.append(self.headers.get("User-Agent", ""))
                path = self.path
                if path in site.slow:
                    time.sleep(site.slow[path])
                if path in site.moved:
                    self.send_response(301)
                    self.send_header("Location", site.moved[path])
                    self.end_headers()
                    return
                body = site.pages.get(path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    self.wfile.write(b"<html><body><h1>Page not found</h1></body></html>")
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, words: str) -> None:
        self.pages[path] = (
            "<html><head><title>Council</title><script>var tracking = 1;</script></head>"
            f"<body><nav>Home</nav><main><p>{words}</p></main></body></html>"
        )

    def __enter__(self) -> FakeCouncilSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
