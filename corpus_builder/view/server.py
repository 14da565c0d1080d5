"""Serve a rendered site (relative path -> bytes) over HTTP, read-only, from memory.

Only paths present in the site dict are served, so no request can reach the file system.
"""

from __future__ import annotations

import mimetypes
import posixpath
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
# The pages need nothing from elsewhere: forbid it, so a rendering bug cannot load anything.
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _handler(site: dict[str, bytes], quiet: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "corpus-builder-view"
        sys_version = ""

        def _lookup(self) -> str | None:
            path = unquote(urlsplit(self.path).path)
            rel = posixpath.normpath(path).lstrip("/")
            if rel in ("", "."):
                rel = "index.html"
            return rel if rel in site else None

        def _send(self, head_only: bool) -> None:
            rel = self._lookup()
            if rel is None:
                body = b"not found\n"
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
            else:
                body = site[rel]
                ext = posixpath.splitext(rel)[1]
                ctype = CONTENT_TYPES.get(ext) or mimetypes.guess_type(rel)[0]
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", ctype or "application/octet-stream")
                self.send_header("Content-Security-Policy", CSP)
                self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._send(head_only=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._send(head_only=True)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            if not quiet:
                super().log_message(format, *args)

    return Handler


def make_server(
    site: dict[str, bytes], host: str = "127.0.0.1", port: int = 8000, quiet: bool = False
) -> ThreadingHTTPServer:
    """A bound, not yet running server (port 0 picks a free port: see `server_address`)."""
    server = ThreadingHTTPServer((host, port), _handler(site, quiet))
    server.daemon_threads = True
    return server
