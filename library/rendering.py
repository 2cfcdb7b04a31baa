"""Article bodies: Markdown in, safe HTML out.

Staff write Markdown (raw HTML is allowed by Markdown), so the output is treated as
hostile until nh3 (the Rust `ammonia` sanitiser) has passed over it. The pipeline:

1. Markdown to HTML, with heading ids from the `toc` extension.
2. nh3 with a tight allow-list: no scripts, event handlers, styles, iframes or forms;
   links only to http(s), mailto and tel. Every id is prefixed (and every in-page
   `#fragment` link with it) so an article can never take over an id the page relies
   on, such as `main` (the skip link) or `announcer` (the live region): a DOM-clobbering
   guard, the same reason GitHub prefixes ids with `user-content-`.
3. A small rewrite of the already-clean HTML: `<h1>` becomes `<h2>` (the page owns the
   one `<h1>`), and links to another site get `class="external"` and
   `rel="noopener noreferrer external"`. They open in the same tab, on purpose.
4. nh3 again, as the final gate: whatever step 3 did, only the allow-list gets out.
"""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.http.request import validate_host
from markdown.inlinepatterns import LinkInlineProcessor

ID_PREFIX = "section-"
EXTERNAL_REL = "noopener noreferrer external"

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "kbd", "blockquote", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    # Ids: headings (anchors) and footnotes, always prefixed (see the module docstring).
    **{tag: {"id"} for tag in ("h2", "h3", "h4", "h5", "h6", "li", "sup")},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with their content, not just unwrapped.
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "template",
    "noscript", "textarea", "select", "title", "frame", "frameset", "noembed", "xmp",
}  # fmt: skip


def nested_brackets(depth):
    """A pattern for text whose square brackets pair up, at most `depth` deep."""
    plain = r"[^\[\]]*"
    if depth == 0:
        return plain
    return rf"{plain}(?:\[{nested_brackets(depth - 1)}\]{plain})*"


class BoundedLinks(markdown.Extension):
    """Python-Markdown finds the `]` and the `(...)` of every `[` that might start a link
    by walking the rest of the paragraph one character at a time: 20,000 `[` took 51 s
    (a denial of service by anyone who can edit an article, or paste one in). Here:

    - a link's text ends at its matching `]`, found by one regular expression; text with
      brackets nested more than MAX_NESTING deep is not a link;
    - a link's `(target "title")` is looked for within MAX_TARGET characters, and all
      such searches of one article together walk at most TARGET_BUDGET characters.

    Real articles (a few links, short addresses) render exactly as before.
    """

    MAX_NESTING = 3
    MAX_TARGET = 2_000
    TARGET_BUDGET = 100_000
    # A link's text up to its closing `]`, with brackets inside it nested at most
    # MAX_NESTING - 1 deep. Each `[` can only start one branch, so nothing backtracks.
    LINK_TEXT = re.compile(nested_brackets(MAX_NESTING - 1) + r"\]")
    PROCESSORS = (
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
    )

    def extendMarkdown(self, md):
        budget = {"left": self.TARGET_BUDGET}

        def get_text(data, index):
            found = self.LINK_TEXT.match(data, index)
            if found is None:
                return "", index, False
            return data[index : found.end() - 1], found.end(), True

        def get_link_for(processor):
            def get_link(data, index):
                if not data.startswith("(", index):
                    return "", None, index, False  # `[text]` alone: nothing to walk
                if budget["left"] <= 0:
                    return "", None, index, False
                window = data[: index + self.MAX_TARGET]
                href, title, end, handled = LinkInlineProcessor.getLink(processor, window, index)
                # A plain link stops at its first `)`; anything else (nested parentheses,
                # a title in quotes, no link at all) is charged as a walk to the end of the
                # window, which is what Python-Markdown may have done.
                target = window[index:end] if handled else ""
                plain = (
                    handled
                    and (
                        (
                            "'" not in target
                            and '"' not in target
                            and end == window.find(")", index) + 1
                        )
                        # (url "title"): closed by the quote's pair and its `)`
                        or (target[-2:] in ('")', "')") and target.count(target[-2]) >= 2)
                    )
                )
                budget["left"] -= (end if plain else len(window)) - index
                return href, title, end, handled

            return get_link

        for name in self.PROCESSORS:
            if name in md.inlinePatterns:
                processor = md.inlinePatterns[name]
                processor.getText = get_text
                processor.getLink = get_link_for(processor)


MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "toc"]
MARKDOWN_CONFIG = {
    # `extra` passes this to its tables extension: cell alignment as an attribute, since
    # `style` never survives sanitising.
    "extra": {"tables": {"use_align_attribute": True}},
    "toc": {"permalink": False},
}


class NoRawHtmlBlocks(markdown.Extension):
    """Raw HTML is read inline only (inside paragraphs), never as blocks: Python-Markdown's
    raw-HTML block finder is quadratic ("<b " 33,000 times took three minutes), and
    nothing built in writes HTML blocks. Inline tags still pass through nh3 as before."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")


def render_markdown(text: str) -> str:
    """Return sanitised HTML for an article body written in Markdown."""
    html = markdown.markdown(
        text or "",
        extensions=[*MARKDOWN_EXTENSIONS, BoundedLinks(), NoRawHtmlBlocks()],
        extension_configs=MARKDOWN_CONFIG,
    )
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1"},
        clean_content_tags=DROP_WITH_CONTENT,
        attributes={**ALLOWED_ATTRIBUTES, "h1": {"id"}},
        attribute_filter=_prefix_ids,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    html = _LinkAndHeadingRewriter.rewrite(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}},
        allowed_classes={"a": {"external"}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _prefix_ids(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return ID_PREFIX + value
    if attribute == "href" and value.startswith("#") and len(value) > 1:
        return "#" + ID_PREFIX + value[1:]
    return value


def is_external(href: str) -> bool:
    """True for an http(s) link to a host that is not this site."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return False
    # Our own host names, as Django matches them (".aira.example" covers subdomains).
    own_hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    return not validate_host(parts.hostname.lower(), own_hosts)


class _LinkAndHeadingRewriter(HTMLParser):
    """Re-serialises nh3's output, demoting h1 and marking external links.

    The input is already sanitised and normalised by nh3; every attribute value and
    text run is escaped again on the way out, and the result goes through nh3 once more.
    """

    RENAME = {"h1": "h2"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    @classmethod
    def rewrite(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        return "".join(parser.out)

    def _start(self, tag, attrs, self_closing=False):
        tag = self.RENAME.get(tag, tag)
        attrs = [(name, value) for name, value in attrs if value is not None]
        if tag == "a":
            href = dict(attrs).get("href", "")
            if href and is_external(href):
                attrs = [(n, v) for n, v in attrs if n not in {"class", "rel"}]
                attrs += [("class", "external"), ("rel", EXTERNAL_REL)]
        rendered = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}{' /' if self_closing else ''}>")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        self.out.append(f"</{self.RENAME.get(tag, tag)}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))
