"""A real HTTP server on 127.0.0.1 for the source tests: a quiet handler base and a context manager
that serves it on a free port from a background thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1, no request log on stderr; ``send`` writes one whole response."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def send(self, status: int, body: bytes, content_type: str = "application/pdf", length: bool = True) -> None:
        """One response; ``length=False`` sends no Content-Length and closes the connection."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], **state: object) -> Iterator[tuple[ThreadingHTTPServer, str]]:
    """(server, base URL) while ``handler`` serves; ``state`` becomes attributes of the server
    (handlers reach them as ``self.server.<name>``)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    for name, value in state.items():
        setattr(httpd, name, value)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield httpd, f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
