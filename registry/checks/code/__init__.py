"""The code checker and its parts: path and content tables, signals, repositories, doubts.

- `paths`: what a file's path says (training, evaluation, example, runnable).
- `contents`: what the few fetched files say; `loops`: what a training loop looks like in
  each language (Python and JAX, C/C++/CUDA, Rust, Julia); `signals`: all read into one
  assessment.
- `repos`: one repository inspected (head, paths, blobs, submodules, followed trainers).
- `doubts`: what weakens a training-code claim; `evidence`: what a check records beside
  its verdict; `repo_licences`: the licence the read repositories state; `sentences`: the
  reasons people read.
- `checker`: the `CodeChecker` itself, which reads the repositories and concludes.
"""

from __future__ import annotations

from registry.checks.code.checker import CodeChecker

__all__ = ["CodeChecker"]
