"""What each badge says and in which colour: badge facts in, a BadgeSpec out.

Pure functions over tables, memoised; rendering (SVG or shields JSON) happens elsewhere. The
spec is the whole content of a badge, so it doubles as the key of the render cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from app.badges.text import NAME_MAX_CHARS, clean_text
from app.services.badges import BadgeState, LabBadgeFacts, ReleaseBadgeFacts
from app.services.consistency import ConsistencyBadgeFacts
from app.services.mof_badge import MofBadgeFacts
from registry.model import Pillar, Verdict
from registry.scoring import coverage
from registry.standard import NEVER_CHECKED, TIERS_BY_LETTER
from registry.words import percent

# shields.io's named colours, as hex, so SVG and JSON carry the same value.
BRIGHTGREEN = "#4c1"
GREEN = "#97ca00"
YELLOWGREEN = "#a4a61d"
YELLOW = "#dfb317"
ORANGE = "#fe7d37"
RED = "#e05d44"
LIGHTGREY = "#9f9f9f"
LABEL_GREY = "#555"

TIER_COLOURS: Mapping[str, str] = MappingProxyType(
    {"A": BRIGHTGREEN, "B": GREEN, "C": YELLOWGREEN, "D": ORANGE, "E": RED}
)
VERDICT_COLOURS: Mapping[Verdict, str] = MappingProxyType(
    {
        Verdict.OPEN: BRIGHTGREEN,
        Verdict.RESTRICTED: YELLOW,
        Verdict.ABSENT: RED,
        # Nothing confirmed: the colour of "no information", never the red of absent.
        Verdict.UNVERIFIED: LIGHTGREY,
    }
)
# A lab's mean score (0-100): the first row whose floor the score reaches gives the colour.
LAB_SCORE_COLOURS: tuple[tuple[int, str], ...] = (
    (90, BRIGHTGREEN),
    (70, GREEN),
    (50, YELLOWGREEN),
    (30, YELLOW),
    (10, ORANGE),
    (0, RED),
)
# What a state adds to the message; None adds nothing.
STATE_SUFFIXES: Mapping[BadgeState, str | None] = MappingProxyType(
    {
        BadgeState.VERIFIED: None,
        BadgeState.UNVERIFIED: None,
        BadgeState.STALE: "stale",
        BadgeState.CHECK_FAILED: "check failed",
    }
)
# States whose verdict is the last good one rather than a current one: its colour is dimmed.
DIMMED_STATES = frozenset({BadgeState.STALE, BadgeState.CHECK_FAILED})
DIM_TOWARDS = LIGHTGREY
DIM_WEIGHT = 0.5  # half the verdict colour, half grey: the hue survives, the shout does not

# The builders below are pure and their inputs hashable: each distinct badge is worked out once.
SPEC_CACHE_SIZE = 4096

DEFAULT_LABEL = "openness"
PILLAR_LABELS: Mapping[Pillar, str] = MappingProxyType(
    {Pillar.WEIGHTS: "weights", Pillar.CODE: "training code", Pillar.DATA: "training data"}
)
SEPARATOR = " · "
UNVERIFIED_MESSAGE = "unverified"
# A tooltip's "why" (a reason naming an endpoint) may run longer than a name.
DETAIL_MAX_CHARS = 200
NOT_FOUND_MESSAGE = "not found"
MOF_LABEL = "MOF verified"
MOF_CLASS_MESSAGES: Mapping[int, str] = MappingProxyType(
    {1: "Class I", 2: "Class II", 3: "Class III", 0: "unclassified"}
)
MOF_CLASS_COLOURS: Mapping[int, str] = MappingProxyType(
    {1: BRIGHTGREEN, 2: GREEN, 3: YELLOWGREEN, 0: LIGHTGREY}
)


@dataclass(frozen=True)
class BadgeSpec:
    """Everything a badge shows: texts, colours, tooltip, and whether it reports an error."""

    label: str
    message: str
    color: str
    title: str
    label_color: str = LABEL_GREY
    is_error: bool = False


@lru_cache(maxsize=SPEC_CACHE_SIZE)
def lab_spec(facts: LabBadgeFacts, label: str | None = None) -> BadgeSpec:
    """Return a lab badge: its mean score, its share of tier A, and coverage when partial."""
    covered = coverage(facts.verified_release_count, facts.release_count)
    if facts.score is None or not facts.verified_release_count:
        # None verified: no score to show, and no verdict to call stale.
        return _spec(label, DEFAULT_LABEL, UNVERIFIED_MESSAGE, LIGHTGREY, BadgeState.UNVERIFIED,
                     subject=_name(facts.name), detail=covered)
    share = facts.tier_a_count / facts.verified_release_count
    parts = [f"{facts.score}/100", f"{percent(share)} tier A"]  # 1 of 300 is "under 1%", not 0%
    if facts.verified_release_count < facts.release_count:
        parts.append(f"{facts.verified_release_count}/{facts.release_count} verified")
    return _spec(label, DEFAULT_LABEL, SEPARATOR.join(parts), lab_score_colour(facts.score),
                 facts.state, subject=_name(facts.name), detail=covered)


@lru_cache(maxsize=SPEC_CACHE_SIZE)
def release_spec(facts: ReleaseBadgeFacts, label: str | None = None) -> BadgeSpec:
    """Return a release badge: its tier letter and name, or a grey "unverified" and why."""
    subject = _release_subject(facts)
    if facts.tier is None:
        # Unverified is a state of its own, not a stale or failed tier: grey, no suffix.
        why = facts.status_reason or NEVER_CHECKED
        return _spec(label, DEFAULT_LABEL, UNVERIFIED_MESSAGE, LIGHTGREY, BadgeState.UNVERIFIED,
                     subject=subject, detail=f"not yet verified: {why}")
    tier = TIERS_BY_LETTER[facts.tier]
    base = f"tier {tier.letter}{SEPARATOR}{tier.name.lower()}"
    return _spec(label, DEFAULT_LABEL, base, TIER_COLOURS[tier.letter], facts.state, subject)


@lru_cache(maxsize=SPEC_CACHE_SIZE)
def pillar_spec(facts: ReleaseBadgeFacts, pillar: Pillar, label: str | None = None) -> BadgeSpec:
    """Return one pillar's badge: its verdict, as the release page states it."""
    # The stored verdict needs no "checked" test: until a check confirms it, a declared
    # artifact is "unverified" and an undeclared one "absent", as the release page says.
    verdict = facts.verdict(pillar)
    # Stale and failed qualify a verdict reached earlier; an unverified one has none to age.
    state = BadgeState.UNVERIFIED if verdict is Verdict.UNVERIFIED else facts.state
    return _spec(
        label,
        PILLAR_LABELS[pillar],
        verdict.value,
        VERDICT_COLOURS[verdict],
        state,
        subject=_release_subject(facts),
    )


