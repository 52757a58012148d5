"""A small, real LSP client: JSON-RPC with Content-Length framing over the pipes of a
``scaffold lsp`` subprocess. It answers the server's own requests (applyEdit,
registerCapability) the way an editor would, and records them."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

TIMEOUT = 30.0


class LspClient:
    def __init__(self, root: Path, *args: str) -> None:
        env = {**os.environ, "NO_COLOR": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scaffold", "lsp", *args],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.root = root
        self._next = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.server_requests: list[dict[str, Any]] = []
        self.applied: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- framing ---------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        with self._lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            if "id" in message and "method" in message:  # a request from the server
                self._answer(message)
            elif "id" in message:
                self._responses.setdefault(message["id"], queue.Queue()).put(message)
            else:
                self.notifications.put(message)

    def _answer(self, request: dict[str, Any]) -> None:
        self.server_requests.append(request)
        result: Any = None
        if request["method"] == "workspace/applyEdit":
            self.applied.append(request["params"])
            result = {"applied": True}
        self._send({"id": request["id"], "result": result})

    # -- the protocol ----------------------------------------------------------------------

    def request(self, method: str, params: Any) -> Any:
        self._next += 1
        ident = self._next
        waiting = self._responses.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        reply = waiting.get(timeout=TIMEOUT)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def wait_for(self, method: str, **match: Any) -> dict[str, Any]:
        """The next notification of ``method`` whose params hold ``match`` (others skipped)."""
        while True:
            message = self.notifications.get(timeout=TIMEOUT)
            params = message.get("params") or {}
            if message.get("method") == method and all(
                params.get(k) == v for k, v in match.items()
            ):
                return params

    def initialize(self, *, watch: bool = True) -> dict[str, Any]:
        caps = {
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": watch},
                "applyEdit": True,
                "workspaceFolders": True,
            },
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": False},
                "completion": {"completionItem": {"snippetSupport": False}},
            },
            "general": {"positionEncodings": ["utf-16"]},
        }
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root.as_uri(),
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": "vault"}],
                "capabilities": caps,
            },
        )
        self.notify("initialized", {})
        return result  # type: ignore[no-any-return]

    def open(self, path: Path, text: str | None = None, version: int = 1) -> str:
        uri = path.as_uri()
        content = path.read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "markdown",
                    "version": version,
                    "text": content,
                }
            },
        )
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
