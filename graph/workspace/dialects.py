"""Note dialects turned into plain Markdown before any parser sees the text.

Jekyll (Liquid tags and output, kramdown attribute lists), Hugo (shortcodes) and
Obsidian, Foam and Logseq (wiki-links) write links and markup CommonMark does not
know. :func:`to_markdown` rewrites them line by line, outside fenced code and code
spans, and keeps every line where it was:

==================================== ================================================
written                              becomes
==================================== ================================================
``[[Note]]``, ``[[Note|text]]``      ``[Note](wiki:Note)``, ``[text](wiki:Note)``
``[[Note#Heading]]``                 ``[Note#Heading](wiki:Note#Heading)``
``![[note]]``, ``![[a.png]]``        a link to the note, an image ``![a.png](a.png)``
``{% post_url 2018-06-24-x %}``      ``post_url:2018-06-24-x``
``{% link _posts/x.md %}``           ``link:_posts/x.md``
``{{< ref "x.md" >}}`` / ``relref``  ``ref:x.md``
``{% highlight py %}`` ... ``end``   a fenced code block (also Hugo ``highlight``)
``{{ site.baseurl }}``, other Liquid nothing (a quoted path with a URL filter: the path)
other shortcodes, ``{: .class}``     nothing
==================================== ================================================

The ``wiki:``, ``post_url:``, ``link:`` and ``ref:`` targets are resolved by
:mod:`graph.links` (methods ``wiki``, ``post_url``, ``jekyll_link``, ``hugo_ref``);
spaces in them are percent-encoded so any CommonMark parser reads them as links.
Working on text, not on a parser's tokens, this survives a change of Markdown parser.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["DIALECT_SCHEMES", "has_dialect", "to_markdown"]

#: The pseudo-schemes of rewritten links, and the link method that resolves each.
DIALECT_SCHEMES = {"wiki": "wiki", "post_url": "post_url", "link": "jekyll_link", "ref": "hugo_ref"}

_MARKERS = ("{%", "{{", "[[", "{:")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_IAL_LINE_RE = re.compile(r"^\s*\{:[^}\n]*\}\s*$|^\s*\{::[^}\n]*/?\}\s*$")
_IAL_INLINE_RE = re.compile(r"\{:\s*[#.:\w][^}\n]*\}")
_HIGHLIGHT_RE = re.compile(
    r"\{%-?\s*highlight\s+([\w+#.\-]+)[^%]*-?%\}|\{\{[<%]\s*highlight\s+([\w+#.\-]+)[^>%]*[>%]\}\}"
)
_END_HIGHLIGHT_RE = re.compile(r"\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]\s*/\s*highlight\s*[>%]\}\}")
_POST_URL_RE = re.compile(r"\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_LINK_RE = re.compile(r"\{%-?\s*link\s+([^\s%]+)\s*-?%\}")
_HUGO_REF_RE = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"?([^\"\s>%]+)\"?\s*[>%]\}\}")
_FIGURE_RE = re.compile(r"\{\{[<%]\s*figure\s+([^>%]*)[>%]\}\}")
_SHORTCODE_RE = re.compile(r"\{\{[<%].*?[>%]\}\}")
_LIQUID_PATH_RE = re.compile(
    r"\{\{-?\s*[\"']([^\"']*)[\"']\s*\|\s*(?:relative_url|absolute_url|prepend:[^}]*)[^}]*-?\}\}"
)
# Liquid output: ``{{ site.baseurl }}``, ``{{ page.title | x }}``; spaces inside, so TeX
# braces such as ``x^{{2}}`` stay.
_LIQUID_OUT_RE = re.compile(
    r"\{\{-?\s+[^{}\n]*?\s+-?\}\}|\{\{-?(?:site|page|post|include)\.[^{}\n]*\}\}"
)
_LIQUID_TAG_RE = re.compile(r"\{%-?.*?-?%\}")
_WIKI_RE = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\](?!\()")  # ``[[1]](url)`` is a link
_ATTR_RE = re.compile(r"(\w+)=\"([^\"]*)\"")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")


def has_dialect(text: str) -> bool:
    """True when ``text`` may hold something :func:`to_markdown` rewrites (a fast test)."""
    return any(marker in text for marker in _MARKERS)


def to_markdown(text: str) -> str:
    """Rewrite wiki-links, Liquid, Hugo shortcodes and kramdown attributes as plain Markdown.

    Parameters
    ----------
    text : str
        The body of a note (front matter already cut off).

    Returns
    -------
    str
        The same number of lines; code blocks and code spans untouched.

    Examples
    --------
    >>> to_markdown("See [[Attention Is All|the paper]] and ![[fig.png]].")
    'See [the paper](wiki:Attention%20Is%20All) and ![fig.png](fig.png).'
    >>> to_markdown("[next]({{ site.baseurl }}{% post_url 2018-06-24-attention %})")
    '[next](post_url:2018-06-24-attention)'
    >>> to_markdown('[T5]({{< ref "posts/t5.md" >}})\\n{: .note}')
    '[T5](ref:posts/t5.md)\\n'
    """
    if not has_dialect(text):
        return text
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        if fence:
            if _END_HIGHLIGHT_RE.search(line) and fence == "```":
                line = "```"
                fence = ""
            elif (match := _FENCE_RE.match(line)) and match.group(1)[0] == fence[0]:
                fence = ""
            out.append(line)
            continue
        if match := _FENCE_RE.match(line):
            fence = match.group(1)
            out.append(line)
            continue
        if highlight := _HIGHLIGHT_RE.search(line):
            out.append("```" + (highlight.group(1) or highlight.group(2) or ""))
            fence = "```"
            continue
        out.append(_line(line))
    return "\n".join(out)


def _line(line: str) -> str:
    """One line outside code blocks, its code spans kept as they are."""
    if not has_dialect(line):
        return line
    if _IAL_LINE_RE.match(line):
        return ""
    parts: list[str] = []
    last = 0
    for span in _CODE_SPAN_RE.finditer(line):
        parts.append(_rewrite(line[last : span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(_rewrite(line[last:]))
    return "".join(parts)


def _rewrite(text: str) -> str:
    """The rewrites of :func:`to_markdown` on a piece of a line without code."""
    if not has_dialect(text):
        return text
    text = _LIQUID_PATH_RE.sub(lambda m: m.group(1), text)
    text = _LIQUID_OUT_RE.sub("", text)
    text = _POST_URL_RE.sub(lambda m: _pseudo(m, "post_url"), text)
    text = _LINK_RE.sub(lambda m: _pseudo(m, "link"), text)
    text = _HUGO_REF_RE.sub(lambda m: _pseudo(m, "ref"), text)
    text = _FIGURE_RE.sub(_figure, text)
    text = _SHORTCODE_RE.sub("", text)
    text = _LIQUID_TAG_RE.sub("", text)
    text = _IAL_INLINE_RE.sub("", text)
    return _WIKI_RE.sub(_wiki, text)


def _pseudo(match: re.Match[str], scheme: str) -> str:
    """A ``post_url``/``link``/``ref`` tag as its pseudo-URL; outside a link target, a link."""
    url = f"{scheme}:{_target(match.group(1))}"
    before = match.string[max(0, match.start() - 1) : match.start()]
    return url if before in ("(", '"', "'", "<", "=") else f"[]({url})"


def _target(path: str) -> str:
    """A link target with spaces and brackets percent-encoded (``#`` kept)."""
    return quote(path.strip().strip("\"'"), safe="/#:.-_~%@!$&'*+,;=")


def _figure(match: re.Match[str]) -> str:
    """A Hugo ``figure`` shortcode as a Markdown image."""
    attrs = dict(_ATTR_RE.findall(match.group(1)))
    src = attrs.get("src", "")
    if not src:
        return ""
    alt = attrs.get("alt") or attrs.get("title") or attrs.get("caption") or ""
    return f"![{alt}]({_target(src)})"


def _wiki(match: re.Match[str]) -> str:
    """A wiki-link or an embed as a Markdown link (an image for an embedded picture)."""
    embed, inner = match.group(1), match.group(2)
    target, _, text = re.split(r"(\\?\|)", inner, maxsplit=1) if "|" in inner else (inner, "", "")
    target = target.strip()
    text = text.strip() or target
    if embed and target.lower().endswith(_IMAGE_SUFFIXES):
        return f"![{text}]({_target(target)})"
    return f"[{text}](wiki:{_target(target)})"
