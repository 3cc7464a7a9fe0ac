"""Login throttled, accounts private, sessions end (issue 10 §5)."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import FactCheckerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # every factory user's
LIMIT = settings.AXES_FAILURE_LIMIT


def log_in(client, username, password, **extra):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **extra
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_right_password_logs_in_before_any_failure(editor):
    assert logged_in(log_in(Client(), editor.username, PASSWORD))


def test_failed_logins_for_one_account_lock_it_even_with_the_right_password(editor):
    for i in range(LIMIT):
        # Each from another address: the account is counted on its own.
        log_in(Client(), editor.username, f"guess-{i}", REMOTE_ADDR=f"10.0.0.{i + 1}")
    response = log_in(Client(), editor.username, PASSWORD, REMOTE_ADDR="10.0.1.1")
    assertContains(response, "Too many failed logins", status_code=429)
    assertContains(response, "ask an editor to unlock", status_code=429)
    assert "_auth_user_id" not in Client().session


def test_failed_logins_from_one_address_lock_it_for_every_account(editor):
    for i in range(LIMIT):
        log_in(Client(), f"someone-{i}", "guess", REMOTE_ADDR="10.0.0.9")
    response = log_in(Client(), editor.username, PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    # The same account from another address still logs in.
    assert logged_in(log_in(Client(), editor.username, PASSWORD, REMOTE_ADDR="10.0.0.10"))


def test_a_locked_out_login_checks_no_password(editor):
    for i in range(LIMIT):
        log_in(Client(), editor.username, f"guess-{i}")
    with mock.patch.object(ModelBackend, "authenticate", return_value=None) as check:
        for _ in range(5):
            assert log_in(Client(), editor.username, "guess").status_code == 429
    assert check.call_count == 0


def test_an_editor_unlocks_a_locked_account(editor):
    checker = FactCheckerFactory(username="locked-out")
    for i in range(LIMIT):
        log_in(Client(), checker.username, f"guess-{i}", REMOTE_ADDR=f"10.0.2.{i + 1}")
    assert log_in(Client(), checker.username, PASSWORD).status_code == 429

    desk = Client(enforce_csrf_checks=True)
    desk.force_login(editor)
    page = desk.get("/admin/axes/accessattempt/")
    assertContains(page, "locked-out")
    ids = [str(pk) for pk in page.context["cl"].result_list.values_list("pk", flat=True)]
    response = desk.post(
        "/admin/axes/accessattempt/",
        {
            "action": "unlock",
            "index": 0,
            "_selected_action": ids,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
    )
    assert response.status_code == 302
    assert logged_in(log_in(Client(), checker.username, PASSWORD))


def test_fact_checkers_cannot_see_or_lift_lockouts(checker):
    client = Client()
    client.force_login(checker)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assertNotContains(client.get("/admin/"), "accessattempt")


def test_a_fact_checker_sees_colleagues_names_but_not_their_emails_or_flags(checker):
    colleague = UserFactory(username="colleague", email="colleague.secret@example.org")
    client = Client()
    client.force_login(checker)
    for url in ["/admin/auth/user/", f"/admin/auth/user/{colleague.pk}/change/"]:
        response = client.get(url)
        assertContains(response, "colleague")
        assertNotContains(response, "colleague.secret@example.org")
        assertNotContains(response, "Staff status")
        assertNotContains(response, "Superuser status")
    # Nor can they probe addresses through the list's search or the researcher autocomplete.
    assertContains(client.get("/admin/auth/user/?q=colleague.secret"), "0 users")
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "claims",
            "model_name": "claim",
            "field_name": "researcher",
            "term": "colleague.secret",
        },
    )
    assert found.json()["results"] == []


def test_whoever_manages_users_still_sees_emails(admin_client):
    UserFactory(username="colleague", email="colleague.secret@example.org")
    assertContains(admin_client.get("/admin/auth/user/"), "colleague.secret@example.org")


def test_a_desk_session_ends_with_the_browser_and_after_a_working_day_idle(editor):
    client = Client()
    response = log_in(client, editor.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    # Working pushes the end back to 8 hours after the latest request (saved every 5 minutes).
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    six_minutes_later = time.time() + 6 * 60
    with mock.patch("claims.middleware.time.time", return_value=six_minutes_later):
        assert client.get("/admin/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + timedelta(hours=7, minutes=59)
    # Idle past it: the next request asks for a login again.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


def test_a_login_without_a_request_is_left_to_the_password_check(editor):
    # The shell and the test client call authenticate() without a request: nothing to count.
    assert Client().login(username=editor.username, password=PASSWORD)