CONSISTENCY_LABEL = "code explains model"
CONSISTENT_MESSAGE = "consistent"
NOT_CONSISTENT_MESSAGE = "not established"


@lru_cache(maxsize=SPEC_CACHE_SIZE)
def consistency_spec(facts: ConsistencyBadgeFacts, label: str | None = None) -> BadgeSpec:
    """Return the consistency badge: green "consistent" only when every finding earns it."""
    subject = f"{_name(facts.name)} ({_name(facts.lab_name)})"
    if not facts.checked:
        return _spec(
            label,
            CONSISTENCY_LABEL,
            UNVERIFIED_MESSAGE,
            LIGHTGREY,
            BadgeState.UNVERIFIED,
            subject=subject,
            detail=NEVER_CHECKED,
        )
    if facts.consistent:
        return _spec(
            label,
            CONSISTENCY_LABEL,
            CONSISTENT_MESSAGE,
            BRIGHTGREEN,
            BadgeState.VERIFIED,
            subject=subject,
            detail="architecture agrees, data covered, code and data pinned",
        )
    return _spec(
        label,
        CONSISTENCY_LABEL,
        NOT_CONSISTENT_MESSAGE,
        LIGHTGREY,
        BadgeState.VERIFIED,
        subject=subject,
        detail="; ".join(facts.gaps),
    )


