"""The smart-HTTP ref advertisement parser: a table of real and broken replies."""

from __future__ import annotations

import pytest

from registry.adapters.git.pktline import (
    MalformedAdvertisement,
    NotAdvertisement,
    parse_advertisement,
)

A = "a" * 40
B = "b" * 40
C = "c" * 40
ZERO = "0" * 40
CAPS = "multi_ack thin-pack side-band-64k symref=HEAD:refs/heads/trunk object-format=sha1"


def pkt(text: str | bytes) -> bytes:
    """One pkt-line: four hex digits of length (themselves included), then the payload."""
    payload = text.encode() if isinstance(text, str) else text
    return f"{len(payload) + 4:04x}".encode() + payload


FLUSH = b"0000"
SERVICE = pkt("# service=git-upload-pack\n") + FLUSH


def reply(*lines: bytes, close: bool = True) -> bytes:
    return SERVICE + b"".join(lines) + (FLUSH if close else b"")


# The layout of gitprotocol-http's example reply, with our ids.
WITH_HEAD = reply(
    pkt(f"{A} HEAD\0{CAPS}\n"),
    pkt(f"{A} refs/heads/trunk\n"),
    pkt(f"{B} refs/tags/v1.0\n"),
    pkt(f"{C} refs/tags/v1.0^{{}}\n"),
)


@pytest.mark.parametrize(
    ("data", "head", "branch", "refs"),
    [
        (WITH_HEAD, A, "trunk", ["HEAD", "refs/heads/trunk", "refs/tags/v1.0"]),
        # A server without the symref capability (git before 1.8.4.3): no branch name.
        (reply(pkt(f"{A} HEAD\0multi_ack\n")), A, None, ["HEAD"]),
        # No LF after a line is allowed (gitprotocol-pack: receivers must not mind).
        (reply(pkt(f"{A} HEAD\0{CAPS}")), A, "trunk", ["HEAD"]),
        # "version 1" when the client asked for it; shallow lines after the refs.
        (reply(pkt("version 1\n"), pkt(f"{A} HEAD\0{CAPS}\n"), pkt(f"shallow {B}\n")),
         A, "trunk", ["HEAD"]),  # fmt: skip
        # HEAD is first when it is valid; a repo whose HEAD names a missing branch has none.
        (reply(pkt(f"{B} refs/heads/other\0{CAPS}\n")), None, "trunk", ["refs/heads/other"]),
        # An empty repository: the zero id and "capabilities^{}".
        (reply(pkt(f"{ZERO} capabilities^{{}}\0{CAPS}\n")), None, "trunk", []),
        # A SHA-256 repository.
        (reply(pkt(f"{'d' * 64} HEAD\0symref=HEAD:refs/heads/main object-format=sha256\n")),
         "d" * 64, "main", ["HEAD"]),  # fmt: skip
    ],
)
def test_complete_advertisements(
    data: bytes, head: str | None, branch: str | None, refs: list[str]
) -> None:
    advertisement = parse_advertisement(data, final=True)
    assert advertisement.complete
    assert advertisement.head == head
    assert advertisement.default_branch == branch
    assert [name for name, _ in advertisement.refs] == refs


def test_peeled_tags_are_kept_apart_from_the_refs() -> None:
    advertisement = parse_advertisement(WITH_HEAD, final=True)
    assert dict(advertisement.refs)["refs/tags/v1.0"] == B
    assert advertisement.peeled == {"refs/tags/v1.0": C}


@pytest.mark.parametrize("cut", [3, len(SERVICE) + 2, len(SERVICE) + 20, len(WITH_HEAD) - 1])
def test_a_partial_read_is_unsettled_until_the_first_ref(cut: int) -> None:
    partial = parse_advertisement(WITH_HEAD[:cut], final=False)
    first_ref_end = len(SERVICE) + len(pkt(f"{A} HEAD\0{CAPS}\n"))
    assert partial.settled == (cut >= first_ref_end)
    assert not partial.complete


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (WITH_HEAD[:-1], "ends inside a pkt-line"),  # truncated mid-line
        (WITH_HEAD[: len(SERVICE) + 10], "ends inside a pkt-line"),
        (reply(pkt(f"{A} HEAD\0{CAPS}\n"), close=False), "before the closing flush-pkt"),
        (SERVICE[:-4], "before the closing flush-pkt"),
        # Longer than LARGE_PACKET_MAX (65520), or one of v2's special lengths.
        (SERVICE + b"fff5" + b"x" * 65521, "length 65525"),
        (SERVICE + b"0001" + FLUSH, "length 1"),
        (SERVICE + b"00zz" + FLUSH, "not a pkt-line length"),
        (pkt("# service=git-upload-pack\n") + pkt(f"{A} HEAD\0\n"), "no flush-pkt after"),
        (reply(pkt(f"{A[:39]} HEAD\0{CAPS}\n")), "is not 'object-id SP refname'"),
        (reply(pkt(f"{'g' * 40} HEAD\0{CAPS}\n")), "is not 'object-id SP refname'"),
        (reply(pkt(f"{A}HEAD\0{CAPS}\n")), "is not 'object-id SP refname'"),
        (reply(pkt(f"{A} HEAD\0{CAPS}\n"), pkt(f"{B} refs/x\0more\n")), "capability list after"),
        (reply(pkt(f"{B} capabilities^{{}}\0{CAPS}\n")), "other than zero"),
        (reply(pkt(f"{A} HEAD\0{CAPS}\n")) + pkt(f"{B} refs/x\n"), "after the closing flush"),
    ],
)
def test_broken_advertisements_are_malformed(data: bytes, words: str) -> None:
    with pytest.raises(MalformedAdvertisement, match=words.replace("(", r"\(")):
        parse_advertisement(data, final=True)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        # A dumb server's info/refs: "<id>\t<ref>" lines, no pkt-lines.
        (f"{A}\trefs/heads/main\n".encode(), "does not start with a '# service=' pkt-line"),
        (b"<!DOCTYPE html><html>Sign in</html>", "does not start with a '# service=' pkt-line"),
        (b"", "does not start with"),
        # Protocol v2 (http-backend sends no service line): its capability advertisement.
        (pkt("version 2\n") + pkt("agent=git/2.43.0\n") + pkt("ls-refs=unborn\n") + FLUSH,
         "answered 'version 2', not a v0"),  # fmt: skip
        (pkt("# service=git-receive-pack\n") + FLUSH, "is not '# service=git-upload-pack'"),
        (FLUSH + FLUSH, "does not start with"),
    ],
)
def test_replies_that_are_no_v0_advertisement_say_so(data: bytes, words: str) -> None:
    with pytest.raises(NotAdvertisement, match=words):
        parse_advertisement(data, final=True)
