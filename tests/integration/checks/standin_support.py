"""Helpers for the integration tests of the real adapters and checkers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from registry.adapters import AdapterSettings

# The stand-ins' two loopback names: the Hub stand-in serves on 127.0.0.1 and sends LFS
# downloads to its CDN route on localhost, another origin (as huggingface.co sends them to
# its CDN host); the guard allows exactly the names listed, so both are.
LOOPBACK = frozenset({"127.0.0.1", "localhost"})


# The client timeout of tests about a stalled stand-in (its `delay_s` is far longer). Only
# those tests use it: a test about anything else keeps loopback_settings' own timeouts, so
# a loaded machine slows it down but cannot fail it.
STALL_TIMEOUT_S = 1.0


def loopback_settings(standins: Any, **overrides: Any) -> AdapterSettings:
    """Settings for the real adapters against stand-ins: loopback allowed, short timeouts."""
    base = AdapterSettings(
        hub_endpoint=standins.hub_endpoint,
        hub_timeout_s=5.0,
        http_timeout_s=5.0,
        git_timeout_s=20.0,
        clone_timeout_s=30.0,
        allowed_hosts=LOOPBACK,
        git_protocols=frozenset({"https", "http"}),
        rewrites=dict(standins.rewrites),
    )
    return replace(base, **overrides)


class SilentServer:
    """A TCP listener that accepts connections and never answers: a stalled host."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._held: list[socket.socket] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        # A short accept timeout lets close() stop the loop; a blocked accept never wakes.
        self._socket.settimeout(0.1)
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)

    def close(self) -> None:
        """Stop accepting and drop every held connection."""
        self._closed.set()
        self._thread.join()
        self._socket.close()
        for connection in self._held:
            connection.close()


@contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a loopback port in a thread; yield its base URL (no trailing /)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


LLAMA2_TEXT = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n"
SHARD_INDEX = '{"weight_map": {"a": "model-1-of-2.safetensors", "b": "model-2-of-2.safetensors"}}'
TRAIN_CONFIG = "optimizer:\n  name: adamw\n  lr: 3.0e-4\nscheduler:\n  warmup_steps: 2000\n"


def hub_repo(kind: str, repo_id: str, files: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """Return a Hub manifest (a dict the stand-ins factory writes as YAML)."""
    return {"kind": kind, "id": repo_id, "files": files, **fields}


# The format a weight file's name promises, so the stand-in serves a real header.
FORMAT_BY_SUFFIX = {".safetensors": "safetensors", ".bin": "torch-zip", ".gguf": "gguf"}


def weights(*names: str, size: int = 1000) -> list[dict[str, Any]]:
    """Return LFS weight files of `size` bytes whose header matches their name's format."""
    return [
        {"path": name, "format": FORMAT_BY_SUFFIX["." + name.rsplit(".", 1)[-1]], "size": size}
        for name in names
    ]


# One Hub for the adapter and checker tests: each repo is one situation.
HUB_MANIFESTS: dict[str, dict[str, Any]] = {
    "open.yml": hub_repo(
        "model", "lab/open", weights("model.safetensors"),
        tags=["license:apache-2.0"], card_data={"license": "apache-2.0"}, card_text="# Open\n",
    ),
    "gated.yml": hub_repo(
        "model", "lab/gated", weights("model.safetensors"),
        gated="manual", tags=["license:apache-2.0"], card_data={"license": "apache-2.0"},
    ),
    "private.yml": hub_repo("model", "lab/private", weights("model.safetensors"), private=True),
    "disabled.yml": hub_repo("model", "lab/disabled", weights("model.safetensors"), disabled=True),
    "broken.yml": hub_repo("model", "lab/broken", weights("m.bin"), fault={"status": 500}),
    "slow.yml": hub_repo("model", "lab/slow", weights("m.bin"), fault={"delay_s": 30}),
    "malformed.yml": hub_repo(
        "model", "lab/malformed", weights("m.bin"), fault={"malformed": True}
    ),
    "disagree.yml": hub_repo(
        "model", "lab/disagree",
        [*weights("model.safetensors"), {"path": "LICENSE", "content": LLAMA2_TEXT}],
        tags=["license:mit"], card_data={"license": "mit"}, card_text="# Disagree\n",
    ),
    "sharded.yml": hub_repo(
        "model", "lab/sharded",
        [*weights("model-1-of-2.safetensors"),
         {"path": "model.safetensors.index.json", "content": SHARD_INDEX}],
        tags=["license:apache-2.0"],
    ),
    "no-weights.yml": hub_repo(
        "model", "lab/no-weights", [{"path": "config.json", "content": "{}"}],
        tags=["license:apache-2.0"],
    ),
    "card-only.yml": hub_repo(
        "dataset", "lab/card-only", [],
        card_data={"license": "cc-by-4.0"}, card_text="# A corpus\n\nDescribed, not published.\n",
    ),
    "script.yml": hub_repo(
        "dataset", "lab/script",
        [{"path": "script.py", "content": "_URL = 'https://elsewhere.example/data.tar'\n"}],
        card_data={"license": "odc-by"},
    ),
    "parquet.yml": hub_repo(
        "dataset", "lab/parquet",
        [{"path": "data/train-00000.parquet", "size": 5000},
         {"path": "data/train-00001.parquet", "size": 7000}],
        tags=["license:odc-by"], card_data={"license": "odc-by"},
    ),
}  # fmt: skip
