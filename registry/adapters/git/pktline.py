"""Git's smart-HTTP ref advertisement, parsed from pkt-lines: pure, no I/O.

Sources: gitprotocol-http ("Smart Server Response") and gitprotocol-pack ("Reference
Discovery"), https://git-scm.com/docs/gitprotocol-http and /gitprotocol-pack. The answer
to `GET $GIT_URL/info/refs?service=git-upload-pack` is

    PKT-LINE("# service=git-upload-pack" LF) flush-pkt
    *1PKT-LINE("version 1" LF)
    PKT-LINE(obj-id SP refname NUL capability-list LF)    the first ref: HEAD when valid
    *PKT-LINE(obj-id SP refname ["^{}"] LF)               other refs, peeled tags
    flush-pkt

with `zero-id SP "capabilities^{}"` as the only ref of an empty repository. A pkt-line
is four hex digits giving its length (the four included), "0000" a flush; a data line
is at most 65520 bytes long (LARGE_PACKET_MAX).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SERVICE_LINE = b"# service=git-upload-pack"
FLUSH = b"0000"
MAX_PKT_LENGTH = 65520  # LARGE_PACKET_MAX in git's pkt-line.h
HEX = frozenset(b"0123456789abcdef")
OID_LENGTHS = (40, 64)  # SHA-1 and SHA-256 object ids
NO_REFS = "capabilities^{}"
PEELED = "^{}"


class MalformedAdvertisement(ValueError):
    """The reply claimed to be a ref advertisement and broke the format."""


class NotAdvertisement(ValueError):
    """The reply is not a protocol v0/v1 ref advertisement (a dumb server, protocol v2...)."""


@dataclass(frozen=True)
class Advertisement:
    """The refs read so far, in the order advertised, and the first ref's capabilities."""

    refs: tuple[tuple[str, str], ...] = ()  # (refname, object id); no peeled entries
    peeled: dict[str, str] = field(default_factory=dict)  # tag refname -> the object it peels to
    capabilities: tuple[str, ...] = ()
    empty: bool = False  # the server said "no refs" (capabilities^{})
    complete: bool = False  # the closing flush-pkt was read

    @property
    def head(self) -> str | None:
        """Return HEAD's object id, or None when the first ref is not HEAD."""
        return self.refs[0][1] if self.refs and self.refs[0][0] == "HEAD" else None

    @property
    def default_branch(self) -> str | None:
        """Return the branch HEAD names in its `symref=HEAD:refs/heads/...` capability."""
        for capability in self.capabilities:
            key, _, value = capability.partition("=")
            source, _, target = value.partition(":")
            if key == "symref" and source == "HEAD" and target:
                return target.removeprefix("refs/heads/")
        return None

    @property
    def settled(self) -> bool:
        """Return True once HEAD (or its absence) is known: the first ref, or the end."""
        return bool(self.refs) or self.empty or self.complete


def parse_advertisement(data: bytes, *, final: bool) -> Advertisement:
    """Parse the pkt-lines in `data`; `final` says no more bytes will come.

    Raises `NotAdvertisement` when the reply does not open with the service line (so a
    caller may ask git itself instead) and `MalformedAdvertisement` for a broken one.
    """
    if len(data) < 5 and not final:
        return Advertisement()
    _check_opening(data)
    lines, rest = _split(data)
    if rest and final:
        raise MalformedAdvertisement(f"the reply ends inside a pkt-line ({len(rest)} bytes left)")
    _check_service(lines[0])
    if len(lines) < 2:
        return _unfinished(final, Advertisement())
    if lines[1] is not None:
        raise MalformedAdvertisement("no flush-pkt after the service line")
    return _refs(lines[2:], final)


def _split(data: bytes) -> tuple[list[bytes | None], bytes]:
    """Cut `data` into pkt-line payloads (None for a flush); return them and the unread tail."""
    lines: list[bytes | None] = []
    offset = 0
    while len(data) - offset >= 4:
        header = data[offset : offset + 4]
        if not HEX.issuperset(header.lower()):
            raise MalformedAdvertisement(f"{header!r} is not a pkt-line length")
        length = int(header, 16)
        if length == 0:
            lines.append(None)
            offset += 4
            continue
        if length < 4 or length > MAX_PKT_LENGTH:
            # 0001-0003 are protocol v2's delimiters, never in a v0 advertisement.
            raise MalformedAdvertisement(f"a pkt-line of length {length}")
        if len(data) - offset < length:
            break
        lines.append(data[offset + 4 : offset + length])
        offset += length
    return lines, data[offset:]


def _check_opening(data: bytes) -> None:
    # gitprotocol-http: a client MUST check that the first five bytes match ^[0-9a-f]{4}#.
    if HEX.issuperset(data[:4]) and data[4:5] == b"#":
        return
    if data[4:12] == b"version ":
        # Protocol v2 answers with its capabilities and no service line (http-backend.c).
        line = data[4 : 4 + 16].split(b"\n")[0].decode(errors="replace")
        raise NotAdvertisement(f"the server answered {line!r}, not a v0 advertisement")
    raise NotAdvertisement("the reply does not start with a '# service=' pkt-line")


def _check_service(first: bytes | None) -> None:
    if (first or b"").rstrip(b"\n") != SERVICE_LINE:
        raise NotAdvertisement("the first pkt-line is not '# service=git-upload-pack'")


def _refs(lines: list[bytes | None], final: bool) -> Advertisement:
    refs: list[tuple[str, str]] = []
    peeled: dict[str, str] = {}
    capabilities: tuple[str, ...] = ()
    empty = False
    for index, line in enumerate(lines):
        if line is None:
            if index + 1 < len(lines):
                raise MalformedAdvertisement("pkt-lines after the closing flush-pkt")
            return Advertisement(tuple(refs), peeled, capabilities, empty, complete=True)
        text = line.rstrip(b"\n")
        if index == 0 and text == b"version 1":
            continue
        if text.startswith(b"shallow "):
            continue  # the server's shallow boundary: no ref
        if refs or empty:
            _add_ref(text, refs, peeled)
            continue
        # The first ref carries the capability list behind a NUL (git reads none as none).
        first, _, caps = text.partition(b"\0")
        capabilities = tuple(caps.decode("utf-8", errors="replace").split())
        oid, name = _ref(first)
        empty = name == NO_REFS
        if empty and set(oid) != {"0"}:
            raise MalformedAdvertisement("capabilities^{} with an object id other than zero")
        if not empty:
            refs.append((name, oid))
    return _unfinished(final, Advertisement(tuple(refs), peeled, capabilities, empty))


def _add_ref(text: bytes, refs: list[tuple[str, str]], peeled: dict[str, str]) -> None:
    if b"\0" in text:
        raise MalformedAdvertisement("a capability list after the first ref")
    oid, name = _ref(text)
    if name.endswith(PEELED):
        peeled[name.removesuffix(PEELED)] = oid
    else:
        refs.append((name, oid))


def _ref(text: bytes) -> tuple[str, str]:
    oid, space, name = text.partition(b" ")
    if not space or len(oid) not in OID_LENGTHS or not HEX.issuperset(oid) or not name:
        shown = text[:80].decode("utf-8", errors="replace")
        raise MalformedAdvertisement(f"{shown!r} is not 'object-id SP refname'")
    return oid.decode(), name.decode("utf-8", errors="replace")


def _unfinished(final: bool, so_far: Advertisement) -> Advertisement:
    if final:
        raise MalformedAdvertisement("the reply ends before the closing flush-pkt")
    return so_far
