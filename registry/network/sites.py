"""Which public sites serve repositories, and which of their paths are the site's own pages.

One table for every reader of links: discovery (cards and papers) and the framework
imports (MOF and OSAI files) classify URLs differently for their own ends, but what a host
serves and which path segments are not an owner or a repository name is knowledge about
the sites themselves, kept here once.
"""

from __future__ import annotations

HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
# First path segments of huggingface.co that are site pages, not an owner's repositories.
# (`datasets`, `spaces`, `collections` and `papers` are pages too, which readers that
# follow them look at before this list.)
HUB_SITE_PAGES = frozenset({
    "api", "blog", "chat", "collections", "docs", "enterprise", "join", "learn", "login",
    "models", "new", "organizations", "papers", "posts", "pricing", "privacy", "search",
    "settings", "spaces", "tasks", "terms-of-service", "welcome",
})  # fmt: skip
# Hosts serving git repositories at exactly /owner/repo (anything deeper is inside it).
FLAT_GIT_HOSTS = frozenset({
    "github.com", "www.github.com", "bitbucket.org", "codeberg.org", "gitee.com",
})  # fmt: skip
# Hosts whose repositories may sit in nested groups (/a/b/c), the repository ending at "/-/".
NESTED_GIT_HOSTS = frozenset({"gitlab.com", "www.gitlab.com", "framagit.org"})
GIT_HOSTS = FLAT_GIT_HOSTS | NESTED_GIT_HOSTS
# First path segments of GitHub-style hosts that are site pages, not owners.
GIT_SITE_PAGES = frozenset({
    "about", "apps", "blog", "collections", "contact", "customer-stories", "enterprise",
    "events", "explore", "features", "groups", "issues", "login", "marketplace", "new",
    "notifications", "orgs", "pricing", "pulls", "readme", "search", "security", "settings",
    "site", "sponsors", "topics", "trending", "users",
})  # fmt: skip
# Path segments after owner/name that point inside a repository (a git host's or the
# Hub's), never at another repository: `datasets/wikitext/viewer` is a page of `wikitext`.
REPO_INNER_SEGMENTS = frozenset({
    "-", "actions", "blame", "blob", "commit", "commits", "discussions", "edit", "issues",
    "pull", "pulls", "raw", "releases", "resolve", "src", "tags", "tree", "viewer", "wiki",
})  # fmt: skip


def canonical_git_host(host: str) -> str:
    """Return a git host's own name: www.github.com serves github.com's repositories."""
    host = host.lower()
    bare = host.removeprefix("www.")
    return bare if bare in GIT_HOSTS else host
