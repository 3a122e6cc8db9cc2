"""Run a WSGI app on 127.0.0.1 in a background thread, with a clean stop."""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

LOOPBACK = "127.0.0.1"


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the per-request access log (it floods test output)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class VerboseRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler with its access log, for the interactive CLI."""


class BackgroundServer:
    """A threaded Werkzeug server (it copes with chunked request bodies) on a loopback port."""

    def __init__(
        self, app: Any, *, port: int = 0, host: str = LOOPBACK, verbose: bool = False
    ) -> None:
        handler = VerboseRequestHandler if verbose else QuietRequestHandler
        self._server: BaseWSGIServer = make_server(
            host, port, app, threaded=True, request_handler=handler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"standins-{self.port}",
            daemon=True,
        )

    @property
    def port(self) -> int:
        """The port actually bound (an ephemeral one when 0 was asked)."""
        return int(self._server.server_port)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` without a trailing slash."""
        return f"http://{self._server.host}:{self.port}"

    def start(self) -> BackgroundServer:
        """Start serving in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting requests and close the listening socket."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()
