"""Markup a desk types into any text field arrives escaped on every public output and admin page.

Every text field a desk can write holds markup (a script, an attribute breakout, a closing
</textarea>, template syntax), tagged with the field's name. Each output in
tests/public_outputs.py, and each admin page below, must then carry no element or attribute the
markup would create, and every field must reach readers (or the desk) intact: escaped exactly
once, never evaluated as a template. A new public format joins by adding an entry to
tests/public_outputs.py.
"""

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.urls import reverse

from claims import services
from claims.models import (
    AboutSection,
    Article,
    Claim,
    Claimant,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)
from tests.factories import EditorFactory, UserFactory
from tests.public_outputs import PUBLIC_OUTPUTS, read_html

pytestmark = pytest.mark.django_db


def hostile(name, max_length=None):
    """Markup for the field `name`, fitting its max_length."""
    full = (
        f'[{name}] <script>alert(1)</script>"><img src=x onerror=alert(1)>'
        "</textarea><ct-x>{{ x }}{% x %}"
    )
    if max_length is None or len(full) <= max_length:
        return full
    return f'[{name}]"><img src=x onerror=alert(1)><ct-x>'


def hostile_url(name):
    # A URL the admin's URLField accepts: a path and query may hold any character but a space.
    return f'https://example.org/{name}?"><img/src=x/onerror=alert(1)><ct-x>'


# Found in a page's raw HTML only if something was not escaped (or was escaped twice).
UNESCAPED = ["<script>alert", "<img src=x", "<img/src=x", '"><ct-x', "</textarea><ct-x"]
DOUBLE_ESCAPED = ["&amp;lt;", "&amp;quot;", "&amp;gt;"]


# The types a browser runs (HTML's "JavaScript MIME type essence match", the common ones).
EXECUTABLE_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}


class Injected(HTMLParser):
    """Elements and attributes that only the hostile markup would create."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found, self.in_script = [], False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "ct-x":
            self.found.append("a <ct-x> element")
        self.found.extend(
            f"an {name} attribute on <{tag}>" for name, _ in attrs if name.startswith("on")
        )
        # A data block (JSON-LD) is never run: escaped markup in it is text, not a script.
        script_type = (dict(attrs).get("type") or "").strip().lower()
        self.in_script = tag == "script" and script_type in EXECUTABLE_SCRIPT_TYPES

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("a script running alert()")


def injected(markup):
    problems = Injected(markup).found
    problems += [f"unescaped {s!r}" for s in UNESCAPED if s in markup]
    problems += [f"escaped twice: {s!r}" for s in DOUBLE_ESCAPED if s in markup]
    return problems


def saved(obj):
    """Validated as the admin's forms validate it, so the world holds only what a desk can write."""
    obj.full_clean()
    obj.save()
    return obj


@pytest.fixture
def world():
    """One published claim and everything around it, every text field full of markup."""
    fields = {}

    def text(name, max_length=None):
        fields[name] = hostile(name, max_length)
        return fields[name]

    def url(name):
        fields[name] = hostile_url(name)
        return fields[name]

    quote = "The minister said " + text("claim.quote")
    article = saved(
        Article(
            slug="hostile-article",
            headline=text("article.headline", 300),
            outlet=text("article.outlet", 200),
            url=url("article.url"),
            language='"><ct-x>',
            body=f"Headline\n\n{quote} and left.\n\nLater: {text('article.body')}",
        )
    )
    fields["article.language"] = article.language
    claimant = saved(
        Claimant(
            slug="hostile-claimant",
            name=text("claimant.name", 200),
            role=text("claimant.role", 200),
            url=url("claimant.url"),
        )
    )
    verdict = saved(
        Verdict(
            slug="hostile-verdict",
            label=text("verdict.label", 60),
            definition=text("verdict.definition"),
            colour=Verdict.Colour.RED,
            order=99,
        )
    )
    researcher, editor = UserFactory(), EditorFactory()
    claim = Claim(
        slug="hostile-claim",
        article=article,
        quote=quote,
        claim_reviewed=text("claim.claim_reviewed", 300),
        claimant=claimant,
        claim_type=Claim.Type.QUOTE,
        status=Claim.Status.IN_REVIEW,
        verdict=verdict,
        conclusion=text("claim.conclusion"),
        researcher=researcher,
    )
    saved(claim)
    source = saved(
        Source(
            url=url("source.url"),
            title=text("source.title", 400),
            publisher=text("source.publisher", 200),
            archive_url=url("source.archive_url"),
            source_type=Source.Type.NEWS,
            title_note=hostile("source.title_note", 200),  # the desk's, never shown to readers
        )
    )
    about = saved(
        AboutSection(
            slug="contact", heading=text("about.heading", 120), body=text("about.body"), order=1
        )
    )
    saved(
        Evidence(
            claim=claim,
            source=source,
            stance=Evidence.Stance.CONTRADICTS,
            excerpt=text("evidence.excerpt"),
            note=text("evidence.note"),
        )
    )
    saved(
        ReviewNote(
            claim=claim,
            author=editor,
            body=text("public note.body"),
            visibility=ReviewNote.Visibility.PUBLIC,
        )
    )
    internal = hostile("internal note.body")
    saved(ReviewNote(claim=claim, author=editor, body=internal))
    services.publish(claim=claim, user=editor)
    claim = services.correct(
        claim=claim, user=editor, kind="correction", text=text("correction.text")
    )
    return SimpleNamespace(
        claim=claim,
        article=article,
        claimant=claimant,
        verdict=verdict,
        source=source,
        correction=claim.corrections.get(),
        typed=hostile("typed"),  # what a reader types into the search box or a filter
        fields=fields,
        internal=internal,
        about=about,
    )


