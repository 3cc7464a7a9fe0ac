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