@lru_cache(maxsize=SPEC_CACHE_SIZE)
def mof_spec(facts: MofBadgeFacts, label: str | None = None) -> BadgeSpec:
    """Return the verified MOF class badge, like MOT's class badge but from our evidence."""
    subject = f"{_name(facts.name)} ({_name(facts.lab_name)})"
    claimed = (f"; its MOF file claims {MOF_CLASS_MESSAGES[facts.claimed_class]}"
               if facts.claimed_class is not None else "")  # fmt: skip
    if not facts.checked:
        return _spec(label, MOF_LABEL, UNVERIFIED_MESSAGE, LIGHTGREY, BadgeState.UNVERIFIED,
                     subject=subject, detail=f"not yet checked{claimed}")  # fmt: skip
    detail = (f"verified from evidence: {facts.open_components} of "
              f"{facts.ruled_components} components open{claimed}")  # fmt: skip
    return _spec(label, MOF_LABEL, MOF_CLASS_MESSAGES[facts.mof_class],
                 MOF_CLASS_COLOURS[facts.mof_class], facts.state, subject, detail)  # fmt: skip


@lru_cache(maxsize=SPEC_CACHE_SIZE)
def not_found_spec(default_label: str, label: str | None = None) -> BadgeSpec:
    """Return the grey badge of an unknown lab, release or pillar."""
    shown = default_label if label is None else label
    return BadgeSpec(
        label=shown,
        message=NOT_FOUND_MESSAGE,
        color=LIGHTGREY,
        title=_title(shown, NOT_FOUND_MESSAGE),
        is_error=True,
    )


def invalid_request_spec(reason: str) -> BadgeSpec:
    """Return the badge of a request the registry refuses, with the reason as its tooltip."""
    return BadgeSpec(
        label="badge", message="invalid request", color=LIGHTGREY, title=reason, is_error=True
    )


def lab_score_colour(score: int) -> str:
    """Return the colour of a lab's mean score."""
    return next(colour for floor, colour in LAB_SCORE_COLOURS if score >= floor)


def dim(colour: str) -> str:
    """Return `colour` blended towards grey: the look of a verdict that is no longer current."""
    mixed = (
        round(a * (1 - DIM_WEIGHT) + b * DIM_WEIGHT)
        for a, b in zip(rgb(colour), rgb(DIM_TOWARDS), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _spec(
    label: str | None,
    default_label: str,
    base: str,
    colour: str,
    state: BadgeState,
    subject: str,
    detail: str | None = None,
) -> BadgeSpec:
    shown = default_label if label is None else label
    suffix = STATE_SUFFIXES[state]
    message = f"{base}{SEPARATOR}{suffix}" if suffix else base
    title = f"{subject} — {_title(shown, message)}"
    return BadgeSpec(
        label=shown,
        message=message,
        color=dim(colour) if state in DIMMED_STATES else colour,
        title=f"{title} ({clean_text(detail, DETAIL_MAX_CHARS)})" if detail else title,
    )


def _title(label: str, message: str) -> str:
    return f"{label}: {message}" if label else message


def _name(value: str) -> str:
    return clean_text(value, NAME_MAX_CHARS)


def _release_subject(facts: ReleaseBadgeFacts) -> str:
    return f"{_name(facts.name)} ({_name(facts.lab_name)})"


def rgb(colour: str) -> tuple[int, int, int]:
    """Return the red, green and blue channels of a #rgb or #rrggbb colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue
