"""The Hub stand-in's repo API: ``/api/{models,datasets}/{id}[/{action}/...]``.

Info (optionally at a revision), tree pages, paths-info, refs and commits, each a function
of the app and the parsed call, looked up by action in ``API_ACTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlencode

from werkzeug.wrappers import Response

from . import hub_refs
from .hub_bodies import commit_body, info_body, json_response, last_commit
from .hub_errors import HubError
from .hub_requests import RepoCall, raw_path, truthy

if TYPE_CHECKING:
    from .hub_app import HubApp

EXPANDED_PAGE_SIZE = 50  # the real Hub's page size when tree items carry lastCommit


def info(hub: HubApp, call: RepoCall) -> Response:
    """Model or dataset info, optionally at a revision, with blobs or a restricted expand."""
    if call.action == "revision":
        call.index = hub.revision_index(call.index, "/".join(call.rest) or "main")
    body = info_body(call.index, with_blobs=call.flag("blobs"))
    expand = call.request.args.getlist("expand") + call.request.args.getlist("expand[]")
    if expand:
        body = {key: value for key, value in body.items() if key in {"_id", "id", *expand}}
    return json_response(body)


def tree(hub: HubApp, call: RepoCall) -> Response:
    """One page of a (recursive) tree listing, with an absolute ``Link`` to the next page."""
    call.index = hub.revision_index(call.index, call.rest[0] if call.rest else "main")
    path = unquote("/".join(call.rest[1:]))
    items = call.index.listing(path, call.flag("recursive"))
    if items is None:
        raise HubError(404, f"Entry not found: {path}", "EntryNotFound")
    expand = call.flag("expand")
    size = min(hub.page_size, EXPANDED_PAGE_SIZE) if expand else hub.page_size
    cursor = parse_cursor(call.request.args.get("cursor"))
    page = items[cursor : cursor + size]
    if expand:
        page = [{**item, "lastCommit": last_commit(call.manifest)} for item in page]
    headers = {}
    if cursor + size < len(items):
        params = {
            "recursive": str(call.flag("recursive")).lower(),
            "expand": str(expand).lower(),
            "cursor": cursor + size,
        }
        url = call.request.host_url.rstrip("/") + raw_path(call.request.environ)
        headers["Link"] = f'<{url}?{urlencode(params)}>; rel="next"'
    return json_response(page, headers=headers)


def paths_info(hub: HubApp, call: RepoCall) -> Response:
    """Items for the requested paths that exist; missing paths are silently left out."""
    call.index = hub.revision_index(call.index, call.rest[0] if call.rest else "main")
    if call.request.is_json:
        payload = call.request.get_json(silent=True) or {}
        paths, expand = list(payload.get("paths", [])), bool(payload.get("expand"))
    else:
        paths, expand = (
            call.request.form.getlist("paths"),
            truthy(call.request.form.get("expand")),
        )
    items = [item for path in paths if (item := call.index.item(path.strip("/"))) is not None]
    if expand:
        items = [{**item, "lastCommit": last_commit(call.manifest)} for item in items]
    return json_response(items)


def refs(hub: HubApp, call: RepoCall) -> Response:
    """Main, the manifest's branches and its tags (standins.hub_refs)."""
    return json_response(hub_refs.refs_body(call.manifest, call.flag("include_prs")))


def commits(hub: HubApp, call: RepoCall) -> Response:
    """The snapshot commit of the revision."""
    call.index = hub.revision_index(call.index, call.rest[0] if call.rest else "main")
    commit = commit_body(call.manifest)
    if call.request.args.get(
        "expand[]"
    ) == "formatted" or "formatted" in call.request.args.getlist("expand"):
        commit["formatted"] = {"title": commit["title"], "message": commit["message"]}
    return json_response([commit])


API_ACTIONS: dict[str, tuple[Callable[[HubApp, RepoCall], Response] | None, tuple[str, ...]]] = {
    "": (info, ("GET",)),
    "revision": (info, ("GET",)),
    "tree": (tree, ("GET",)),
    "paths-info": (paths_info, ("POST",)),
    "refs": (refs, ("GET",)),
    "commits": (commits, ("GET",)),
}


def parse_cursor(value: str | None) -> int:
    """The offset a tree page starts at; our cursors are plain offsets."""
    if not value:
        return 0
    if not value.isdigit():
        raise HubError(400, f"Invalid cursor: {value}")
    return int(value)
