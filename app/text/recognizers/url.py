"""Web addresses and IP addresses."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer

# Without a scheme only unmistakable top-level domains: "noted.In" (a missing space) is not a host.
_TLD = r"(?:com|org|net|edu|gov|mil|info|biz|health|io|COM|ORG|NET|EDU|GOV)"


class UrlRecognizer(SpanPatternRecognizer):
    """Finds URLs (http(s)://..., www...., bare host.tld/path) and IPv4 addresses.

    Portal links and image-viewer URLs in reports often carry patient or study identifiers.
    """

    ENTITY = "URL"
    PATTERNS = (
        ("scheme", r"(?i:\b(?:https?|s?ftp|dicomweb|wado)://)[^\s<>\"'`]+", 0.9),
        ("www", r"(?<![\w@.-])(?i:www\d?\.)[^\s<>\"'`]+", 0.85),
        ("domain", rf"(?<![\w@.+-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+{_TLD}(?![\w@-]|\.\w)"
                   r"(?:/[^\s<>\"'`]*)?",
         0.6, Anchor(rf"\.(?:{_TLD.lower()})\b", at="near", before=100, after=10, stop=r"[\s<>\"'()]")),
        # "share.larkspur.example/c/8KQ2", "bit.ly/3xYz", "zoom.us/j/987": any lower-case top-level domain when a
        # path with a digit or a second slash follows it, which a note's missing space ("pvcs.sedated/paralytics")
        # does not make.
        ("domain_path", r"(?<![\w@.+/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[a-z]{2,12}"
                        r"/(?=[^\s<>\"'`]*?[\d/])[^\s<>\"'`]{2,}",
         0.6, Anchor(r"\.[a-z]{2,12}/[^\s]", at="near", before=100, after=20, stop=r"[\s<>\"'()]")),
        ("ipv4", r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
                 r"(?::\d{2,5})?(?![\w]|\.\d)", 0.6),
    )
    CONTEXT = ("url", "link", "website", "web", "portal", "http", "https", "ip", "server", "host")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Drop sentence punctuation that trails a URL."""
        while end > start and text[end - 1] in ".,;:!?)]}'\"":
            if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
                break
            end -= 1
        return start, end
