"""The Hub stand-in's error answers, with the headers huggingface_hub reads them by."""

from __future__ import annotations

import json

from werkzeug.wrappers import Response


class HubError(Exception):
    """An error answer with the Hub's headers; ``code`` goes into ``X-Error-Code``."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}

    def response(self) -> Response:
        """The error as the Hub sends it: headers for the client, JSON body for people."""
        headers = {**self.headers, "X-Error-Message": self.message}
        if self.status in (301, 302, 307, 308):  # a renamed repo: the Hub redirects
            return Response(b"", status=self.status, headers={"Location": self.message})
        if self.code:
            headers["X-Error-Code"] = self.code
        body = json.dumps({"error": self.message})
        return Response(body, status=self.status, headers=headers, content_type="application/json")
