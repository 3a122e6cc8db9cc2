"""Links read as the rules say: only real locators are artifacts, the rest is evidence."""

from __future__ import annotations

import pytest

from registry.frameworks.links import LinkUse, read_link
from registry.model import ArtifactKind, Pillar

W, C, D = Pillar.WEIGHTS, Pillar.CODE, Pillar.DATA
HF_MODEL, HF_DATASET, GIT, URL = (
    ArtifactKind.HF_MODEL, ArtifactKind.HF_DATASET, ArtifactKind.GIT, ArtifactKind.URL,
)  # fmt: skip

# link, pillar, the artifact it becomes (kind, locator), or None: evidence
LOCATORS = [
    ("https://huggingface.co/allenai/OLMo-7B", W, (HF_MODEL, "allenai/OLMo-7B")),
    ("https://huggingface.co/swiss-ai/Apertus-70B-Instruct-2509/tree/main", W,
     (HF_MODEL, "swiss-ai/Apertus-70B-Instruct-2509")),
    ("https://hf.co/allenai/OLMo-7B#training", W, (HF_MODEL, "allenai/OLMo-7B")),
    ("mistralai/Mistral-7B-v0.1", W, (HF_MODEL, "mistralai/Mistral-7B-v0.1")),
    ("http://huggingface.co/allenai/OLMo-7B", W, (HF_MODEL, "allenai/OLMo-7B")),
    ("https://huggingface.co/datasets/allenai/dolma", D, (HF_DATASET, "allenai/dolma")),
    ("https://huggingface.co/datasets/allenai/dolma/tree/main/data", D,
     (HF_DATASET, "allenai/dolma")),
    # Legacy dataset ids have no owner.
    ("https://huggingface.co/datasets/boolq", D, (HF_DATASET, "boolq")),
    ("https://huggingface.co/datasets/c4/tree/main", D, (HF_DATASET, "c4")),
    ("datasets/c4", D, (HF_DATASET, "c4")),
    ("https://github.com/allenai/OLMo", C, (GIT, "https://github.com/allenai/OLMo")),
    ("https://github.com/LLM360/Reasoning360/tree/main/scripts/train", C,
     (GIT, "https://github.com/LLM360/Reasoning360")),
    ("https://github.com/meta-llama/llama3.git", C, (GIT, "https://github.com/meta-llama/llama3.git")),
    ("https://gitlab.com/group/sub/project/-/tree/main", C,
     (GIT, "https://gitlab.com/group/sub/project")),
    ("https://git.example.org/team/trainer", C, (GIT, "https://git.example.org/team/trainer")),
    ("https://example.org/data/corpus.tar.gz", D, (URL, "https://example.org/data/corpus.tar.gz")),
    # Evidence: pages about the thing, not the thing.
    ("https://huggingface.co", W, None),
    ("https://huggingface.co/meta-llama", W, None),  # an organisation page
    ("https://huggingface.co/collections/HuggingFaceTB/smollm3-pretraining-685a", D, None),
    ("https://huggingface.co/papers/2512.13961", D, None),
    ("https://huggingface.co/spaces/org/demo", W, None),
    ("https://huggingface.co/OpenLLM-France/Claire-7B-0.1", D, None),  # a model page as data
    ("https://huggingface.co/datasets/m-a-p/Code-Feedback", W, None),  # a dataset as weights
    ("https://github.com/QwenLM", C, None),  # an organisation
    ("https://github.com/swiss-ai/", C, None),
    ("https://github.com/fairseq/examples/xglm", C, None),  # not owner/repo
    ("https://github.com/orgs/allenai/repositories", C, None),
    ("https://github.com/facebookresearch/llama/blob/main/MODEL_CARD.md#training-dataset", D,
     None),  # a model card section, given as data
    ("https://pile.eleuther.ai/", D, None),
    ("https://arxiv.org/pdf/2404.04167", D, None),
    ("https://drive.google.com/drive/folders/10f7wrlAFoPIy", W, None),
    ("https://openreview.net/forum?id=2ezugTT9kU#discussion", C, None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "pillar", "artifact"), LOCATORS)
def test_a_link_is_an_artifact_only_when_it_locates_one(
    text: str, pillar: Pillar, artifact: tuple[ArtifactKind, str] | None
) -> None:
    reading = read_link(text, pillar)
    if artifact is None:
        assert reading.use is LinkUse.EVIDENCE, reading
        assert reading.kind is None and reading.locator is None
        assert reading.url is not None  # still shown as a link people can open
    else:
        assert reading.use is LinkUse.ARTIFACT, reading
        assert (reading.kind, reading.locator) == artifact


# link, pillar, the problem reported, what is read from it (None: nothing)
ODD_LINKS = [
    ("https://huggingface.co/facebook/xglm-7.5B · Hugging Face", W,
     "Text after the link ('· Hugging Face') is not part of it: read "
     "https://huggingface.co/facebook/xglm-7.5B.", "facebook/xglm-7.5B"),
    ("https://github.com/fairseq/examples/xglm at main · facebookresearch/fairseq (github.com)",
     C, "Text after the link", None),  # the URL before the title is no repository either
    ("ODC-BY", D, "Not a link: 'ODC-BY' has no https:// address; kept as text.", None),
    ("tilde.ai", D, "Not a link: 'tilde.ai' has no https:// address; kept as text.", None),
    ("ftp://example.org/data.zip", D, "Not a web link (ftp:): kept as text, never opened.", None),
    ("https://192.168.1.10/openai/gpt-oss", C,
     "Unreachable link: 192.168.1.10 is a private address (RFC 1918); never contacted.", None),
    ("https://intranet/allenai/OLMo", C,
     "Unreachable link: intranet is among private-network names (RFC 6762 appendix G); "
     "never contacted.", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "pillar", "problem", "locator"), ODD_LINKS)
def test_an_oddly_written_link_says_what_is_wrong(
    text: str, pillar: Pillar, problem: str, locator: str | None
) -> None:
    reading = read_link(text, pillar)
    assert reading.problem is not None and reading.problem.startswith(problem)
    assert reading.locator == locator


def test_unreachable_and_non_web_links_are_never_made_clickable() -> None:
    for text in ("https://10.0.0.1/x", "javascript:alert(1)", "ftp://example.org/x"):
        assert read_link(text, Pillar.CODE).url is None
