"""Does the published code explain the published model? Cross-artifact consistency findings.

Findings, not a score: architecture agreement (`architecture`, `dialects`), data agreement
(`data_names`, `data`), pins (`pins`), environment (`environment`), gathered by `check`
through the ports from what the pillar checks saw (`sources`), reported in `report`.
"""

from registry.consistency.check import check_consistency
from registry.consistency.report import ConsistencyReport
from registry.consistency.sources import ArtifactSeen, seen_from_result

__all__ = ["ArtifactSeen", "ConsistencyReport", "check_consistency", "seen_from_result"]
