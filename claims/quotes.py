"""Finding a claim's quote in its article's text."""


class QuoteNotFound(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def occurrences(body, quote):
    """Start offsets of every appearance of quote in body (overlapping ones included)."""
    starts = []
    start = body.find(quote)
    while start != -1:
        starts.append(start)
        start = body.find(quote, start + 1)
    return starts


def locate_quote(body, quote, occurrence=None):
    """(start, end) of the chosen appearance of quote in body.

    occurrence is 1-based and required only when the quote appears more than once.
    """
    if not quote:
        raise QuoteNotFound("quote", "Paste the quote from the article.")
    starts = occurrences(body, quote)
    if not starts:
        raise QuoteNotFound(
            "quote",
            "This quote does not appear in the article's text. Paste it exactly as it appears, "
            "with the same punctuation, quotation marks and spaces.",
        )
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteNotFound(
                "occurrence",
                f"This quote appears {len(starts)} times in the article. "
                f"Choose which one is meant (1 to {len(starts)}).",
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        times = "once" if len(starts) == 1 else f"{len(starts)} times"
        raise QuoteNotFound(
            "occurrence",
            f"The quote appears {times} in the article; choose an occurrence from 1 to {len(starts)}.",
        )
    start = starts[occurrence - 1]
    return start, start + len(quote)


def normalise_newlines(text):
    """Text with "\\n" line ends. Browsers send a textarea's lines ending in "\\r\\n", which would
    make an article saved from the admin differ from the text it was pasted from, and a quote
    pasted with them never match."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# How much text on either side of a quote tells its copies apart: a few paragraphs. Copies whose
# surroundings agree further than that are taken as indistinguishable (the edit is refused).
CONTEXT_LIMIT = 2000


def _longest(matches, limit):
    """The largest n <= limit with matches(n), matches being true up to some n and false after:
    a binary search, so a long article costs a few slice comparisons, not a loop per character."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if matches(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _same_before(a, a_end, b, b_end):
    """How many characters a[:a_end] and b[:b_end] have in common at their ends (at most
    CONTEXT_LIMIT)."""
    limit = min(a_end, b_end, CONTEXT_LIMIT)
    return _longest(lambda n: a[a_end - n : a_end] == b[b_end - n : b_end], limit)


def _same_after(a, a_start, b, b_start):
    """How many characters a[a_start:] and b[b_start:] have in common at their starts (at most
    CONTEXT_LIMIT)."""
    limit = min(len(a) - a_start, len(b) - b_start, CONTEXT_LIMIT)
    return _longest(lambda n: a[a_start : a_start + n] == b[b_start : b_start + n], max(limit, 0))


def relocate_quote(old_body, new_body, quote, old_start):
    """Where the words a claim quoted at old_start in old_body are in new_body:
    (start, end, occurrence, appearances), occurrence counting from 1.

    When the quote appears more than once in the new text, the appearance whose surrounding
    text agrees longest with the old one's is taken; if two agree equally (a passage pasted
    twice), the text does not say which one the claim means and QuoteNotFound is raised.
    """
    starts = occurrences(new_body, quote)
    if not starts:
        raise QuoteNotFound(
            "quote",
            "This quote does not appear in the article's new text, so the claim would lose its "
            "words.",
        )
    old_end = old_start + len(quote)

    def agreement(start):
        return _same_before(old_body, old_start, new_body, start) + _same_after(
            old_body, old_end, new_body, start + len(quote)
        )

    scores = [agreement(start) for start in starts]
    best = max(scores)
    if scores.count(best) > 1:
        raise QuoteNotFound(
            "occurrence",
            f"This quote would appear {len(starts)} times, and the text around "
            f"{scores.count(best)} of them is the same, so which one the claim is about would be "
            "lost. Change the text so the claim's sentence stays distinct, or move the claim first.",
        )
    index = scores.index(best)
    return starts[index], starts[index] + len(quote), index + 1, len(starts)
