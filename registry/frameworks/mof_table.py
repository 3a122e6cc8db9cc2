"""The MOF component rules as one table: component -> where to look -> what counts -> not.

Read by `mof_evidence` (to decide) and shown as it stands on the release page and in the
frameworks API, so the rule a verdict came from is never out of sight.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from registry.frameworks import mof_components as c
from registry.frameworks import mof_documents as d
from registry.frameworks.mof_components import ComponentRule

TECHNICAL_REPORT_REASON = (
    "A technical report and a research paper cannot be told apart from a URL, and MOT lets "
    "the research paper stand in for the report, so the report has no rule of its own."
)

RULES: tuple[ComponentRule, ...] = (
    ComponentRule("Model architecture", "config.json of the Hub model; modelling code in the "
                  "Hub repo (auto_map), the code repositories, or a library the card names",
                  "an architecture config.json names that modelling code defines",
                  "a config.json alone; a class no code we read defines", c.architecture),
    ComponentRule("Model parameters (Final)", "the Hub model repository (weights checker)",
                  "a complete set of weight files whose bytes are weights",
                  "names without weights; incomplete shard sets", None),
    ComponentRule("Model parameters (Intermediate)", "the Hub model's branches and tags; "
                  "checkpoint folders in the repository",
                  "branches or tags named like checkpoints (step1000, stage1-step..., ckpt_010)",
                  "main alone; release tags (v1.0)", c.intermediate),
    ComponentRule("Training code", "the code repositories (code checker)",
                  "a training entrypoint, or two kinds of training signal agreeing",
                  "fine-tuning, evaluation or inference code alone", None),
    ComponentRule("Inference code", "the code repositories and the Hub model repository; "
                  "the library that defines the architecture",
                  "inference, generation or modelling scripts; a library the card names that "
                  "defines the architecture", "scripts under tests/ or .github/", c.inference),
    ComponentRule("Evaluation code", "the code repositories and the Hub model repository",
                  "eval*.py, evaluation/ scripts, lm-eval-harness tasks, OLMES/HELM configs",
                  "evaluation scripts under tests/ (they test the harness)", c.evaluation_code),
    ComponentRule("Data preprocessing code", "the code and dataset repositories",
                  "tokenising, deduplication and filtering pipelines (preprocess*, tokenize*, "
                  "dedup*, taggers, datatrove/NeMo-Curator)",
                  "a tokenizer the model loads (tokenizer.py, tokenization_*.py); tests",
                  c.preprocessing),
    ComponentRule("Supporting libraries and tools", "pyproject.toml, setup.py, setup.cfg at the "
                  "root of the code repositories", "a package the repository declares as its "
                  "own", "requirements files (they use others' packages)", c.libraries),
    ComponentRule("Datasets", "the dataset repositories and URLs (data checker)",
                  "data files, or a reachable URL", "a card or loading script alone", None),
    ComponentRule("Evaluation data", "the card's model-index and evaluation sections; "
                  "evaluation configs in git",
                  "datasets model-index results or eval configs name; public benchmarks an "
                  "evaluation section reports on (ARC, HellaSwag, MMLU...)",
                  "benchmarks named outside an evaluation section", c.evaluation_data),
    ComponentRule("Evaluation results", "the card's model-index and evaluation sections; "
                  "result files in the model or code repositories",
                  "model-index results; a table under an evaluation heading; results files",
                  "claims of performance without numbers", d.evaluation_results),
    ComponentRule("Model card", "README.md of the Hub model repository",
                  "a README covering at least 3 of details, uses, training, evaluation and "
                  "limitations, with 150 words or more", "a stub README", d.model_card),
    ComponentRule("Data card", "README.md of the dataset repositories",
                  "a README describing the data's sources and their collection, 150 words or "
                  "more", "a stub; a card of the model only", d.data_card),
    ComponentRule("Technical report", "none", "", "", c.no_rule(TECHNICAL_REPORT_REASON)),
    ComponentRule("Research paper", "arXiv papers the model card links or tags; the release's "
                  "paper URL", "an arXiv abstract page that resolves (through the URL guards); "
                  "its licence from the page's licence link", "a paper that does not resolve",
                  d.research_paper),
    ComponentRule("Model metadata", "the Hub model repository",
                  "generation_config.json, trainer_state.json, training_args",
                  "config.json (that is the architecture)", d.metadata),
    ComponentRule("Sample model outputs", "the model and code repositories",
                  "sample_outputs*, generations/, completions/ data files",
                  "sample code (samples/*.py)", d.samples),
)  # fmt: skip

BY_COMPONENT: Mapping[str, ComponentRule] = MappingProxyType({r.component: r for r in RULES})
