"""Event descriptions: Markdown rendered and sanitized; plain text for feeds and calendars."""

import functools
import html
import re

import nh3
from markdown_it import MarkdownIt

# Raw HTML is off in the parser and anything left is cleaned again: two independent fences.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"}
_LINK = re.compile(r"(?:https?://|www\.|mailto:)", re.IGNORECASE)


# Both are pure functions of the text and cost a few hundred microseconds each: a feed of thousands
# of events renders each description again on every poll, so each process remembers the latest ones.
RENDERED_CACHE_SIZE = 16_384


@functools.lru_cache(maxsize=RENDERED_CACHE_SIZE)
def render_markdown(source: str) -> str:
    """Safe HTML from a submitter's Markdown (no raw HTML, no images, http(s)/mailto links only)."""
    rendered = _markdown.render(source or "")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def count_links(source: str) -> int:
    """How many web or mail links a text carries."""
    return len(_LINK.findall(source or ""))


@functools.lru_cache(maxsize=RENDERED_CACHE_SIZE)
def plain_text(source: str) -> str:
    """Markdown reduced to text with no markup at all, for calendars, feeds and JSON-LD."""
    text = html.unescape(nh3.clean(render_markdown(source), tags=set()))
    return safe_text(text).strip()


def safe_text(value: str) -> str:
    """Text without angle brackets, for outputs some clients render as HTML (ICS descriptions)."""
    return (value or "").replace("<", "‹").replace(">", "›")