def read_all(client, world, outputs):
    """{output name: Reading}, each fetched and checked to answer 200."""
    readings = {}
    for output in outputs:
        response = client.get(output.url(world))
        assert response.status_code == 200, output.name
        readings[output.name] = output.read(response)
    return readings


def test_public_outputs_escape_markup_from_every_field(client, world):
    readings = read_all(client, world, PUBLIC_OUTPUTS)

    problems = {
        name: found
        for name, reading in readings.items()
        if (found := [p for markup in reading.markup for p in injected(markup)])
    }
    assert problems == {}
    # Escaped once and shown as typed, never evaluated as a template: each field reaches readers.
    texts = [s for reading in readings.values() for s in reading.text]
    expected = {**world.fields, "typed": world.typed}
    missing = [name for name, value in expected.items() if not any(value in s for s in texts)]
    assert missing == []
    assert not any(world.internal in s for s in texts)
    assert not any(world.source.title_note in s for s in texts)


@pytest.mark.parametrize("output", PUBLIC_OUTPUTS, ids=[o.name for o in PUBLIC_OUTPUTS])
def test_each_public_output_escapes_markup(client, world, output):
    response = client.get(output.url(world))

    assert response.status_code == 200
    reading = output.read(response)
    assert [p for markup in reading.markup for p in injected(markup)] == []


def admin_pages(world):
    """The admin pages that show the world's text: each model's list, form and history."""
    objects = {
        "article": world.article,
        "claimant": world.claimant,
        "verdict": world.verdict,
        "claim": world.claim,
        "source": world.source,
        "evidence": world.claim.evidence.get(),
        "reviewnote": world.claim.notes.order_by("pk").last(),
        "correction": world.correction,
        "aboutsection": world.about,
    }
    pages = {}
    for model, obj in objects.items():
        pages[f"{model} list"] = reverse(f"admin:claims_{model}_changelist")
        pages[f"{model} form"] = reverse(f"admin:claims_{model}_change", args=[obj.pk])
        history = f"admin:claims_{model}_history"
        pages[f"{model} history"] = reverse(history, args=[obj.pk])
    for model in ["claim", "reviewnote", "evidence", "source"]:
        pages[f"{model} list searched"] = reverse(f"admin:claims_{model}_changelist") + "?q=x"
    pages["claim correct step"] = reverse(
        "admin:claims_claim_transition", args=[world.claim.pk, "correct"]
    )
    pages["claim delete"] = reverse("admin:claims_claim_delete", args=[world.claim.pk])
    return pages


def test_admin_pages_escape_markup_from_every_field(admin_client, world):
    texts, problems = [], {}
    for name, url in admin_pages(world).items():
        response = admin_client.get(url)
        assert response.status_code == 200, name
        if found := injected(response.content.decode()):
            problems[name] = found
        texts += read_html(response).text
    assert problems == {}
    expected = {
        **world.fields,
        "internal note.body": world.internal,
        "source.title_note": world.source.title_note,
    }
    missing = [name for name, value in expected.items() if not any(value in s for s in texts)]
    assert missing == []
