"""The only place where text becomes markup: user text always through bleach's safelist, and the
summary's charts, which matplotlib draws with every text in them escaped."""

import re
import threading

import bleach
import markdown as markdown_lib
from bleach.linkifier import Linker
from markupsafe import Markup, escape

#: Tags a designer's Markdown may produce; everything else is escaped.
MARKDOWN_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
MARKDOWN_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["scope"]}
PROTOCOLS = frozenset({"http", "https", "mailto"})
#: What would let an SVG run something: none of it is ever in a chart that matplotlib drew.
#: Only inside a tag: in the text between tags, matplotlib has escaped every "<".
_ACTIVE_SVG = re.compile(r"<(?:script|foreignObject)\b|<[^>]*(?:\son\w+\s*=|javascript:)", re.I)


def _link_attributes(attrs, new=False):
    """Links in user text are marked as user content and never pass on ranking."""
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_per_thread = threading.local()


def _linker():
    """This thread's Linker: its HTML parser keeps state while it works, so threads that render
    at the same time (gunicorn's gthread workers) must not share one."""
    linker = getattr(_per_thread, "linker", None)
    if linker is None:
        linker = _per_thread.linker = Linker(callbacks=[_link_attributes], skip_tags={"pre", "code"})
    return linker


def markdown(text):
    """Render a designer's Markdown (backgrounds, outcomes) to safe HTML."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    cleaned = bleach.clean(
        html, tags=MARKDOWN_TAGS, attributes=MARKDOWN_ATTRIBUTES, protocols=PROTOCOLS, strip=True
    )
    return Markup(_linker().linkify(cleaned))


def paragraphs(text):
    """Render a citizen's plain text: escaped, paragraphs and line breaks kept, URLs linked."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    html = "".join(
        "<p>" + str(escape(block)).replace("\n", "<br>") + "</p>" for block in blocks if block
    )
    cleaned = bleach.clean(html, tags={"p", "br"}, attributes={}, strip=True)
    return Markup(_linker().linkify(cleaned))


def chart(svg):
    """A summary chart's SVG (consult/summaries/charts.py) as markup to inline in a page.

    Its words, theme terms from citizens' text included, are escaped by matplotlib as it draws
    them. bleach cannot keep an SVG whole, so the markup is checked instead, each time it is
    marked safe, a cached copy included: a chart that could run anything is refused.
    """
    if _ACTIVE_SVG.search(svg):
        raise ValueError("a chart's SVG carried something that could run")
    return Markup(svg)
