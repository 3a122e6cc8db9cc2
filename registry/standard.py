"""The open-science standard as data: tiers, pillar points and what the words mean.

Shown to users on /about/standard and applied by `registry.scoring`; change the
standard here and both follow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from registry.model import FailureKind, Pillar, Tier, Verdict

ALL_PILLARS = frozenset(Pillar)

# What each pillar is called wherever people read it (pages, form summaries, guidance).
PILLAR_TITLES: Mapping[Pillar, str] = MappingProxyType(
    {Pillar.WEIGHTS: "Model weights", Pillar.CODE: "Training code", Pillar.DATA: "Training data"}
)

# Ordered from most to least demanding: a verified release gets the first tier it meets.
# A release whose weights are unverified gets none of them (see WITHOUT_TIER).
TIERS: tuple[Tier, ...] = (
    Tier(
        "A",
        "Open science",
        "Weights, training code and training data are all open: the bar Kyutai set.",
        requires_open=ALL_PILLARS,
    ),
    Tier(
        "B",
        "Open model and code",
        "Weights and training code are open; the training data is not.",
        requires_open=frozenset({Pillar.WEIGHTS, Pillar.CODE}),
    ),
    Tier("C", "Open weights", "Weights are open.", requires_open=frozenset({Pillar.WEIGHTS})),
    Tier(
        "D",
        "Restricted weights",
        "Weights are published but gated or under a use-restricted licence.",
        weights_restricted=True,
    ),
    Tier("E", "Closed", "Weights are confirmed absent, or none are declared."),
)
TIERS_BY_LETTER: Mapping[str, Tier] = MappingProxyType({t.letter: t for t in TIERS})

# Weights verdicts that leave a release without a tier or a score: nothing confirmed what
# the tier rests on, so "Tier E, 0/100" would report a failed check as closed weights.
WITHOUT_TIER = frozenset({Verdict.UNVERIFIED})

# Points a pillar earns; unverified earns nothing because nothing was confirmed.
POINTS: Mapping[Verdict, float] = MappingProxyType(
    {
        Verdict.OPEN: 1.0,
        Verdict.RESTRICTED: 0.5,
        Verdict.ABSENT: 0.0,
        Verdict.UNVERIFIED: 0.0,
    }
)

# How open each verdict is, for "a pillar is only as open as its least open artifact".
# Absent is the floor: one confirmed-missing artifact caps the pillar whatever the others
# are. Unverified sits below restricted because the unconfirmed artifact might be absent.
OPENNESS_RANK: Mapping[Verdict, int] = MappingProxyType(
    {
        Verdict.ABSENT: 0,
        Verdict.UNVERIFIED: 1,
        Verdict.RESTRICTED: 2,
        Verdict.OPEN: 3,
    }
)

VERDICT_MEANINGS: Mapping[Verdict, str] = MappingProxyType(
    {
        Verdict.OPEN: "Published, reachable without a gate, under an open licence.",
        Verdict.RESTRICTED: (
            "Published, but gated, under a use-restricted or non-commercial licence, "
            "with no licence found, or with a doubt the evidence names (see the doubts below)."
        ),
        Verdict.ABSENT: "Not published, or a check confirmed it is not there.",
        Verdict.UNVERIFIED: (
            "Claimed, but no checker has confirmed it yet (not checked, or the last check "
            "failed). It earns no points and is never shown as absent."
        ),
    }
)

STALE_MEANING = (
    "The evidence is older than the re-check cadence allows, or the most recent check "
    "failed: the verdict shown is the last good one, kept until a check succeeds."
)

UNVERIFIED_RELEASE_MEANING = (
    "A release whose weights no check has confirmed (never checked, or every check of them "
    "failed) is not yet verified: it has no tier and no score, and it is left out of its "
    "lab's score, which is the mean over the lab's verified releases. Tier E (Closed) means "
    "the weights are confirmed absent or none are declared, never that a check failed."
)
UNVERIFIED_SUMMARY = "No check has confirmed its weights yet: it has no tier and no score."

# Why a release is not yet verified, by how the latest check of its weights ended.
# {endpoint} is where that check went; raw error text stays in the evidence.
NEVER_CHECKED = "never checked"
LAST_CHECK_FAILED = "the last check failed: {what}"
INCONCLUSIVE_CHECK = "the last check could not confirm the weights: {reason}"
UNKNOWN_ENDPOINT = "the source"
# Shown on every page while the start-up probe of the Hub has failed and no check succeeded.
HUB_UNREACHABLE_BANNER = (
    "The Hugging Face Hub cannot be reached from this server: checks will fail. "
    "Run `bin/serve --offline` to check against the bundled snapshots."
)
FAILURE_WORDS: Mapping[FailureKind, str] = MappingProxyType(
    {
        FailureKind.TIMEOUT: "could not reach {endpoint} (timeout)",
        FailureKind.SERVER_ERROR: "could not reach {endpoint} (server error or no connection)",
        # One 404 is not absence: reconcile waits for a second before calling it absent.
        FailureKind.NOT_FOUND: (
            "{endpoint} did not find it; a second check decides whether it is absent"
        ),
        FailureKind.GATED: "{endpoint} would not show it (gated)",
        FailureKind.UNAUTHORISED: "{endpoint} refused access (unauthorised)",
        FailureKind.RATE_LIMITED: (
            "{endpoint} rate-limited the check (too many requests); a later check retries"
        ),
        FailureKind.MALFORMED_REPLY: "{endpoint} sent a reply that could not be read",
        # Our own guard's message is ours (an SSRF refusal, a cap), so it may be shown.
        FailureKind.REFUSED: "the registry refused to send the request to {endpoint}: {message}",
    }
)

# What would let the next check finish, by failure kind: the guidance a page shows beside a
# failed check, and the API's `remediation`.
FAILURE_REMEDIATION: Mapping[FailureKind, str] = MappingProxyType(
    {
        FailureKind.TIMEOUT: "nothing to change in the release: the next check tries again",
        FailureKind.SERVER_ERROR: "nothing to change in the release: the next check tries again",
        FailureKind.NOT_FOUND: (
            "publish it at the location given, or correct the location if it moved"
        ),
        FailureKind.GATED: "remove the access gate, so anyone can download it without asking",
        FailureKind.UNAUTHORISED: "make the repository public",
        FailureKind.RATE_LIMITED: "nothing to change in the release: the next check tries again",
        FailureKind.MALFORMED_REPLY: (
            "nothing to change in the release: the next check tries again"
        ),
        FailureKind.REFUSED: (
            "give a public https location on a public host (an owner/name Hub id, or a "
            "repository or file URL)"
        ),
    }
)

# A guard's refusal reads "refused 'target': reason"; people get the reason, in our words.
_REFUSED_PREFIX = re.compile(r"^refused (?:the git ref )?'[^']*'\s*:\s*")


def failure_sentence(kind: FailureKind, endpoint: str | None, message: str = "") -> str:
    """Return a failed check in plain words: where it went and what happened, no raw error."""
    reason = ""
    if kind is FailureKind.REFUSED:
        reason = _REFUSED_PREFIX.sub("", message).strip().rstrip(".")
    return FAILURE_WORDS[kind].format(
        endpoint=endpoint or UNKNOWN_ENDPOINT, message=reason or "it is not a public location"
    )


def parse_failure(stored: str | None) -> tuple[FailureKind, str] | None:
    """Return the kind and message of a failure stored as "kind: message", if it is one."""
    if not stored:
        return None
    kind, _, message = stored.partition(":")
    try:
        return FailureKind(kind.strip()), message.strip()
    except ValueError:
        return None


def stored_failure_sentence(stored: str | None, endpoint: str | None = None) -> str | None:
    """Return a failure stored as "kind: message" in words; None when there is none."""
    parsed = parse_failure(stored)
    if parsed is None:
        return None if not stored else LAST_CHECK_FAILED.format(what="the check did not finish")
    return failure_sentence(parsed[0], endpoint, parsed[1])
