"""URL classification and arXiv abstract-page parsing, as tables."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.discovery.links import TargetKind, classify
from registry.discovery.paper import parse_abs_page

URLS = Path(__file__).resolve().parents[4] / "standins" / "snapshots" / "url"

CLASSIFIED = [
    ("https://github.com/allenai/OLMo", TargetKind.GIT_REPO, "https://github.com/allenai/OLMo"),
    ("https://github.com/mlfoundations/open_lm.git", TargetKind.GIT_REPO,
     "https://github.com/mlfoundations/open_lm"),
    ("https://github.com/EleutherAI/pythia/blob/main/README.md#x", TargetKind.GIT_FILE,
     "https://github.com/EleutherAI/pythia"),
    ("https://colab.research.google.com/github/kyutai-labs/delayed-streams-modeling/blob/main/tts.ipynb",
     TargetKind.GIT_FILE, "https://github.com/kyutai-labs/delayed-streams-modeling"),
    ("https://github.com/topics/llm", TargetKind.WEB, "https://github.com/topics/llm"),
    ("https://huggingface.co/datasets/allenai/dolma", TargetKind.HF_DATASET, "allenai/dolma"),
    ("https://huggingface.co/datasets/c4", TargetKind.HF_DATASET, "c4"),
    ("https://huggingface.co/allenai/OLMo-1B", TargetKind.HF_MODEL, "allenai/OLMo-1B"),
    ("https://huggingface.co/bigscience-data", TargetKind.HF_ORG,
     "https://huggingface.co/bigscience-data"),
    ("https://hf.co/spaces/kyutai/hibiki-samples", TargetKind.HF_SPACE,
     "https://hf.co/spaces/kyutai/hibiki-samples"),
    ("https://huggingface.co/papers/2212.04356", TargetKind.PAPER,
     "https://arxiv.org/abs/2212.04356"),
    ("https://arxiv.org/pdf/2304.01373.pdf", TargetKind.PAPER, "https://arxiv.org/abs/2304.01373"),
    ("https://arxiv.org/abs/2004.05150v2", TargetKind.PAPER, "https://arxiv.org/abs/2004.05150"),
    ("https://huggingface.co/blog/falcon", TargetKind.WEB, "https://huggingface.co/blog/falcon"),
]


@pytest.mark.parametrize(("url", "kind", "locator"), CLASSIFIED)
def test_classify(url: str, kind: TargetKind, locator: str) -> None:
    target = classify(url)

    assert (target.kind, target.locator) == (kind, locator)


def _page(name: str) -> str:
    return str(yaml.safe_load((URLS / name).read_text())["content"])


def test_the_pythia_abstract_links_its_code() -> None:
    page = parse_abs_page("2304.01373", _page("arxiv.org_abs_2304.01373.yml"))

    assert page.title.startswith("Pythia: A Suite")
    assert [m.url for m in page.mentions] == ["https://github.com/EleutherAI/pythia"]
    assert page.mentions[0].provenance == "paper abstract page (arXiv 2304.01373), abstract"
    assert "training code" in page.mentions[0].context


def test_the_mistral_comments_link_a_blog_post_not_a_repository() -> None:
    page = parse_abs_page("2310.06825", _page("arxiv.org_abs_2310.06825.yml"))

    assert [(m.url, m.heading) for m in page.mentions] == [
        ("https://mistral.ai/news/announcing-mistral-7b/", "comments"),
    ]
