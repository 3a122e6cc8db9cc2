"""Judge each mention (a card link, a metadata entry, a paper link) and rank them per role.

A mention's score is the sum of a few named contributions (where it comes from, the
heading above it, the words around it, the repository's own name, who publishes it), so
every proposal can say how it was judged. The tables are in `rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from registry.discovery import repo_names, rules
from registry.discovery.card import BARE_URL
from registry.discovery.cited_work import other_work_points
from registry.discovery.links import Target, classify
from registry.discovery.model import Mention, Role
from registry.discovery.post_training import SIBLINGS_DATA, siblings_data

Points = tuple[int, str]


@dataclass(frozen=True)
class Subject:
    """The model discovery is about: its Hub id, namespace and the tokens of its name."""

    hub_id: str
    post_trained: bool = False  # an instruct or chat model, or one tuned from a `base_model`
    has_sibling: bool = False  # its card speaks of an instruct or chat version

    @property
    def owner(self) -> str | None:
        """Return the namespace of the Hub id."""
        return self.hub_id.split("/", 1)[0].lower() if "/" in self.hub_id else None

    @property
    def tokens(self) -> frozenset[str]:
        """Return the distinctive tokens of the model's name."""
        return rules.name_tokens(self.hub_id.rsplit("/", 1)[-1])


@dataclass
class Candidate:
    """One location for one role, with the best-scoring mention and every other one."""

    role: Role
    locator: str
    score: int
    judged: list[str]
    mention: Mention
    order: int
    code_context: bool = False  # some mention's heading, words or command says it is code
    corroborated: bool = False  # linked on a second line (counted once)
    tool_context: bool = False  # some mention names it a tool the model was made with
    source_points: int = 0  # the best mention's points for where it comes from
    also_seen: list[str] = field(default_factory=list)


def matches(text: str, stem: str) -> bool:
    """Return True when a word in the text starts with the stem ("eval" is not in "retrieval")."""
    whole = stem.endswith("$")  # the whole word: "instruct$" is not in "instructions"
    pattern = r"(?<![a-z])" + re.escape(stem.removesuffix("$")) + (r"(?![a-z])" if whole else "")
    return re.search(pattern, text) is not None


def link_words(mention: Mention, *, sentence: bool = False) -> str:
    """Return the link's text and its line's words, without the URLs written on that line.

    A bare URL is its own line's words, so its path would speak for it twice: the words
    "instruct" in ".../allenai/open-instruct" are the repository's name, which
    `repo_name_points` already reads. With `sentence`, only the sentence that carries the
    link is read: a long paragraph's other sentences speak of other links (a data link's
    "trained on 11T tokens ... We then applied DPO using [X]").
    """
    words = (mention.sentence or mention.context) if sentence else mention.context
    return BARE_URL.sub(" ", f"{mention.text} {words}")


def strongest(text: str, table: Iterable[rules.Rule]) -> rules.Rule | None:
    """Return the matching rule with the largest effect, or None."""
    lowered = text.lower()
    found = [rule for rule in table if matches(lowered, rule[0])]
    return max(found, key=lambda rule: abs(rule[1]), default=None)


def first_match(text: str, table: Iterable[rules.Rule]) -> rules.Rule | None:
    """Return the first rule of the table whose stem occurs in the text."""
    lowered = text.lower()
    return next((rule for rule in table if matches(lowered, rule[0])), None)


def heading_points(mention: Mention, role: Role) -> Points | None:
    """Return the points of the nearest enclosing heading that says something about the role."""
    for heading in reversed(mention.headings):
        rule = first_match(heading, rules.HEADINGS[role])
        if rule is not None:
            return rule[1], f"{rule[2]} '{heading}' ({rule[1]:+d})"
    return None


def _rule_points(rule: rules.Rule | None) -> list[Points]:
    return [] if rule is None else [(rule[1], f"{rule[2]} ({rule[1]:+d})")]


def source_points(mention: Mention, source: str) -> Points:
    """Return the base points of where the mention comes from."""
    key = "command" if mention.in_command else source
    points, why = rules.SOURCE_POINTS[key]
    return points, f"{why} ({points:+d})"


def tool_words(mention: Mention) -> rules.Rule | None:
    """Return the rule that names the link a tool the model was made with, if one does.

    "trained with [nanotron]" names a tool; "trained with [our training code]", "a [custom
    fork] of Megatron-DeepSpeed" and "the project's [GitHub repository - config]" do not:
    the link's own words, when they say training, code, repository or the lab's fork, are
    about the link itself.
    """
    own = strongest(mention.text, (*rules.TRAINING_WORDS, *rules.CODE_WORDS,
                                   *rules.REPOSITORY_WORDS, *rules.OWN_FORK))
    return strongest(link_words(mention), rules.TOOL_WORDS) if own is None else None


def tool_context(mention: Mention) -> bool:
    """Return True when the link's words or its heading name it a tool, not the release's code."""
    heading = heading_points(mention, Role.CODE)
    return tool_words(mention) is not None or (
        heading is not None and any(heading[1].startswith(why) for why in rules.TOOL_HEADINGS))


def published_by_subject(locator: str, subject: Subject) -> bool:
    """Return True when a repository's owner is the model's own organisation."""
    owner = classify(locator).owner
    return bool(owner and subject.owner and same_owner(owner.lower(), subject.owner))


