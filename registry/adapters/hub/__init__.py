"""The Hub adapter, the only code that imports huggingface_hub: one package, four parts.

- `adapter.py`: `HubAdapter`, the `HubClient` port's calls (info, listings, file reads)
- `session.py`: huggingface_hub's shared client, with the address rule on every hop
- `reads.py`: single requests on that session (a listing page, refs, a file's bytes)
- `failures.py`: library errors -> failure kinds, and the 429 waiting budget
- `replies.py`, `revisions.py`: replies -> port dataclasses; the revision listing's paging
"""

from __future__ import annotations

import os

# huggingface_hub's telemetry (on unless disabled) makes the first request of every process
# fetch https://huggingface.co/api/agent-harnesses with a 3 s timeout: a call outside the
# configured endpoint, even offline, and a delay in each RQ work horse. Its constants are
# read at import time, so the switch is set before the first import (the submodules below).
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from registry.adapters.hub.adapter import HubAdapter  # after the switch

__all__ = ["HubAdapter"]
