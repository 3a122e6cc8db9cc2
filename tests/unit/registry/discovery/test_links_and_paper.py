"""URL classification and arXiv abstract-page parsing, as tables."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.discovery.links import TargetKind, classify
from registry.discovery.paper import parse_abs_page, parse_paper_front_matter

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


def test_the_mistral_paper_first_page_gives_its_code() -> None:
    mentions = parse_paper_front_matter("2310.06825", _page("arxiv.org_html_2310.06825.yml"))

    assert [m.url for m in mentions] == ["https://github.com/mistralai/mistral-src",
                                         "https://mistral.ai/news/announcing-mistral-7b/"]
    code = mentions[0]
    assert code.provenance == (
        "the paper's first page (arXiv HTML 2310.06825), before its first section")
    assert code.context == "Code: https://github.com/mistralai/mistral-src"
    # The words of the link before it never label the next one.
    assert mentions[1].context.startswith("Webpage:")


# (HTML, the links read): only the article's front matter, never the site around it or
# the sections of the paper.
FRONT_MATTER = [
    ('<header><a href="https://github.com/brucemiller/LaTeXML">LaTeXML</a></header>'
     '<article class="ltx_document"><div class="ltx_abstract">See '
     '<a href="https://github.com/org/code">code</a>.</div>'
     '<section class="ltx_section">We build on <a href="https://github.com/other/lib">lib</a>.'
     '</section></article>', ["https://github.com/org/code"]),
    ('<article class="ltx_document"><a href="mailto:a@b.c">a@b.c</a>'
     '<a href="#S1">1</a></article>', []),
    ("<html><body>No article here: <a href='https://github.com/org/code'>x</a></body></html>", []),
]


@pytest.mark.parametrize(("html", "urls"), FRONT_MATTER)
def test_the_paper_front_matter_is_the_article_before_its_first_section(
    html: str, urls: list[str]
) -> None:
    assert [m.url for m in parse_paper_front_matter("2401.00001", html)] == urls
