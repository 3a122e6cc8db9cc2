"""What a path shows about MOF's components, by its name: the tables the MOF observer reads.

Each signal is a pattern on the lower-cased path; a path in a test or CI folder never
counts (an `eval` script under `tests/` tests the harness, it evaluates no model), and a
signal that means code only counts for code files. Sources: MOF 1.0's component
descriptions (arXiv 2403.13784, Table 1) and the layouts of public releases (lm-eval-harness
task YAMLs, OLMES/HELM configs, dolma taggers, datatrove and NeMo-Curator pipelines,
Hub checkpoint folders).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from posixpath import basename

from registry.checks.code.paths import (
    EVALUATION_PATH,
    FINE_TUNING_PATH,
    IGNORED_PATH,
    INFERENCE_PATHS,
)

CODE_SUFFIXES = (".py", ".sh", ".slurm", ".sbatch", ".rs", ".ipynb")
CONFIG_SUFFIXES = (".yaml", ".yml", ".jsonnet", ".toml", ".json", ".cfg", ".gin")
DATA_SUFFIXES = (".json", ".jsonl", ".csv", ".tsv", ".md", ".txt", ".parquet")
MAX_PATHS_PER_SIGNAL = 12


class PathSignal(StrEnum):
    """What kind of MOF evidence a path is."""

    EVALUATION = "evaluation"  # eval harness scripts and task configs
    EVAL_RESULTS = "eval_results"  # result files
    PREPROCESSING = "preprocessing"  # tokenising, deduplication, filtering pipelines
    MODELLING = "modelling"  # files that may define the architecture
    INFERENCE = "inference"  # code that runs the trained model
    CHECKPOINTS = "checkpoints"  # intermediate checkpoint folders
    METADATA = "metadata"  # generation_config.json, trainer_state.json
    SAMPLES = "samples"  # sample model outputs
    PACKAGING = "packaging"  # a package the repository declares as its own


@dataclass(frozen=True)
class SignalRule:
    """A path signal: the pattern, and the suffixes a matching file must end with."""

    pattern: re.Pattern[str]
    suffixes: tuple[str, ...] | None  # None: any file under a matching folder
    why: str


HARNESS_DIRS = r"(olmes|helm|lm[_-]?eval\w*|lm-evaluation-harness|catwalk|opencompass|evals?)"
SIGNALS: Mapping[PathSignal, SignalRule] = {
    # `eval_7b.sh`, `evaluation/tasks/arc.yaml`, `lm_eval/tasks/hellaswag.yaml`, `olmes/...`
    PathSignal.EVALUATION: SignalRule(
        re.compile(EVALUATION_PATH.pattern + rf"|(^|/){HARNESS_DIRS}/"),
        CODE_SUFFIXES + (".yaml", ".yml", ".jsonnet", ".toml", ".gin"),
        "evaluation scripts and harness configs",
    ),
    # `eval_results.json`, `results/mmlu.json`, `evaluation_results.csv`
    # ...also `x-step1_eval_results_01.json` and the score files an evaluation folder keeps
    # (`evals/pythia-v1/pythia-6.9b/zero-shot/6.9b_step1000.json`).
    PathSignal.EVAL_RESULTS: SignalRule(
        re.compile(
            r"(^|/)(eval[_-]?results?|evaluation[_-]?results?|results?|scores|leaderboard)"
            r"([_.-][^/]*)?$|(^|/)(eval[_-]?results|evaluation[_-]?results|results)/"
            r"|[_-]eval(uation)?[_-]?results?[_.-][^/]*$"
            r"|(^|/)(evals?|evaluations?)/([^/]+/)*[^/]+\.(json|jsonl|csv|tsv)$"
        ),
        DATA_SUFFIXES,
        "evaluation result files",
    ),
    # `tokenize_data.py` but not `tokenizer.py` (that runs the model, it prepares no data);
    # `run_dedup.py` but not `pythia-12b-deduped.yml` (a model trained on deduplicated data)
    PathSignal.PREPROCESSING: SignalRule(
        re.compile(
            r"(^|/)([^/]*[_-])?(pre[_-]?process\w*|(pre)?tokeni[sz]e[ds]?|dedup(?!ed)\w*|deduplicat\w*"
            r"|filter(s|ing)?|taggers?|mixers?|data[_-]?prep\w*|prepare[_-]?(\w+[_-])?(data|dataset)\w*"
            r"|clean(ing)?|datatrove|nemo[_-]?curator|curat(e|ion|or)\w*)([/_.-]|$)"
        ),
        CODE_SUFFIXES + (".yaml", ".yml", ".toml"),
        "data preprocessing code (tokenising, deduplication, filtering)",
    ),
    PathSignal.MODELLING: SignalRule(
        re.compile(r"(^|/)(modell?ing[^/]*|model|models?/[^/]+|[^/]*_model|transformer)\.py$"),
        (".py",),
        "modelling code",
    ),
    PathSignal.INFERENCE: SignalRule(INFERENCE_PATHS, (".py",), "inference code"),
    # `step1000/`, `checkpoints/stage1/`, `global_step500/`, `ckpt_010/`
    PathSignal.CHECKPOINTS: SignalRule(
        re.compile(
            r"(^|/)(checkpoints?|ckpts?|intermediate[^/]*|(global_)?step[-_]?\d+[^/]*"
            r"|iter_\d+|ckpt[_-]?\d+)/"
        ),
        None,
        "intermediate checkpoint folders",
    ),
    PathSignal.METADATA: SignalRule(
        re.compile(r"(^|/)(generation_config|trainer_state|training_args|model_metadata)\.\w+$"),
        None,
        "model metadata files",
    ),
    PathSignal.SAMPLES: SignalRule(
        re.compile(
            r"(^|/)(sample[_-]?outputs?|samples|generations|completions|model[_-]outputs?)"
            r"([_.-][^/]*)?$|(^|/)(sample[_-]?outputs?|generations|completions)/"
        ),
        DATA_SUFFIXES,
        "sample model outputs",
    ),
    PathSignal.PACKAGING: SignalRule(
        re.compile(r"^(pyproject\.toml|setup\.py|setup\.cfg)$"), None, "packaging"
    ),
}

# Branch or tag names of intermediate checkpoints: `step1000`, `step1000-tokens4B`,
# `stage1-step10000-tokens42B`, `ckpt_010`, `global_step500`, `iter_0001000`, `revision-3`.
CHECKPOINT_REF = re.compile(
    r"(^|[-_/])(step|ckpt|checkpoint|global_step|iter|revision|epoch)[-_]?\d+"
    r"|(^|[-_/])\d+[-_]?steps?([-_/]|$)",  # `checkpoint-1000step`
    re.I,
)


def signal_of(path: str, signal: PathSignal) -> bool:
    """Return True when a path shows the signal (tests and CI folders never do)."""
    lowered = path.lower()
    if IGNORED_PATH.search(lowered):
        return False
    if signal is PathSignal.PREPROCESSING and FINE_TUNING_PATH.search(lowered):
        return False  # preparing someone's fine-tuning data is not the pretraining pipeline
    rule = SIGNALS[signal]
    if rule.pattern.search(lowered) is None:
        return False
    return rule.suffixes is None or lowered.endswith(rule.suffixes)


def path_signals(paths: Iterable[str]) -> dict[str, list[str]]:
    """Return, for each signal some paths show, the first few of those paths."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for signal in PathSignal:
            if signal_of(path, signal):
                hits = found.setdefault(signal.value, [])
                if len(hits) < MAX_PATHS_PER_SIGNAL:
                    hits.append(path)
    return found


def is_checkpoint_ref(name: str) -> bool:
    """Return True for a branch or tag named like an intermediate checkpoint."""
    return name != "main" and CHECKPOINT_REF.search(name) is not None


def is_code(path: str) -> bool:
    """Return True for a source file (not a config or data file)."""
    return basename(path.lower()).endswith(CODE_SUFFIXES)
