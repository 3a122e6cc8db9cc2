"""What a training loop looks like, language by language: the rows training code is read with.

Models are trained in Python (PyTorch, JAX/Flax), but also in C/C++/CUDA (karpathy's
llm.c: `gpt2_forward`, `gpt2_backward`, `gpt2_update` in a loop over steps), in Rust
(candle's `opt.backward_step(&loss)`, burn's `LearnerBuilder`) and in Julia (Flux's
`train!`, `gradient` plus `update!`). Each language has rows; a row is a trainer API or a
hand-written loop, and every signal of a row must show in the file (a backward pass alone,
with no optimiser update, trains nothing; a CUDA kernel library defines `adamw_kernel` and
`matmul_backward` but runs no loop over steps). In C-like languages and Julia, comments
and string literals are dropped before reading, so a kernel's "used by the backward pass"
note, or a `printf("train loss")`, is neither a backward pass nor a loss. (Python is read
as it always was: its rows are distinctive enough.)

`training_code` says which row matched and what each signal matched, so the evidence
names the file and the signals found. Sources: the PyTorch, JAX/Optax/Flax, libtorch,
candle, burn, Flux and Lux documentation of their training loops (read 2026-12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTED = 40  # characters of a matched snippet quoted in the evidence


@dataclass(frozen=True)
class Signal:
    """One thing a training loop shows: what it is, and how it reads in code."""

    what: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Row:
    """A trainer API or a hand-written loop: every signal must match."""

    name: str
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class Language:
    """A language training code is written in: its file suffixes, comments and rows."""

    name: str
    programs: tuple[str, ...]  # suffixes of files that can be a program (an entrypoint)
    headers: tuple[str, ...]  # suffixes of files only included by others
    ignored: re.Pattern[str] | None  # comments and string literals: words, not code
    rows: tuple[Row, ...]

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Return every suffix of a file written in this language."""
        return (*self.programs, *self.headers)


# A double-quoted string literal; matched in one pass with comments, so that a `//` inside
# a string is no comment and a quote inside a comment opens no string.
STRING = r'"(?:\\.|[^"\\\n])*"'
C_LIKE_IGNORED = re.compile(r"//[^\n]*|/\*.*?\*/|" + STRING, re.S)


def _signal(what: str, pattern: str, flags: int = 0) -> Signal:
    return Signal(what, re.compile(pattern, flags))


def _row(name: str, *signals: Signal) -> Row:
    return Row(name, signals)


# --- Python (and notebooks' code cells): PyTorch trainer APIs, hand-written and JAX loops.
PY_BACKWARD = _signal("a backward pass", r"\.backward\s*\(")
PY_STEP = _signal("an optimiser step", r"\boptim\w*\.step\s*\(\s*\)")
# JAX differentiates a loss function and applies the gradients through optax or flax
# (`train_state.apply_gradients`), usually in a `jax.jit`- or `pjit`-compiled train step.
JAX_GRAD = _signal(
    "JAX gradients",
    r"\b(?:jax|nnx)\.(?:grad|value_and_grad)\s*\(|\bfrom\s+jax\s+import\b[^\n]*\b(?:value_and_)?grad\b",
)
JAX_UPDATE = _signal(
    "an optax or flax update",
    r"\.apply_gradients\s*\(|\boptax\.apply_updates\s*\(|\boptimizer\.update\s*\(",
)
PYTHON = Language(
    "Python",
    (".py", ".ipynb"),
    (),
    None,
    (
        _row("the transformers Trainer", _signal("a Trainer", r"\bTrain(?:er|ingArguments)\b")),
        _row("the Lightning Trainer", _signal("a Trainer", r"\b(?:L|pl|lightning)\.Trainer\b")),
        _row("accelerate's Accelerator", _signal("an Accelerator", r"\bAccelerator\s*\(")),
        _row("a deepspeed engine", _signal("an engine", r"\bdeepspeed\.initialize\s*\(")),
        _row("the composer Trainer", _signal("a Trainer", r"\bfrom\s+composer\b.*\bTrainer\b")),
        _row("a hand-written loop", PY_BACKWARD, PY_STEP),
        _row("a JAX training step", JAX_GRAD, JAX_UPDATE),
    ),
)

