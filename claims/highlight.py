"""The article text with its claims marked, for the public article and claim pages.

Claims may overlap or nest (in the seed article "former U.S. President Donald Trump" lies inside a
longer claim). Marks are nested where spans nest; where two spans cross, the later one is split
into fragments so the HTML stays well-formed. Each claim ends with a link that names its verdict,
so every claim is reachable by keyboard and none is told apart by colour alone.
"""

import re
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


def paragraphs(body):
    """Paragraphs of the text as (start, end) offsets, split on blank lines."""
    result, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(body):
        result.append(Paragraph(start, match.start()))
        start = match.end()
    result.append(Paragraph(start, len(body)))
    return [p for p in result if body[p.start : p.end].strip()]


# The marks and links are written with the standard library's escape(), not format_html(): an
# article page has hundreds of them, and each format_html() escaped its arguments through Django's
# lazy-aware wrappers. The text is escaped all the same (tests/test_escaping.py).


def _open_mark(claim, first):
    anchor = f' id="claim-{escape(claim.slug)}"' if first else ""
    return (
        f'<mark class="claim-mark verdict-{escape(claim.verdict.colour)}" '
        f'data-claim="{escape(claim.slug)}"{anchor}>'
    )


def _claim_link(claim, number):
    return (
        f'<a class="claim-ref verdict-{escape(claim.verdict.colour)}" '
        f'href="{escape(claim.get_absolute_url())}">'
        f'<span class="visually-hidden">Claim {number}: </span>{escape(claim.verdict.label)}</a>'
    )


def annotate(body, claims):
    """[SafeString paragraph HTML] of body with each claim marked and linked.

    claims need span_start, span_end, slug, verdict (with colour and label) and
    get_absolute_url(). Claims are numbered for screen readers in text order, as the page
    lists them.
    """
    claims = sorted(claims, key=lambda c: (c.span_start, -c.span_end))
    numbers = {c.slug: i for i, c in enumerate(claims, 1)}
    opened = set()
    html_paragraphs = []
    for para in paragraphs(body):
        inside = [c for c in claims if c.span_start < para.end and c.span_end > para.start]
        cuts = {para.start, para.end}
        for c in inside:
            cuts.update(x for x in (c.span_start, c.span_end) if para.start < x < para.end)
        cuts = sorted(cuts)
        parts, stack = [], []
        for left, right in zip(cuts, cuts[1:], strict=False):
            active = [c for c in inside if c.span_start <= left and c.span_end >= right]
            keep = 0
            while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
                keep += 1
            while len(stack) > keep:
                closing = stack.pop()
                parts.append("</mark>")
                if closing.span_end == left:
                    parts.append(_claim_link(closing, numbers[closing.slug]))
            for c in active[keep:]:
                parts.append(_open_mark(c, c.slug not in opened))
                opened.add(c.slug)
                stack.append(c)
            parts.append(escape(body[left:right]).replace("\n", "<br>"))
        while stack:
            closing = stack.pop()
            parts.append("</mark>")
            if closing.span_end <= para.end:
                parts.append(_claim_link(closing, numbers[closing.slug]))
        # Safe: every piece above is markup written here or text escaped here.
        html_paragraphs.append(mark_safe("".join(parts)))
    return html_paragraphs


def paragraph_of(body, start, end):
    """The (start, end) of the paragraph holding the span, for the claim page's quote in context."""
    for para in paragraphs(body):
        if para.start <= start < para.end:
            return para.start, max(para.end, end)
    return start, end


# A full stop, "!" or "?" and a space end a sentence, but not after an initial or an
# abbreviation ("U.S. President").
SENTENCE_END = re.compile(r"(?<!\.\w)(?<!\b\w)[.!?][\"”’]?\s+")


def context_of(body, start, end, around=1):
    """(start, end) of the quote's sentences plus `around` sentences either side, within its paragraph."""
    para_start, para_end = paragraph_of(body, start, end)
    # Sentence starts inside the paragraph.
    starts = [para_start] + [m.end() for m in SENTENCE_END.finditer(body, para_start, para_end)]
    first = max(i for i, s in enumerate(starts) if s <= start)
    last = max(i for i, s in enumerate(starts) if s < end)
    begin = starts[max(first - around, 0)]
    stop_index = last + around + 1
    stop = starts[stop_index] if stop_index < len(starts) else para_end
    return begin, max(stop, end)
