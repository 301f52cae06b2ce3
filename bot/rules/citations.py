"""Which citation URLs are the publisher's own text, and which are mirrors or local paths."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

log = logging.getLogger(__name__)

# Code-hosting and file-sharing hosts: never a citation (keep them as ``retrieved_from``).
CODE_HOSTS = (
    "github.com", "raw.githubusercontent.com", "gist.github.com", "githubusercontent.com", "gitlab.com",
    "bitbucket.org", "codeberg.org", "sourceforge.net", "sr.ht", "huggingface.co",
)
# Third-party copies of official text (the CFR, the US Code, the Federal Register, CRS reports).
MIRROR_HOSTS = (
    "law.cornell.edu", "thefederalregister.org", "lexbuild.dev", "customsmobile.com", "everycrsreport.com",
    "regulations.vlex.com", "wikisum.wiki", "executiveactions.org", "m.lianhezuozhan.com",
)
# Weak sources: wiki-derived or AI-written pages and personal blogs (allowed, but reported).
WEAK_HOSTS = ("wikipedia.org", "grokipedia.com", "wikisum.wiki", "blogspot.com")


def _host_matches(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def citation_problem(url: str) -> str | None:
    """Why ``url`` cannot be a citation (local path or code-hosting mirror), or None when it can."""
    parsed = urlparse(url.strip())
    if parsed.scheme == "file" or url.strip().startswith("file:"):
        return "a local file is not a citation"
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return "not an http(s) URL"
    if _host_matches(parsed.netloc.lower().split(":")[0], CODE_HOSTS):
        return "a code-hosting mirror is not the publisher's text (keep it as retrieved_from)"
    return None


def mirror_note(url: str) -> str | None:
    """A weaker finding: a third-party copy of official text cited instead of the publisher's page."""
    problem = citation_problem(url)
    if problem:
        return problem
    host = urlparse(url.strip()).netloc.lower().split(":")[0]
    if _host_matches(host, MIRROR_HOSTS):
        return "a third-party copy of official text (cite the publisher, keep the copy as retrieved_from)"
    if _host_matches(host, WEAK_HOSTS):
        return "a weak source (wiki-derived, AI-written or blog); prefer the publisher of the fact"
    return None