# --- C, C++ and CUDA: llm.c's `gpt2_backward` + `gpt2_update`, libtorch's
# `loss.backward()` + `optimizer.step()`, each inside a loop over steps, epochs or batches.
C_LOOP = _signal(
    "a loop over steps",
    r"\b(?:for|while)\s*\(\s*(?:[\w:<>]+[\s&*]+)?(?:step|iter|epoch)\w*\s*(?:=|<|:|\+\+)",
)
C_FAMILY = Language(
    "C/C++/CUDA",
    (".c", ".cc", ".cpp", ".cxx", ".cu"),
    (".h", ".hpp", ".cuh"),
    C_LIKE_IGNORED,
    (
        _row(
            "a hand-written training loop",
            _signal("a backward pass", r"(?:\w+(?:\.|->))?\b\w*backward\w*\s*\(", re.I),
            _signal(
                "an optimiser update",
                r"\b\w*_update\s*\(|\b(?:adamw?|sgd)_\w*\s*\(|\boptimi[sz]er\s*(?:\.|->)\s*step\s*\(",
                re.I,
            ),
            _signal("a loss", r"\b\w*loss\w*\b", re.I),
            C_LOOP,
        ),
    ),
)

# --- Rust: candle and tch step the optimiser on the loss; burn has a Learner or a loop.
RUST_LOOP = _signal("a loop", r"\bfor\s+(?:\w+|\([^)]*\))\s+in\b|\bloop\s*\{|\bwhile\b")
RUST = Language(
    "Rust",
    (".rs",),
    (),
    C_LIKE_IGNORED,
    (
        _row(
            "an optimiser step on the loss",
            _signal("an optimiser step", r"\.backward_step\s*\("),
            _signal("a loss", r"\b\w*loss\w*\b", re.I),
            RUST_LOOP,
        ),
        _row(
            "a hand-written loop",
            _signal("a backward pass", r"\.backward\s*\(\s*\)"),
            _signal("an optimiser step", r"\b\w*(?:optim\w*|opt)\s*\.\s*step\s*\("),
            RUST_LOOP,
        ),
        _row(
            "burn's Learner",
            _signal("a Learner", r"\bLearnerBuilder\s*::\s*new\b"),
            _signal("a fit", r"\.fit\s*\("),
        ),
    ),
)

# --- Julia: Flux's `train!`, or `gradient` plus `update!` in a loop; Lux's training step.
JULIA = Language(
    "Julia",
    (".jl",),
    (),
    re.compile(r"#=.*?=#|#[^\n]*|" + STRING, re.S),
    (
        _row("Flux's train!", _signal("a train! call", r"\b(?:Flux\.)?train!\s*\(")),
        _row(
            "a hand-written loop",
            _signal("gradients", r"\b(?:Flux\.|Zygote\.)?(?:gradient|withgradient)\s*\("),
            _signal("an optimiser update", r"\b(?:Flux\.|Optimisers\.)?update!\s*\("),
            _signal("a loop", r"\bfor\b[^\n]*\bin\b|\bwhile\b"),
        ),
        _row("Lux's training step", _signal("a training step", r"\bsingle_train_step!?\s*\(")),
    ),
)

LANGUAGES = (PYTHON, C_FAMILY, RUST, JULIA)
# Languages besides Python, whose training entrypoints count only by what their code shows.
OTHER_LANGUAGES = tuple(language for language in LANGUAGES if language is not PYTHON)


def language_of(path: str) -> Language | None:
    """Return the language a file is written in, by its suffix; None when not code we read."""
    lowered = path.lower()
    return next((lang for lang in LANGUAGES if lowered.endswith(lang.suffixes)), None)


def training_code(language: Language, text: str) -> str | None:
    """Say which training row the code shows and what each signal matched; None if none."""
    code = language.ignored.sub(" ", text) if language.ignored else text
    for row in language.rows:
        found = [(signal.what, signal.pattern.search(code)) for signal in row.signals]
        if all(match for _, match in found):
            shown = ", ".join(f"{what} (`{_quoted(m.group(0))}`)" for what, m in found if m)
            return f"{row.name} in {language.name}: {shown}"
    return None


def _quoted(snippet: str) -> str:
    flat = " ".join(snippet.split())
    return flat if len(flat) <= MAX_QUOTED else flat[: MAX_QUOTED - 3] + "..."
