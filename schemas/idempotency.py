"""The Idempotency-Key request header of API writes (draft-ietf-httpapi-idempotency-key-header)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from schemas.patterns import IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX, FullMatch

HEADER = "Idempotency-Key"
KEY_MAX = IDEMPOTENCY_KEY_MAX
# Visible ASCII only: the key is compared byte for byte and echoed in no header.
validate_key = FullMatch(
    IDEMPOTENCY_KEY,
    f"Send 1 to {KEY_MAX} visible ASCII characters, no spaces; a random UUID is ideal.",
)


class IdempotencyHeaderSchema(Schema):
    """The optional key that makes a retried write safe."""

    class Meta:
        unknown = EXCLUDE  # every other header

    key = fields.String(
        data_key=HEADER,
        validate=validate_key,
        metadata={
            "description": (
                "Makes a retry safe: a repeat with the same key and body gets the first "
                "response again (header Idempotent-Replayed: true) instead of a second write; "
                "the same key with another body is a 422. Kept for "
                "REGISTRY_IDEMPOTENCY_TTL_SECONDS."
            )
        },
    )