def code_word_points(mention: Mention, fork: bool = False) -> list[Points]:
    """Return the points of the words around a code link (a tool's label, then training words).

    A lab's fork of a training framework is never the tool its label names ("Library:
    [Megatron-LM](<the lab's fork>)"): the label names the framework, the link the fork.
    """
    words = link_words(mention)
    tool = None if fork else tool_words(mention)
    if tool is not None:
        return _rule_points(tool)
    training = strongest(rules.TRAINED_ON.sub(" ", words.lower()), rules.TRAINING_WORDS)
    if training is not None:
        return _rule_points(training)
    other = strongest(f"{words} {mention.column_names}", rules.OTHER_ROLE_WORDS)
    if other is not None:
        return _rule_points(other)
    return _rule_points(strongest(words, rules.CODE_WORDS)) + _rule_points(
        strongest(words, rules.REPOSITORY_WORDS)
    )


def framework_fork(target: Target) -> bool:
    """Return True when a repository is another owner's fork of a training framework."""
    slug, name = f"{target.owner}/{target.name}".lower(), (target.name or "").lower()
    return any(word in name and slug not in upstreams
               for word, upstreams in repo_names.FRAMEWORK_UPSTREAMS.items())


def repo_name_points(target: Target) -> list[Points]:
    """Return the points of a repository's own name: "k2-train" trains, "OLMo-Eval" evaluates."""
    name = target.name or ""
    if repo_names.NAME_TRAINING.search(name):
        return [(3, "its name says training (+3)")]
    if framework_fork(target):
        points, why = repo_names.FRAMEWORK_FORK
        return [(points, f"{why} (+{points})")]
    # "AutoAWQ", "OLMoEval": a capital after a lower-case letter starts a word of the name.
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name)
    return _rule_points(strongest(words, repo_names.NAME_OTHER_ROLE))


def kinship_points(target: Target, subject: Subject) -> list[Points]:
    """Return points for a location published by the model's organisation or named like it."""
    found: list[Points] = []
    if target.owner and subject.owner and same_owner(target.owner.lower(), subject.owner):
        found.append((rules.SAME_OWNER[0], f"{rules.SAME_OWNER[1]} (+1)"))
    if rules.name_tokens(target.name or "") & subject.tokens:
        found.append((rules.SAME_NAME[0], f"{rules.SAME_NAME[1]} (+1)"))
    return found


def same_owner(a: str, b: str) -> bool:
    """Return True when two account names are one organisation's ("kyutai", "kyutai-labs")."""
    # Hub namespaces and git accounts spell one name with and without its hyphens
    # ("stabilityai" and "Stability-AI"): only letters and digits are compared.
    a, b = (re.sub(r"[^a-z0-9]", "", name.lower()) for name in (a, b))
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= rules.MIN_OWNER_PREFIX and long.startswith(short))


def judge_code(mention: Mention, target: Target, subject: Subject, source: str) -> list[Points]:
    """Return every contribution to a git repository's score as the release's training code."""
    found = [source_points(mention, source)]
    heading = heading_points(mention, Role.CODE)
    found += [heading] if heading else []
    words = code_word_points(mention, framework_fork(target))
    return found + words + repo_name_points(target) + kinship_points(
        target, subject
    )


def judge_data(mention: Mention, target: Target, subject: Subject, source: str) -> list[Points]:
    """Return every contribution to a dataset's score as the release's training data."""
    found = [source_points(mention, source)]
    heading = heading_points(mention, Role.DATA) if source != "metadata" else None
    found += [heading] if heading else []
    words = link_words(mention, sentence=True) if source != "metadata" else ""
    found += _rule_points(strongest(words, rules.DATA_WORDS))
    against = f"{words} {mention.column_names}" if source != "metadata" else ""
    found += _rule_points(strongest(against, rules.DATA_OTHER_WORDS))
    if source != "metadata" and not subject.post_trained and siblings_data(
        mention, subject.has_sibling
    ):
        found.append((SIBLINGS_DATA[0], f"{SIBLINGS_DATA[1]} ({SIBLINGS_DATA[0]:+d})"))
    return found + kinship_points(target, subject)


def judge_paper(mention: Mention, subject: Subject, source: str) -> list[Points]:
    """Return every contribution to a paper link's score as the release's own paper."""
    found = [source_points(mention, source)]
    heading = heading_points(mention, Role.PAPER)
    found += [heading] if heading else []
    found += _rule_points(strongest(link_words(mention), rules.PAPER_WORDS))
    return found + other_work_points(mention, subject.hub_id.rsplit("/", 1)[-1])


def code_context(mention: Mention) -> bool:
    """Return True when a command, a heading or the words say the link is code (not just "repo")."""
    if mention.in_command:
        return True
    heading = heading_points(mention, Role.CODE)
    words = rules.TRAINED_ON.sub(" ", link_words(mention).lower())
    return (heading is not None and heading[0] > 0) or any(
        strongest(words, table) is not None for table in (rules.TRAINING_WORDS, rules.CODE_WORDS)
    )


def data_context(mention: Mention) -> int:
    """Return how strongly a link's heading and words say it is training data (0: not at all)."""
    heading = heading_points(mention, Role.DATA)
    words = strongest(link_words(mention), rules.DATA_WORDS)
    return max(heading[0] if heading else 0, words[1] if words else 0)


def is_download(url: str) -> bool:
    """Return True when the URL names a downloadable data file."""
    path = url.split("?", 1)[0].lower()
    return path.endswith(rules.DATA_SUFFIXES)


def is_paper_file(path: str | None) -> bool:
    """Return True when a file in a repository is a paper (a PDF that is not a licence)."""
    name = str(path or "").rsplit("/", 1)[-1]
    return name.lower().endswith(rules.PAPER_SUFFIXES) and not rules.LICENCE_FILE.search(name)


def total(points: list[Points]) -> int:
    """Return the score of a list of contributions."""
    return sum(value for value, _ in points)
