"""Pieces of the public pages written for speed produce what Django's slower ones did.

The filter form's widgets (claims/widgets.py), the slug addresses (claims/slug_urls.py) and the
`time_element` filter (claims/templatetags/dates.py) replace template rendering, reverse() and
two `date` filters on the hot paths of the list pages. Readers must get the same HTML: each is
compared with what it replaces, with hostile text where text is shown.
"""

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils.safestring import mark_safe

from claims import widgets
from claims.filters import SHORT_LIST_LENGTH, ClaimFilter
from claims.models import Claim
from claims.slug_urls import slug_url
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory
from tests.test_claim_list import options

HOSTILE = "<script>alert('x')</script> & \"quoted\""

SELECT_CHOICES = [
    ("", "Anyone"),
    ("plain", "Plain"),
    (HOSTILE, HOSTILE),
    ("safe", mark_safe("<b>already safe</b>")),
    (7, 7),
    ("group", [("inside", "Inside a group"), (None, "None inside")]),
]
ATTRS = [
    None,
    {"id": "id_claimant", "aria-invalid": "true", "aria-describedby": "id_claimant_error"},
    {"required": True, "disabled": False, "data-x": None, "class": HOSTILE},
]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", ["", None, "plain", HOSTILE, 7, "7", "inside", "None", "gone"])
def test_select_renders_what_djangos_template_renders(value, attrs):
    django_select = forms.Select(choices=SELECT_CHOICES)
    ours = widgets.Select(choices=SELECT_CHOICES)
    assert ours.render(HOSTILE, value, attrs) == django_select.render(HOSTILE, value, attrs)


def test_select_marks_only_the_first_of_two_equal_values_selected():
    choices = [("a", "First"), ("a", "Second")]
    assert widgets.Select(choices=choices).render("x", "a") == forms.Select(choices=choices).render(
        "x", "a"
    )


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize(
    "django_widget, our_widget, values",
    [
        (forms.TextInput, widgets.TextInput, ["", None, HOSTILE, 200]),
        (forms.DateInput, widgets.DateInput, ["", None, date(2025, 9, 4), "2025-13-01", HOSTILE]),
    ],
)
def test_inputs_render_what_djangos_template_renders(django_widget, our_widget, values, attrs):
    for value in values:
        expected = django_widget(attrs={"type": "search", "placeholder": HOSTILE}).render(
            HOSTILE, value, attrs
        )
        ours = our_widget(attrs={"type": "search", "placeholder": HOSTILE}).render(
            HOSTILE, value, attrs
        )
        assert ours == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"claimant": "hostile", "verdict": "false", "order": "oldest", "q": HOSTILE},
        {"published_after": "not a date", "claim_type": "nonsense", "article": "missing"},
    ],
)
def test_the_claim_filter_form_is_the_form_djangos_widgets_render(query):
    """Every field of the public filter form, valid or in error, as Django's own widgets would
    render it: a field whose widget is swapped back renders the same HTML."""
    claimant = ClaimantFactory(slug="hostile", name=HOSTILE)
    ClaimFactory(claimant=claimant, article=ArticleFactory(headline=HOSTILE))
    ours = ClaimFilter(query, queryset=Claim.objects.published())
    ours.is_valid()
    djangos = ClaimFilter(query, queryset=Claim.objects.published())
    djangos.is_valid()
    for field in djangos.form.fields.values():
        stock = {
            widgets.Select: forms.Select,
            widgets.TextInput: forms.TextInput,
            widgets.DateInput: forms.DateInput,
        }[type(field.widget)]
        replacement = stock(attrs=field.widget.attrs)
        replacement.input_type = field.widget.input_type
        replacement.is_required = field.widget.is_required
        replacement.choices = getattr(field.widget, "choices", ())
        field.widget = replacement
    for name in ours.form.fields:
        assert str(ours.form[name]) == str(djangos.form[name]), name
    assert HOSTILE not in str(ours.form["claimant"])


@pytest.mark.parametrize(
    "name", ["claims:claim_detail", "claims:article_detail", "claims:claimant_detail"]
)
@pytest.mark.parametrize("slug", ["a-claim", "Claim_2", "x"])
def test_slug_url_is_reverse(name, slug):
    assert slug_url(name, slug) == reverse(name, args=[slug])


def test_slug_url_follows_the_script_prefix_of_each_request():
    """An app mounted under a path (SCRIPT_NAME) links under it; another request without it
    does not inherit it."""
    try:
        set_script_prefix("/fact-checks/")
        assert slug_url("claims:claim_detail", "a-claim") == "/fact-checks/claims/a-claim/"
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert slug_url("claims:claim_detail", "a-claim") == "/claims/a-claim/"


def test_slug_url_refuses_what_reverse_refuses():
    for slug in ["", "has space", "a/b", "é", "new\nline"]:
        with pytest.raises(NoReverseMatch):
            slug_url("claims:claim_detail", slug)


def test_slug_url_follows_a_changed_urlconf():
    assert slug_url("claims:claim_detail", "a-claim") == "/claims/a-claim/"
    with override_settings(ROOT_URLCONF="tests.urls_under_prefix"):
        assert slug_url("claims:claim_detail", "a-claim") == "/desk/claims/a-claim/"
    assert slug_url("claims:claim_detail", "a-claim") == "/claims/a-claim/"


TWO_DATE_FILTERS = Template(
    "{% for d in days %}<time datetime=\"{{ d|date:'c' }}\">{{ d|date:'j F Y' }}</time>{% endfor %}"
)
TWO_DATE_FILTERS_FOR_DATES = Template(
    "{% for d in days %}<time datetime=\"{{ d|date:'Y-m-d' }}\">{{ d|date:'j F Y' }}</time>{% endfor %}"
)
ONE_FILTER = Template("{% load dates %}{% for d in days %}{{ d|time_element }}{% endfor %}")

MOMENTS = [
    datetime(2025, 9, 4, 22, 40, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 30, 15, 123456, tzinfo=UTC),
    datetime(2024, 2, 29, 0, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("time_zone", ["UTC", "Europe/Rome", "America/Los_Angeles"])
def test_time_element_is_the_two_date_filters_it_replaces(time_zone):
    """In the site's time zone: 23:30 UTC on 31 December is already 1 January in Rome."""
    with override_settings(TIME_ZONE=time_zone):
        context = Context({"days": MOMENTS})
        assert ONE_FILTER.render(context) == TWO_DATE_FILTERS.render(context)


def test_time_element_of_a_date_is_the_two_date_filters_it_replaces():
    context = Context({"days": [date(2025, 9, 4), date(1999, 1, 1)]})
    assert ONE_FILTER.render(context) == TWO_DATE_FILTERS_FOR_DATES.render(context)
    assert 'datetime="2025-09-04">4 September 2025</time>' in ONE_FILTER.render(context)


@pytest.mark.django_db
def test_an_article_one_reader_chose_is_not_offered_to_the_next(client):
    """ClaimFilter builds its form class once per process: what one request chose (an article
    beyond the short list, shown selected at the top) stays in that request's form."""
    oldest = ClaimFactory(article=ArticleFactory(published_on=date(2020, 1, 1)))
    ClaimFactory.create_batch(SHORT_LIST_LENGTH)

    chosen = client.get("/claims/", {"article": oldest.article.slug})
    after = client.get("/claims/")

    assert (oldest.article.slug, True) in options(chosen, "article")
    assert oldest.article.slug not in [value for value, _ in options(after, "article")]
