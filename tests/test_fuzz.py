"""Hostile input on every route answers 4xx, never 5xx (issue 10 §2).

A table of hostile values is sent to every public URL and, as an editor, to every admin screen
the admin registry knows: changelist (search, paging, ordering, every filter parameter), add and
change forms with their inlines, autocomplete, and bulk actions. New models and screens are
covered as soon as they are registered. The values are written percent-encoded, as they travel,
so invalid UTF-8 (lone surrogates, overlong forms) reaches the server as a browser could send it.
"""

import sys
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.signals import got_request_exception
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse

from claims import urls as public_urls
from claims.filters import ClaimFilter
from claims.models import Correction
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewNoteFactory,
)

pytestmark = pytest.mark.django_db

# Percent-encoded, as they would appear in a query string or a form body.
HOSTILE = {
    "nul": "a%00b",
    "lone surrogate": "%ED%A0%80",
    "overlong slash": "%C0%AF",
    "overlong NUL": "%C0%80",
    "invalid byte": "%FF%FE",
    "huge integer": "9223372036854775808",
    "huge negative": "-9223372036854775809",
    "negative": "-1",
    "not a number": "abc",
    "float overflow": "1e999",
    "invalid date": "2026-02-30",
    "year 99999": "99999-12-31",
    "LIKE wildcards": "%25_%5C%25",
    "markup": "%3Cscript%3E",
}
# For grids of parameters × values: one of each kind the server parses differently.
CORE = [
    HOSTILE[k]
    for k in (
        "nul",
        "lone surrogate",
        "huge integer",
        "huge negative",
        "not a number",
        "float overflow",
        "invalid date",
        "LIKE wildcards",
    )
]
# Long values go to fewer places (search, one form post): each costs a full parse and render.
LONG = {"100 kB": "x" * 100_000, "1 MB": "y" * 1_000_000}
# Hostile path segments for routes that take a slug or an id.
HOSTILE_SEGMENTS = ["%00", "%ED%A0%80", "%C0%AF", "9223372036854775808", "-1", "x" * 5_000]
NUL_COOKIE = 'sessionid="abcdefghij\\000"; csrftoken="abcdefghij\\000"'


class Fuzzer:
    """Sends requests and keeps every 5xx with the exception behind it."""

    def __init__(self, client):
        self.client = client
        self.client.raise_request_exception = False
        self.sent = 0
        self.failures = []
        self._last_exception = None

    def _remember(self, sender, request=None, **kwargs):
        self._last_exception = repr(sys.exc_info()[1])[:300]

    def send(self, method, url, body=None, **extra):
        self._last_exception = None
        got_request_exception.connect(self._remember)
        try:
            if method == "GET":
                response = self.client.get(url, **extra)
            else:
                response = self.client.post(
                    url, body or "", content_type="application/x-www-form-urlencoded", **extra
                )
        finally:
            got_request_exception.disconnect(self._remember)
        self.sent += 1
        if response.status_code >= 500:
            shown = url if len(url) < 200 else url[:200] + "…"
            body_shown = (body or "")[:200]
            self.failures.append(
                f"{method} {shown} {body_shown} -> {response.status_code} {self._last_exception}"
            )
        return response

    def get_with(self, url, names, values):
        for name in names:
            for value in values:
                self.send("GET", f"{url}?{quote(name)}={value}")

    def report(self):
        print(f"fuzz: {self.sent} requests, {len(self.failures)} answered 5xx")
        listed = "\n".join(self.failures[:30])
        return f"{len(self.failures)} of {self.sent} requests answered 5xx:\n{listed}"


def form_body(fields, value):
    return "&".join(f"{quote(name)}={value}" for name in fields)


@pytest.fixture
def desk():
    """One row of every model, so each change form and filter has something to show."""
    evidence = EvidenceFactory()
    ReviewNoteFactory(claim=evidence.claim)
    Correction.objects.create(
        claim=evidence.claim, text="The verdict was corrected.", new_verdict=evidence.claim.verdict
    )
    ClaimFactory(draft=True, article=evidence.claim.article)
    return evidence.claim


@pytest.fixture
def editor_fuzzer():
    editor = EditorFactory(username="fuzzing-editor")
    client = Client()
    client.force_login(editor)
    return Fuzzer(client), editor


def public_routes(claim):
    """(url, hostile urls) for every public route, from the URLconf."""
    known = {
        "slug": {
            "claims:claim_detail": claim.slug,
            "claims:article_detail": claim.article.slug,
            "claims:claimant_detail": claim.claimant.slug,
            "claims:article_feed_atom": claim.article.slug,
            "claims:article_feed_rss": claim.article.slug,
            "claims:claimant_feed_atom": claim.claimant.slug,
            "claims:claimant_feed_rss": claim.claimant.slug,
            "claims:claim_embed": claim.slug,
        },
        "section": {"claims:sitemap_section": "claims"},
    }
    for pattern in public_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        name = f"claims:{pattern.name}"
        if converters := set(pattern.pattern.converters) & set(known):
            [kwarg] = converters
            value = known[kwarg][name]
            url = reverse(name, kwargs={kwarg: value})
            hostile = [url.replace(value, segment, 1) for segment in HOSTILE_SEGMENTS]
            yield url, hostile
        else:
            yield reverse(name), []


