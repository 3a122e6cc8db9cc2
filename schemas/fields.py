"""Validators shared by the resource schemas, each with a message that says what to do."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from marshmallow import ValidationError, fields

from registry.licences import is_known_licence
from registry.network.addresses import parse_address
from registry.network.hosts import host_refusal
from schemas.licence_pattern import licence_expression_pattern
from schemas.patterns import (
    COUNTRY,
    GIT_URL,
    HTTPS_URL,
    HUB_DATASET_ID,
    HUB_ID,
    HUB_OWNER,
    NAME,
    PARTIAL_DATE,
    SLUG,
    SLUG_MAX,
    TEXT,
    FullMatch,
    spec_pattern,
)

URL_MAX = 500  # as an artifact's locator
SLUG_RE = re.compile(SLUG)  # match with fullmatch: "$" would let "slug\n" through
TEXT_MESSAGE = (
    "Remove the control characters (such as NUL, line breaks or invisible direction marks)."
)


def suggest_slug(value: str) -> str:
    """Turn a name such as 'Qwen2.5 7B' into a valid slug ('qwen2-5-7b')."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))[:SLUG_MAX].strip("-")


def slug_message(value: str) -> str:
    """Say what a slug may hold, with a valid one made from `value`."""
    return (
        f"Not a valid slug: use lowercase letters, digits and single hyphens "
        f"(at most {SLUG_MAX} characters), e.g. {suggest_slug(str(value)) or 'olmo-7b'}."
    )


validate_slug = FullMatch(SLUG, slug_message)
validate_hub_id = FullMatch(HUB_ID, "Not a Hub repo id: use owner/name, e.g. allenai/OLMo-7B.")
validate_hub_dataset_id = FullMatch(
    HUB_DATASET_ID, "Not a Hub repo id: use owner/name, e.g. allenai/dolma."
)
validate_hub_owner = FullMatch(
    HUB_OWNER, "Not a Hub organisation: use its name as in huggingface.co/<name>."
)
validate_text = FullMatch(TEXT, TEXT_MESSAGE)
validate_name = FullMatch(
    NAME,
    lambda value: TEXT_MESSAGE
    if not validate_text.matches(str(value))
    else "Give a name with at least one visible character.",
)
COUNTRY_HINT = "use two capital letters (ISO 3166-1), e.g. FR."


def _country_message(value: Any) -> str:
    if re.fullmatch(r"[A-Z]{2}", str(value)):
        return f"Not a country code: {value} is not assigned; {COUNTRY_HINT}"
    return f"Not a country code: {COUNTRY_HINT}"


validate_country = FullMatch(COUNTRY, _country_message)


# The example each kind of URL field shows when its value is refused: one that fits the field.
URL_EXAMPLES = {
    "page": "https://allenai.org/olmo",
    "paper": "https://arxiv.org/abs/2402.00838",
    "git": "https://github.com/allenai/OLMo",
    "download": "https://example.org/data/train-00000.jsonl.gz",
}


def _url_message(value: Any, example: str = URL_EXAMPLES["page"]) -> str:
    """Say what is wrong with a URL the pattern refused, in the user's terms."""
    text = str(value)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return f"Not a valid URL: check its brackets, e.g. {example}."
    if any(unicodedata.category(c) in {"Cc", "Cf"} for c in text):
        return "Not a valid URL: remove the control characters."
    if parts.scheme != "https" or not host:
        return f"Not a valid URL: use an https:// address, e.g. {example}."
    if any(c.isspace() for c in text):
        return "Not a valid URL: remove the spaces."
    if parts.username or parts.password:
        return "Not a valid URL: credentials in URLs are not accepted."
    reason = host_refusal(host)
    if reason is not None:
        return f"Not a public address: {reason}. Give the public host name."
    if parse_address(host) is not None:
        return "Not a valid URL: give the host's name, not its IP address."
    return f"Not a valid URL: use https://host.domain/..., e.g. {example}."


def _url_message_for(kind: str) -> Callable[[Any], str]:
    return lambda value: _url_message(value, URL_EXAMPLES[kind])


def _git_message(value: Any) -> str:
    if validate_https_url.matches(str(value)):
        return f"Not a repository URL: use https://host/owner/repo, e.g. {URL_EXAMPLES['git']}."
    return _url_message(value, URL_EXAMPLES["git"])


# One pattern each: a public https URL (a DNS name, never an IP literal or a local name:
# what the checker would refuse is refused here, with the reason), and a repository URL.
# Each URL field's message shows an example that fits it (a paper, a download, a page).
validate_https_url = FullMatch(HTTPS_URL, _url_message_for("page"))
validate_paper_url = FullMatch(HTTPS_URL, _url_message_for("paper"))
validate_download_url = FullMatch(HTTPS_URL, _url_message_for("download"))
validate_git_url = FullMatch(GIT_URL, _git_message)


class _Licence(FullMatch):
    """A licence expression of known ids (the pattern), read by the licence table too."""

    def __call__(self, value: Any) -> Any:
        super().__call__(value)
        if not is_known_licence(value):  # the pattern promises it; keep the two honest
            raise ValidationError(_licence_message(value))
        return value


def _licence_message(value: Any) -> str:
    return (
        f"Not a licence expression: {value!r}. Use an SPDX id or expression such as "
        "Apache-2.0 or 'MIT AND Apache-2.0' (no parentheses), or a Hub licence tag such as "
        "llama3.1 or other."
    )


validate_licence = _Licence(licence_expression_pattern(), _licence_message)


class PartialDate(fields.Field[tuple[date, str]]):
    """A date known to the day, the month or the year: 2024-02-01, 2024-02 or 2024.

    Loads to (first day of the period, precision); the public record often knows only the
    month of a release, and inventing a day would be a small lie.
    """

    PATTERNS = (("day", "%Y-%m-%d"), ("month", "%Y-%m"), ("year", "%Y"))
    SHAPE = re.compile(PARTIAL_DATE)  # strptime alone takes "2024-2-1" and " 2024"

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": spec_pattern(PARTIAL_DATE), **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> tuple[date, str]:
        if isinstance(value, str) and self.SHAPE.fullmatch(value):
            for precision, pattern in self.PATTERNS:
                try:
                    return datetime.strptime(value, pattern).date(), precision
                except ValueError:
                    continue
        raise ValidationError("Not a valid date: use YYYY-MM-DD, YYYY-MM or YYYY.")

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        return value


def format_partial_date(value: date | None, precision: str | None) -> str | None:
    """Write a date at the precision it is known to."""
    if value is None:
        return None
    pattern = dict(PartialDate.PATTERNS).get(precision or "day", "%Y-%m-%d")
    return value.strftime(pattern)


def error_messages(error: ValidationError) -> dict[str, Any]:
    """The messages of `error` keyed by field (schema-wide ones under `_schema`)."""
    # marshmallow leaves normalized_messages unannotated; it always returns a dict.
    messages: dict[str, Any] = error.normalized_messages()  # type: ignore[no-untyped-call]
    return messages


def flatten_errors(messages: Mapping[Any, Any], prefix: str = "") -> dict[str, list[str]]:
    """Flatten marshmallow's nested error dict into 'releases[3].artifacts.weights.repo_id' keys."""
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        path = _join(prefix, key)
        if isinstance(value, Mapping):
            flat.update(flatten_errors(value, path))
        else:
            flat[path or "_schema"] = [str(v) for v in value]
    return flat


def _join(prefix: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)
