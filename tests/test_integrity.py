"""Stored links and numbers obey the same rules whatever path the data came in by (issue 10 §6)."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DataError, IntegrityError, models, transaction

from claims.integrity import INTEGER_MAX, SMALLINT_MAX
from claims.models import AboutSection, Article, Claimant, Correction, Source
from claims.templatetags.links import web_url
from tests.factories import EvidenceFactory, ReviewNoteFactory

pytestmark = pytest.mark.django_db

HOSTILE_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x", "vbscript:x"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_link_filter_keeps_only_web_addresses(url):
    assert web_url(url) == ""
    assert web_url("https://stats.example.org/a?b=c") == "https://stats.example.org/a?b=c"


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_loaddata_refuses_a_source_with_a_javascript_url(tmp_path, url):
    fixture = tmp_path / "bad.json"
    row = {"model": "claims.source", "fields": {"url": url, "title": "T", "source_type": "news"}}
    fixture.write_text(json.dumps([row]))
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(fixture), verbosity=0)
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "model, fields",
    [
        (Article, {"slug": "a", "headline": "H", "body": "B", "url": "javascript:alert(1)"}),
        (Claimant, {"slug": "c", "name": "N", "url": "javascript:alert(1)"}),
        (Source, {"url": "https://ok.example.org/", "title": "T", "archive_url": "data:x"}),
    ],
)
def test_the_orm_cannot_store_a_non_web_link(model, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_model_validation_explains_a_non_web_link():
    source = Source(url="ftp://files.example.org/report.pdf", title="Report")
    with pytest.raises(Exception, match="starting with http:// or https://"):
        source.full_clean()


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_every_stored_url_in_a_template_goes_through_the_link_filter():
    """A stored URL (`source.url`, `article.url`...) printed in a template goes through web_url."""
    import re

    stored = [
        f"{model._meta.model_name}\\.{field.name}"
        for model in apps.get_app_config("claims").get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.URLField) and not model.__name__.startswith("Historical")
    ]
    pattern = r"\{\{\s*([\w.]*(?:" + "|".join(stored) + r"))\s*(\|[^}]*)?\}\}"
    unfiltered = []
    for template in TEMPLATES.rglob("*.html"):
        for match in re.finditer(pattern, template.read_text()):
            if "web_url" not in (match.group(2) or ""):
                unfiltered.append(f"{template.name}: {match.group(0)}")
    assert not unfiltered


LIMITS = {
    "PositiveSmallIntegerField": SMALLINT_MAX,
    "SmallIntegerField": SMALLINT_MAX,
    "PositiveIntegerField": INTEGER_MAX,
    "IntegerField": INTEGER_MAX,
}


def integer_fields():
    found = []
    for model in apps.get_app_config("claims").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.IntegerField) and field.get_internal_type() in LIMITS:
                found.append(pytest.param(model, field, id=f"{model.__name__}.{field.name}"))
    return found


@pytest.mark.parametrize("model, field", integer_fields())
def test_every_database_refuses_an_integer_postgresql_cannot_store(model, field):
    evidence = EvidenceFactory()
    ReviewNoteFactory(claim=evidence.claim)
    Correction.objects.create(claim=evidence.claim, text="Corrected.")
    AboutSection.objects.create(slug="about", heading="About", body="Who we are.")
    row = model._default_manager.first()
    assert row is not None, f"make a {model.__name__} in this test"
    maximum = LIMITS[field.get_internal_type()]
    try:
        with transaction.atomic():
            model._default_manager.filter(pk=row.pk).update(**{field.name: maximum + 1})
    except (IntegrityError, DataError):
        return
    name = model._meta.model_name
    pytest.fail(
        f"The database stored {maximum + 1:,} in {model.__name__}.{field.name}, which PostgreSQL "
        f"refuses, so the data could not move there: add "
        f'at_most_constraint("{name}", "{field.name}", {maximum}) (claims/integrity.py) to '
        f"{model.__name__}.Meta.constraints."
    )