def test_public_urls_never_answer_5xx(desk):
    fuzzer = Fuzzer(Client())
    fuzzer.get_with(reverse("claims:claim_list"), list(ClaimFilter.base_filters), HOSTILE.values())
    for url, hostile_urls in public_routes(desk):
        fuzzer.get_with(url, ["page"], CORE)
        for value in LONG.values():
            fuzzer.send("GET", f"{url}?q={value}")
        fuzzer.send("GET", url, HTTP_COOKIE=NUL_COOKIE)
        fuzzer.send("GET", f"{url}%00")
        for hostile_url in hostile_urls:
            fuzzer.send("GET", hostile_url)
    for url in ["/admin/", "/admin/login/", "/admin/claims/claim/"]:
        fuzzer.send("GET", url, HTTP_COOKIE=NUL_COOKIE)
    for value in [*HOSTILE.values(), *LONG.values()]:
        fuzzer.send("POST", "/admin/login/", form_body(["username", "password"], value))
    # The login throttle records the address and browser of a failed login.
    fuzzer.send(
        "POST",
        "/admin/login/",
        "username=someone&password=guess",
        HTTP_USER_AGENT="x" * 5_000,
        HTTP_X_FORWARDED_FOR="not-an-address, 999.1.1.1",
    )
    assert not fuzzer.failures, fuzzer.report()
    print(fuzzer.report())


def editor_request(editor, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = editor
    return request


def admin_screens():
    """Every registered admin, as pytest parameters named after its model."""
    return [
        pytest.param(model, id=f"{model._meta.app_label}.{model._meta.model_name}")
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("model", admin_screens())
def test_admin_screens_never_answer_5xx(desk, editor_fuzzer, model):
    fuzzer, editor = editor_fuzzer
    model_admin = admin.site._registry[model]
    info = model._meta.app_label, model._meta.model_name
    request = editor_request(editor)
    values = list(HOSTILE.values())

    # The changelist: search, paging, ordering, pk lookups and every filter's parameters.
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    params = ["p", "o", "pk__in", "_to_field"]
    if model_admin.has_view_permission(request):
        changelist_instance = model_admin.get_changelist_instance(request)
        for spec in changelist_instance.filter_specs:
            params += spec.expected_parameters()
        if model_admin.date_hierarchy:
            params += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month")]
    fuzzer.get_with(changelist, params, CORE)
    fuzzer.get_with(changelist, ["q"], values)
    for value in LONG.values():
        fuzzer.send("GET", f"{changelist}?q={value}")
    fuzzer.send("GET", changelist, HTTP_COOKIE=f"csrftoken={quote(chr(0))}")

    # Bulk actions with hostile selections.
    for action in model_admin.get_actions(request):
        for value in ["abc", "9223372036854775808", "-1", "a%00b", "1e999", "%ED%A0%80"]:
            body = f"action={action}&index=0"
            fuzzer.send("POST", changelist, f"{body}&{ACTION_CHECKBOX_NAME}={value}")
            fuzzer.send(
                "POST", changelist, f"{body}&{ACTION_CHECKBOX_NAME}=1&select_across={value}"
            )
        fuzzer.send("POST", changelist, f"action={LONG['100 kB']}&{ACTION_CHECKBOX_NAME}=1")

    # Add and change forms, inlines included, every field set to the same hostile value.
    obj = model._default_manager.order_by("pk").first()
    targets = [("admin:{}_{}_add".format(*info), [], None)]
    if obj is not None:
        targets.append(("admin:{}_{}_change".format(*info), [obj.pk], obj))
        for segment in HOSTILE_SEGMENTS:
            fuzzer.send(
                "GET",
                reverse("admin:{}_{}_change".format(*info), args=["1"]).replace(
                    "/1/", f"/{segment}/"
                ),
            )
    # History: the list and one version, with hostile ids, GET and POST (both read-only).
    if obj is not None and hasattr(obj, "history"):
        history = reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
        version = obj.history.order_by("pk").first()
        pages = [history, f"{history}{version.pk}/"]
        for segment in HOSTILE_SEGMENTS:
            pages += [history.replace(f"/{obj.pk}/", f"/{segment}/"), f"{history}{segment}/"]
        for page in pages:
            fuzzer.send("GET", page)
            fuzzer.send("POST", page, form_body(["_save", "verdict", "slug"], "abc"))

    for name, args, instance in targets:
        url = reverse(name, args=args)
        fuzzer.send("GET", url)
        form = model_admin.get_form(request, instance)
        fields = list(form.base_fields)
        management = []
        for formset, _inline in model_admin.get_formsets_with_inlines(request, instance):
            prefix = formset.get_default_prefix()
            fields += [f"{prefix}-0-{field}" for field in formset.form.base_fields]
            management.append(
                f"{prefix}-TOTAL_FORMS=1&{prefix}-INITIAL_FORMS=0&{prefix}-MAX_NUM_FORMS=1000"
            )
        for value in [*values, *LONG.values()]:
            fuzzer.send("POST", url, "&".join([form_body(fields, value), *management, "_save=1"]))

    # Autocomplete, for the admin's own fields and its inlines'.
    inline_admins = [inline(model, admin.site) for inline in model_admin.inlines]
    for field_owner in [model_admin, *inline_admins]:
        for field in field_owner.get_autocomplete_fields(request):
            owner = field_owner.model._meta
            base = (
                f"/admin/autocomplete/?app_label={owner.app_label}"
                f"&model_name={owner.model_name}&field_name={field}"
            )
            for value in CORE:
                fuzzer.send("GET", f"{base}&term={value}")
                fuzzer.send("GET", f"{base}&term=a&page={value}")

    assert not fuzzer.failures, fuzzer.report()
    print(fuzzer.report())
