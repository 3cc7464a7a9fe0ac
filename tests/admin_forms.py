"""POST data for the claim admin's add and change forms, as a browser would send it, and a
browser-like client that enforces CSRF."""

import re
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

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


def desk_client(user):
    """A logged-in browser that, unlike the default test client, enforces CSRF (HAZARDS.md #6)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_post(client, url, data=None, page=None, **kwargs):
    """POST as the browser does: with the CSRF token of the page the form came from."""
    page = page or reverse("admin:index")
    response = client.get(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    token = token.group(1) if token else client.cookies["csrftoken"].value
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token}, **kwargs)


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def open_form(client, claim):
    """The change form as the editor's browser received it: its hidden version."""
    page = client.get(change_url(claim)).text
    return int(re.search(r'name="opened_version" value="(\d+)"', page).group(1))


def changelist_action(client, action, claims, **extra):
    """Run a bulk action of the claim changelist on these claims; follows the redirect."""
    url = reverse("admin:claims_claim_changelist")
    data = {"action": action, "_selected_action": [c.pk for c in claims], **extra}
    return csrf_post(client, url, data, page=url, follow=True)


def click_step(client, claim, name, data=None, **fields):
    """Click a step button of the claim's change form, with these edits (or this POST data)."""
    data = existing_claim_data(claim, **fields) if data is None else data
    return csrf_post(client, change_url(claim), {**data, "_step": name}, page=change_url(claim))
