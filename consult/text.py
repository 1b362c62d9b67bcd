"""The only place where user text becomes HTML, always through bleach's safelist."""

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
