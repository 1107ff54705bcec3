"""robots.txt rules for AI-training crawlers, evaluated offline from a snapshot file.

The snapshot is JSON Lines, one object per site: ``{"domain": "vnexpress.net",
"robots_txt": "User-agent: GPTBot\\nDisallow: /\\n", "fetched": "2026-10-01"}``
(``domain`` a host or a registrable domain; ``fetched`` the snapshot date, kept for the
release papers). A URL is opted out when any of the given user agents may not fetch it
(``protego``, which implements Google's robots.txt semantics: the most specific group
and the longest matching rule win).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego

from vicorpus.web.domains import registrable_domain

# User agents of crawlers that collect AI-training data, as their operators document them.
AI_USER_AGENTS: tuple[str, ...] = (
    "GPTBot",
    "ClaudeBot",
    "anthropic-ai",
    "CCBot",
    "Google-Extended",
    "Applebot-Extended",
    "PerplexityBot",
    "Bytespider",
    "meta-externalagent",
    "cohere-ai",
)


@dataclass(frozen=True)
class RobotsSnapshot:
    rules: dict[str, Protego]
    fetched: dict[str, str]

    def disallowing_agent(self, url: str, agents: tuple[str, ...]) -> str | None:
        """The first agent that may not fetch ``url``, or None (also without rules)."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # e.g. "http://a.[b]/": no host a rule can name
            return None
        if not host:
            return None
        rules = self.rules.get(host) or self.rules.get(registrable_domain(host))
        if rules is None:
            return None
        return next((agent for agent in agents if not rules.can_fetch(url, agent)), None)


def load_snapshot(path: Path) -> RobotsSnapshot:
    """Read a snapshot file; raises ValueError naming the line of a malformed entry."""
    rules: dict[str, Protego] = {}
    fetched: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                domain = str(entry["domain"]).strip().lower()
                body = str(entry["robots_txt"])
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: expected {{domain, robots_txt, fetched}}: {error}") from error
            rules[domain] = Protego.parse(body)
            fetched[domain] = str(entry.get("fetched", ""))
    return RobotsSnapshot(rules, fetched)
