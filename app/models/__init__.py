"""Database rows: labs, releases, artifacts, check runs, evidence and score history.

Rows are persistence only; `app.services` turns them into the domain dataclasses of
`registry.model` and back. Current scores are denormalised onto Release and Lab so list
pages, filters and badges read one indexed row instead of recomputing.

One module per family of tables; importing this package registers every table on
`db.metadata` (Alembic's autogenerate compares against it), and `from app.models import X`
is the way in.
"""

from app.models.accounts import ApiToken, ApiTokenLab, LabMember, User
from app.models.catalogue import Artifact, Lab, Release
from app.models.claims import Claim
from app.models.columns import DESC_NULLS_LAST, UTCDateTime, exists_on, utcnow
from app.models.history import LabScoreSnapshot, ScoreSnapshot
from app.models.runs import CheckRun, CheckRunAttempt, Evidence
from app.models.writes import IdempotencyKey, WriteRecord

__all__ = [
    "DESC_NULLS_LAST",
    "ApiToken",
    "ApiTokenLab",
    "Artifact",
    "CheckRun",
    "CheckRunAttempt",
    "Claim",
    "Evidence",
    "IdempotencyKey",
    "Lab",
    "LabMember",
    "LabScoreSnapshot",
    "Release",
    "ScoreSnapshot",
    "UTCDateTime",
    "User",
    "WriteRecord",
    "exists_on",
    "utcnow",
]
