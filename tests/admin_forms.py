"""POST data for the claim admin's add and change forms, as a browser would send it."""

from html.parser import HTMLParser

from claims.models import Claim

QUOTE = "unemployment fell by 3% last year"  # in every ArticleFactory body, once


def inline_data(prefix, rows):
    """An inline formset's management form and its rows, as the admin's form posts them."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def claim_form_data(*, evidence=(), notes=(), **fields):
    """POST data for the claim add or change form: a new claim in research unless told otherwise."""
    data = {
        "article": "",
        "quote": QUOTE,
        "occurrence": "",
        "claim_reviewed": "Unemployment fell by 3% last year.",
        "slug": "unemployment-fell",
        "claimant": "",
        "claim_type": Claim.Type.NUMBER,
        "verdict": "",
        "conclusion": "",
        "researcher": "",
    }
    data.update({name: "" if value is None else value for name, value in fields.items()})
    # The inline prefixes are the related names: Claim.evidence and Claim.notes.
    return data | inline_data("evidence", evidence) | inline_data("notes", notes)


def existing_claim_data(claim, **fields):
    """The change form of a claim with no evidence or notes yet, as the admin shows it."""
    current = {
        "article": claim.article_id,
        "quote": claim.quote,
        "occurrence": claim.occurrence,
        "claim_reviewed": claim.claim_reviewed,
        "slug": claim.slug,
        "claimant": claim.claimant_id,
        "claim_type": claim.claim_type,
        "status": claim.status,
        "verdict": claim.verdict_id,
        "conclusion": claim.conclusion,
        "researcher": claim.researcher_id,
        "opened_version": claim.version,
    }
    return claim_form_data(**(current | fields))


class _FormFields(HTMLParser):
    """The fields of the page's admin change form (id "<model>_form"), as a browser submits them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.in_form, self.select, self.textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = (attrs.get("id") or "").endswith("_form")
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        kind = attrs.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button", "image", "reset"):
            if kind not in ("checkbox", "radio"):
                self.fields[name] = attrs.get("value") or ""
            elif "checked" in attrs:
                self.fields[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            # A browser drops the newline that directly follows <textarea>.
            start = not self.fields[self.textarea]
            self.fields[self.textarea] += data.removeprefix("\n") if start else data


def browser_form(html):
    """{name: value} of what a browser would post back from the admin change form on this page."""
    parser = _FormFields()
    parser.feed(html)
    parser.close()
    return parser.fields
