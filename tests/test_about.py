"""The About page, /about/: who runs the desk, funding, contact, corrections policy, how claims are
chosen. Editors write it in the admin; readers get it escaped; the footer links to it."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from claims.models import AboutSection
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

URL = "/about/"


def section(**fields):
    defaults = {"slug": "contact", "heading": "Contact", "body": "Write to us.", "order": 10}
    return AboutSection.objects.create(**(defaults | fields))


def test_about_page_shows_every_section_in_order_with_its_anchor(client):
    section(slug="funding", heading="Funding", body="Readers fund us.", order=20)
    section(slug="contact", heading="Contact", body="Write to us.", order=10)

    response = client.get(URL)

    assert response.status_code == 200
    text = response.text
    assert text.index('<h2 id="contact-heading">Contact</h2>') < text.index(
        '<h2 id="funding-heading">Funding</h2>'
    )
    assertContains(response, '<section class="about-section" id="funding"')
    assertContains(response, '<a href="#funding">Funding</a>')
    assertContains(response, "<p>Readers fund us.</p>")


def test_about_page_makes_paragraphs_and_links_from_plain_text(client):
    section(body="First paragraph.\n\nWrite to desk@example.org or see https://example.org/x.")

    response = client.get(URL)

    assertContains(response, "<p>First paragraph.</p>")
    assertContains(response, '<a href="mailto:desk@example.org">desk@example.org</a>')
    assertContains(
        response, '<a href="https://example.org/x" rel="nofollow">https://example.org/x</a>'
    )


def test_about_page_escapes_what_editors_write(client):
    section(
        heading='<img src=x onerror="alert(1)">',
        body='<script>alert("body")</script> and <a href="javascript:alert(2)">a link</a>',
    )

    response = client.get(URL)

    assertNotContains(response, "<script>alert")
    assertNotContains(response, "<img src=x")
    assertNotContains(response, '<a href="javascript:')
    assertContains(response, "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;")
    assertContains(response, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;")


def test_about_page_without_sections_says_so(client):
    response = client.get(URL)

    assert response.status_code == 200
    assertContains(response, "This page has not been written yet.")


@pytest.mark.parametrize("page", ["/", "/claims/", "/methodology/", "/corrections/", URL, "/nope/"])
def test_every_public_page_links_to_the_about_page_and_the_corrections_policy(client, page):
    ClaimFactory()

    response = client.get(page)

    assertContains(response, '<a href="/about/"', status_code=response.status_code)
    assertContains(
        response,
        '<a href="/about/#corrections-policy">Corrections policy</a>',
        status_code=response.status_code,
    )


def test_about_page_query_count_does_not_grow_with_sections(client, django_assert_num_queries):
    for n in range(10):
        section(slug=f"s{n}", heading=f"Section {n}", order=n)
    # 1. the sections, in order
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200
    for n in range(10, 200):
        section(slug=f"s{n}", heading=f"Section {n}", order=n)
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200


def test_the_demo_fills_in_the_about_page_plainly_as_a_demo(client):
    call_command("loaddata", "verdicts", "demo", verbosity=0)

    response = client.get(URL)

    for heading in [
        "Who runs this desk",
        "Funding",
        "Contact",
        "Corrections policy",
        "How we choose claims",
        "What we do not check",
    ]:
        assertContains(response, f">{heading}</h2>")
    assertContains(response, "not a real fact-checking desk")
    assertContains(response, 'id="corrections-policy"')
    for about in AboutSection.objects.all():
        about.full_clean()


# Editing it: the Editors group alone.


def csrf_post(client, url, data):
    """POST as a browser does: the token comes from the form page (HAZARDS.md #6)."""
    form_page = client.get(url)
    assert form_page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text).group(1)
    return client.post(url, data | {"csrfmiddlewaretoken": token})


FORM = {"slug": "funding", "heading": "Funding", "body": "Readers fund us.", "order": "20"}


def test_an_editor_adds_and_changes_a_section_and_readers_see_it(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    added = csrf_post(client, reverse("admin:claims_aboutsection_add"), FORM)
    assert added.status_code == 302
    about = AboutSection.objects.get()
    changed = csrf_post(
        client,
        reverse("admin:claims_aboutsection_change", args=[about.pk]),
        FORM | {"body": "Readers and a foundation fund us.", "opened_version": about.version},
    )
    assert changed.status_code == 302

    assertContains(Client().get(URL), "<p>Readers and a foundation fund us.</p>")
    assert about.history.count() == 2


def test_a_fact_checker_may_read_the_about_sections_but_not_change_them(checker):
    about = section()
    client = Client(enforce_csrf_checks=True)
    client.force_login(checker)
    change = reverse("admin:claims_aboutsection_change", args=[about.pk])

    assert client.get(change).status_code == 200  # read-only view
    assert client.get(reverse("admin:claims_aboutsection_add")).status_code == 403
    # A valid CSRF token, so that the 403s below are the permission check.
    token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    assert client.post(change, FORM | token).status_code == 403
    delete = reverse("admin:claims_aboutsection_delete", args=[about.pk])
    assert client.post(delete, {"post": "yes"} | token).status_code == 403
    about.refresh_from_db()
    assert about.body == "Write to us."


def test_anonymous_readers_cannot_reach_the_about_admin():
    response = Client().get(reverse("admin:claims_aboutsection_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
