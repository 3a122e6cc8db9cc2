"""One request over httpx to the address the guard checked, its failures as AdapterError.

The guard resolves a host once and checks every address (`guards.check_url`); the
request then goes to that address, with the Host header and TLS SNI naming the host as
written, so a second DNS answer cannot send it elsewhere (DNS rebinding). The URL probe
(`http`) and git's ref discovery (`git.discovery`) send through here; huggingface_hub's
client pins in its transport instead (`hub.session`), because the library sends for us.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from registry.adapters.guards import CheckedTarget, pinned_url
from registry.model import FailureKind
from registry.ports import AdapterError

T = TypeVar("T")


def send(
    client: httpx.Client, method: str, target: CheckedTarget, headers: Mapping[str, str]
) -> httpx.Response:
    """Send a streamed request to `target`'s checked address; the caller closes the reply."""
    request = client.build_request(
        method,
        pinned_url(target),
        headers={"Host": urlsplit(target.url).netloc, **headers},
        extensions={"sni_hostname": target.host},
    )
    return transport(lambda: client.send(request, stream=True), target)


def transport(call: Callable[[], T], target: CheckedTarget) -> T:
    """Run `call` (a send or a body read), mapping httpx's failures to AdapterError."""
    try:
        return call()
    except httpx.RemoteProtocolError as error:
        if "location" not in str(error).lower():
            raise AdapterError(FailureKind.SERVER_ERROR, f"{target.url}: {error}") from error
        # A Location line httpx cannot even parse: a redirect we cannot check, so not followed.
        raise AdapterError(
            FailureKind.REFUSED, f"refused the redirect from {target.url}: {error}"
        ) from error
    except httpx.TimeoutException as error:
        raise AdapterError(FailureKind.TIMEOUT, f"{target.url}: timed out") from error
    except httpx.HTTPError as error:
        raise AdapterError(FailureKind.SERVER_ERROR, f"{target.url}: {error}") from error
