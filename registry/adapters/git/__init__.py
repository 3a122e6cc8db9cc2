"""The git adapter, in pieces.

- `adapter`: the `GitClient` (a remote's head, clone and listing);
- `discovery`: a remote's head over smart HTTP, on pooled connections;
- `pktline`: the ref advertisement's format, pure;
- `runner`: guarded, confined git commands (the only importer of GitPython).
"""

from __future__ import annotations

from registry.adapters.git.adapter import GitAdapter

__all__ = ["GitAdapter"]
