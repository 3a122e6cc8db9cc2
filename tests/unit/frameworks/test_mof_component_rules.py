"""A table test per MOF component rule: what counts, what does not, and unread is not absent."""

from __future__ import annotations

from typing import Any

import pytest

from registry.checks.mof_cards import MODEL_CARD_TOPICS, read_card
from registry.checks.mof_observe import observe_git, paper_licence
from registry.checks.mof_paths import PathSignal, is_checkpoint_ref, signal_of
from registry.frameworks.mof_evidence import Verification, compare_mof, verify_components
from registry.frameworks.mof_table import RULES
from registry.frameworks.verification import ArtifactCheck
from registry.model import ArtifactKind, ArtifactRef, LicenceClass, LicenceFinding, Pillar, Verdict

MODEL = "org/model"
CODE = "https://github.com/org/code"
DATA = "org/data"
REAL_CARD = (
    "# Model card\n## Model Details\n" + "word " * 60 + "\n## Uses\n" + "word " * 40
    + "\n## Training Data\n" + "word " * 40 + "\n## Evaluation\n| task | score |\n|---|---|\n"
    "| arc | 50 |\n## Limitations\n" + "word " * 20
)  # fmt: skip
STUB = "# Model\nComing soon.\n"


def card(text: str, **card_data: Any) -> dict[str, Any]:
    return read_card(text, card_data, (), MODEL_CARD_TOPICS).as_fact()


