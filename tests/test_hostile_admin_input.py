"""The 500s the audit found (issue 10 §2), each now a 4xx or a form error that says what is wrong.

The fuzz test (test_fuzz.py) sends the whole table of hostile values everywhere; these tests pin
the message an editor sees for each case found.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from pytest_django.asserts import assertContains

from claims.admin.hardening import HardenedAdminMixin, SafeAutocompleteMixin
from claims.models import Claim
from tests.admin_forms import claim_form_data
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_cookie_is_refused_before_the_session_lookup(client):
    # Python's cookie parser unquotes \000 into a NUL; PostgreSQL then refused the session
    # lookup with DataError, a 500 shown to an anonymous visitor (HAZARDS.md #15).
    response = client.get("/admin/", HTTP_COOKIE='sessionid="abcdefghij\\000"')
    assertContains(response, "NUL characters are not allowed in a cookie", status_code=400)


def test_an_id_filter_too_large_for_the_database_is_refused_or_finds_nothing(admin_client):
    ClaimFactory()
    response = admin_client.get("/admin/claims/claim/?pk__in=9223372036854775808")
    if connection.vendor == "sqlite":
        # SQLite cannot bind the number (OverflowError).
        assertContains(response, "too large to be an id", status_code=400)
    else:
        assertContains(response, "0 claims")


@pytest.mark.parametrize("selected", ["abc", "9223372036854775808", "1e999"])
@pytest.mark.parametrize("action", ["delete_selected", "assign_to_me", "publish"])
def test_a_bulk_action_on_ids_that_cannot_exist_does_nothing_and_says_why(
    admin_client, action, selected
):
    claim = ClaimFactory(in_review=True)
    response = admin_client.post(
        "/admin/claims/claim/",
        {"action": action, "index": 0, "_selected_action": [claim.pk, selected]},
    )
    assertContains(response, "that are not claim ids, so nothing was done", status_code=400)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_non_numeric_autocomplete_value_is_a_form_error(editor):
    client = Client(enforce_csrf_checks=False)
    client.force_login(editor)
    response = client.post("/admin/claims/claim/add/", claim_form_data(article="abc"))
    assertContains(response, "Select a valid choice")
    assert not Claim.objects.exists()


def test_an_out_of_range_autocomplete_value_in_an_inline_is_a_form_error(editor):
    client = Client()
    client.force_login(editor)
    article = ArticleFactory()
    data = claim_form_data(
        article=article.pk,
        evidence=[{"source": "9223372036854775808", "stance": "supports", "order": 1}],
    )
    response = client.post("/admin/claims/claim/add/", data)
    assertContains(response, "Select a valid choice")
    assert not Claim.objects.exists()


def test_every_admin_and_inline_inherits_the_hardening():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, HardenedAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, SafeAutocompleteMixin), inline