def model_seen(**over: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {"source": "model", "paths": {}, "unread": [], "card": card(STUB),
                            "config": None, "library": None, "refs": {"count": 1,
                            "checkpoints": 0, "examples": []}, "papers": []}  # fmt: skip
    seen.update(over)
    return seen


def git_seen(paths: tuple[str, ...], texts: dict[str, str] | None = None) -> dict[str, Any]:
    return observe_git(paths, texts or {}, False)


def make(
    pillar: Pillar, kind: ArtifactKind, locator: str, seen: dict[str, Any] | None
) -> ArtifactCheck:
    finding = LicenceFinding("Apache-2.0", "LICENSE", LicenceClass.OPEN)
    facts = {"mof": seen} if seen is not None else {}
    ref = ArtifactRef(pillar, kind, locator)
    return ArtifactCheck(ref, Verdict.OPEN, ("ok",), (finding,), None, facts)


def status(component: str, model: dict[str, Any] | None, code: dict[str, Any] | None = None,
           data: dict[str, Any] | None = None, paper_url: str | None = None) -> Verification:  # fmt: skip
    checks = [make(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, MODEL, model)]
    if code is not None:
        checks.append(make(Pillar.CODE, ArtifactKind.GIT, CODE, code))
    if data is not None:
        checks.append(make(Pillar.DATA, ArtifactKind.HF_DATASET, DATA, data))
    found = verify_components(checks, paper_url=paper_url)
    return next(c for c in found if c.component == component).status


OPEN, ABSENT, UNVERIFIED = Verification.OPEN, Verification.ABSENT, Verification.UNVERIFIED
OLMO_CONFIG = {"architectures": ["OLMoForCausalLM"], "defined_here": ["OLMoForCausalLM"]}
LLAMA_CONFIG = {"architectures": ["LlamaForCausalLM"], "defined_here": []}
ODD_CONFIG = {"architectures": ["MyNetForCausalLM"], "defined_here": []}
MODEL_PY = {"src/modeling_mynet.py": "class MyNetForCausalLM(nn.Module):\n    pass\n"}
PAPER = {"url": "https://arxiv.org/abs/2402.00838", "arxiv_id": "2402.00838", "status": 200}

CASES = [
    # component, model repo, code repo, data repo, expected
    ("Model architecture", model_seen(config=OLMO_CONFIG), None, None, OPEN),
    ("Model architecture", model_seen(config=LLAMA_CONFIG, library="transformers"), None, None,
     OPEN),
    ("Model architecture", model_seen(config=ODD_CONFIG),
     git_seen(("src/modeling_mynet.py",), MODEL_PY), None, OPEN),
    # a config alone is not an architecture
    ("Model architecture", model_seen(config=ODD_CONFIG), git_seen(("README.md",)), None, ABSENT),
    ("Model architecture", model_seen(config=LLAMA_CONFIG), git_seen(("README.md",)), None,
     ABSENT),  # no library named by the card
    ("Model architecture", model_seen(config=ODD_CONFIG), None, None, ABSENT),
    ("Inference code", model_seen(), git_seen(("scripts/generate.py",)), None, OPEN),
    ("Inference code", model_seen(), git_seen(("tests/generate.py",)), None, ABSENT),
    ("Evaluation code", model_seen(), git_seen(("scripts/eval_7b.py",)), None, OPEN),
    ("Evaluation code", model_seen(), git_seen(("lm_eval/tasks/arc.yaml",)), None, OPEN),
    # an eval script in a tests/ folder is not evaluation code
    ("Evaluation code", model_seen(), git_seen(("tests/eval_harness.py",)), None, ABSENT),
    ("Data preprocessing code", model_seen(), git_seen(("scripts/tokenize_data.py",)), None, OPEN),
    ("Data preprocessing code", model_seen(), git_seen(("dedup/minhash.py",)), None, OPEN),
    ("Data preprocessing code", model_seen(), git_seen(("finetune/chat/prepare_sft_data.py",)),
     None, ABSENT),  # preparing fine-tuning data is not the pretraining pipeline
    ("Data preprocessing code", None, None,
     {"source": "dataset", "paths": {"preprocessing": ["taggers/pii.py"]}, "unread": []}, OPEN),
    # a tokenizer the model loads prepares no data; a config named after deduplicated data
    ("Data preprocessing code", model_seen(), git_seen(("olmo/tokenizer.py",
     "configs/pythia-12b-deduped.yml")), None, ABSENT),  # fmt: skip
    ("Supporting libraries and tools", model_seen(),
     git_seen(("pyproject.toml",), {"pyproject.toml": '[project]\nname = "ai2-olmo"\n'}), None,
     OPEN),
    ("Supporting libraries and tools", model_seen(), git_seen(("requirements.txt",)), None,
     ABSENT),
    ("Model parameters (Intermediate)", model_seen(refs={"count": 3, "checkpoints": 2,
     "examples": ["step1000", "step2000"]}), None, None, OPEN),  # fmt: skip
    ("Model parameters (Intermediate)", model_seen(paths={"checkpoints": ["step1000/a.bin"]}),
     None, None, OPEN),
    ("Model parameters (Intermediate)", model_seen(), None, None, ABSENT),  # main only
    ("Model parameters (Intermediate)", model_seen(refs=None), None, None, UNVERIFIED),
    ("Evaluation results", model_seen(card=card(REAL_CARD)), None, None, OPEN),
    ("Evaluation results", model_seen(paths={"eval_results": ["results/mmlu.json"]}), None,
     None, OPEN),
    ("Evaluation results", model_seen(), None, None, ABSENT),
    ("Evaluation data", model_seen(card=card(STUB, **{"model-index": [{"results": [
     {"dataset": {"type": "ai2_arc"}, "metrics": [{"value": 1}]}]}]})), None, None, OPEN),  # fmt: skip
    ("Evaluation data", model_seen(), git_seen(("eval/arc.yaml",), {
     "eval/arc.yaml": "dataset_path: allenai/ai2_arc\n"}), None, OPEN),  # fmt: skip
    ("Evaluation data", model_seen(card=card("# M\n## Evaluation\n| Metric | Score |\n|---|---|\n"
     "| HellaSwag | 73.9 |\n")), None, None, OPEN),
    ("Evaluation data", model_seen(card=card("# M\nBetter than Llama on MMLU.\n")), None, None,
     ABSENT),  # a benchmark named outside an evaluation section
    ("Evaluation data", model_seen(), None, None, ABSENT),
    ("Model card", model_seen(card=card(REAL_CARD)), None, None, OPEN),
    ("Model card", model_seen(), None, None, ABSENT),  # a stub README is not a card
    ("Model card", model_seen(card=None), None, None, ABSENT),  # no README at all
    ("Data card", None, None, {"source": "dataset", "paths": {}, "unread": [], "card": {
     "topics": ["sources", "collection"], "words": 400}}, OPEN),  # fmt: skip
    ("Data card", None, None, {"source": "dataset", "paths": {}, "unread": [], "card": {
     "topics": ["sources"], "words": 400}}, ABSENT),  # fmt: skip
    ("Research paper", model_seen(papers=[{**PAPER, "licence": "CC-BY-4.0"}]), None, None, OPEN),
    ("Research paper", model_seen(papers=[{**PAPER, "licence": None}]), None, None,
     Verification.RESTRICTED),  # resolves, but no licence at any level
    ("Research paper", model_seen(papers=[{**PAPER, "status": None, "problem": "timeout"}]),
     None, None, UNVERIFIED),
    ("Model metadata", model_seen(paths={"metadata": ["generation_config.json"]}), None, None,
     OPEN),
    ("Model metadata", model_seen(), None, None, ABSENT),
    ("Sample model outputs", model_seen(), git_seen(("sample_outputs/prompts.jsonl",)), None,
     OPEN),
    ("Sample model outputs", model_seen(), git_seen(("samples/sample.py",)), None, ABSENT),
]  # fmt: skip


@pytest.mark.parametrize(("component", "model", "code", "data", "expected"), CASES)
def test_component_rule(
    component: str,
    model: dict[str, Any] | None,
    code: dict[str, Any] | None,
    data: dict[str, Any] | None,
    expected: Verification,
) -> None:
    assert status(component, model, code, data) is expected


RULED = [r.component for r in RULES if r.decide is not None and r.component != "Technical report"]


@pytest.mark.parametrize("component", RULED)
def test_a_source_not_observed_yet_is_unverified_never_absent(component: str) -> None:
    checks = [make(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, MODEL, None),
              make(Pillar.CODE, ArtifactKind.GIT, CODE, None),
              make(Pillar.DATA, ArtifactKind.HF_DATASET, DATA, None)]  # fmt: skip
    found = verify_components(checks, paper_url="https://arxiv.org/abs/2402.00838")
    assert next(c for c in found if c.component == component).status is UNVERIFIED


def test_at_least_13_of_17_components_have_a_rule() -> None:
    assert len(RULES) == 17
    with_rule = [r for r in RULES if r.component != "Technical report"]
    assert len(with_rule) >= 13
    assert all(r.where and r.counts and r.does_not_count for r in with_rule)
    report = verify_components([])[[c.component for c in verify_components([])].index(
        "Technical report")]  # fmt: skip
    assert report.status is Verification.NOT_VERIFIABLE and not report.has_rule
    assert "research paper stand in" in report.explanation


@pytest.mark.parametrize(
    ("path", "signal", "shows"),
    [("evaluation/tasks/arc.yaml", PathSignal.EVALUATION, True),
     ("olmes/configs/olmo.jsonnet", PathSignal.EVALUATION, True),
     ("tests/test_eval.py", PathSignal.EVALUATION, False),
     (".github/workflows/eval.yml", PathSignal.EVALUATION, False),
     ("results/eval_results.json", PathSignal.EVAL_RESULTS, True),
     ("src/results.py", PathSignal.EVAL_RESULTS, False),
     ("scripts/pretokenize.py", PathSignal.PREPROCESSING, True),
     ("tokenization_olmo_fast.py", PathSignal.PREPROCESSING, False),
     ("step1000/pytorch_model.bin", PathSignal.CHECKPOINTS, True),
     ("generation_config.json", PathSignal.METADATA, True),
     ("scripts/prepare_memmap_dataset.py", PathSignal.PREPROCESSING, True),
     ("evals/pythia-v1/pythia-6.9b/zero-shot/6.9b_step1000.json", PathSignal.EVAL_RESULTS, True),
     ("evals/bias/x-step1_eval_results_01-21.json", PathSignal.EVAL_RESULTS, True),
     ("evals/README.md", PathSignal.EVAL_RESULTS, False),
     ("config.json", PathSignal.METADATA, False)],
)  # fmt: skip
def test_path_signals(path: str, signal: PathSignal, shows: bool) -> None:
    assert signal_of(path, signal) is shows


@pytest.mark.parametrize(
    ("name", "checkpoint"),
    [("step1000-tokens4B", True), ("stage1-step10000-tokens42B", True), ("ckpt_010", True),
     ("checkpoint-1000step", True),
     ("main", False), ("v1.0", False), ("refs/pr/1", False)],
)  # fmt: skip
def test_checkpoint_refs(name: str, checkpoint: bool) -> None:
    assert is_checkpoint_ref(name) is checkpoint


@pytest.mark.parametrize(
    ("link", "licence"),
    [("http://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
     ("http://creativecommons.org/licenses/by-nc-sa/4.0/", "CC-BY-NC-SA-4.0"),
     ("http://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
     ("http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
      "LicenseRef-arXiv-nonexclusive-distrib-1.0")],
)  # fmt: skip
def test_arxiv_licence_links(link: str, licence: str) -> None:
    assert paper_licence(link) == licence


def test_the_verified_class_reaches_class_i_when_every_rule_finds_it_open() -> None:
    model = model_seen(
        card=card(REAL_CARD, **{"model-index": [{"results": [{"dataset": {"type": "arc"},
                  "metrics": [{"value": 1}]}]}]}),  # fmt: skip
        config=OLMO_CONFIG, refs={"count": 2, "checkpoints": 1, "examples": ["step1"]},
        papers=[{**PAPER, "licence": "CC-BY-4.0"}],
    )
    code = git_seen(("scripts/generate.py", "scripts/eval.py", "scripts/tokenize_data.py"))
    data = {"source": "dataset", "paths": {}, "unread": [],
            "card": {"topics": ["sources", "collection"], "words": 300}}  # fmt: skip
    checks = [make(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, MODEL, model),
              make(Pillar.CODE, ArtifactKind.GIT, CODE, code),
              make(Pillar.DATA, ArtifactKind.HF_DATASET, DATA, data)]  # fmt: skip
    assert compare_mof("M", "Lab", checks).verified.mof_class == 1


def test_each_difference_says_its_cause() -> None:
    from registry.frameworks.mof import ComponentEntry, GlobalLicence, MofDocument
    from registry.frameworks.mof_evidence import Cause

    claim = MofDocument("M", "Lab", (ComponentEntry("Model card"), ComponentEntry(
        "Technical report"), ComponentEntry("Research paper")),
        {"distribution": GlobalLicence("Apache-2.0")})  # fmt: skip
    model = model_seen(paths={"metadata": ["generation_config.json"]}, papers=[
        {**PAPER, "status": None, "problem": "timeout"}])  # fmt: skip
    checks = [make(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, MODEL, model)]
    causes = {d.component: d.cause for d in compare_mof("M", "Lab", checks, claim).differences}
    assert causes["Model card"] is Cause.GAP  # claimed, and the README is a stub
    assert causes["Technical report"] is Cause.NO_RULE
    assert causes["Research paper"] is Cause.UNCONFIRMED  # the page could not be read
    assert causes["Model metadata"] is Cause.UNCLAIMED  # published, the file omits it
    assert causes["Sample model outputs"] is None  # neither claimed nor found: they agree
