"""Desk files in the admin: upload from the article list, preview, confirm; download from any
article's page. Through HTTP with a client that enforces CSRF (HAZARDS.md #6)."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.admin import desk_files
from claims.models import Article, Claim
from tests.factories import UserFactory, VerdictFactory
from tests.test_deskfile import BODY, database, italian_file

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/claims/article/import/"


@pytest.fixture
def scale():
    VerdictFactory(slug="false")
    VerdictFactory(slug="true", label="True", score=5, order=1)


def client_for(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client):
    """The token of the upload form, as a browser would post it back."""
    page = client.get(IMPORT_URL).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def upload(client, data, name="desk.json", replace=False):
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    post = {
        "desk_file": SimpleUploadedFile(name, raw, "application/json"),
        "csrfmiddlewaretoken": csrf_token(client),
    }
    if replace:
        post["replace"] = "on"
    return client.post(IMPORT_URL, post)


def confirm(client, preview):
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    return client.post(IMPORT_URL, {"digest": digest, "csrfmiddlewaretoken": csrf_token(client)})


def test_the_article_list_offers_the_upload(editor):
    page = client_for(editor).get(reverse("admin:claims_article_changelist")).content.decode()

    assert f'href="{IMPORT_URL}"' in page


def test_an_editor_sees_what_a_file_will_write_then_imports_it(scale, editor, checker):
    client = client_for(editor)
    before = database()

    preview = upload(client, italian_file())

    assert preview.status_code == 200
    text = preview.content.decode()
    assert "“Il governo: «L’economia è cresciuta dello 0,4%»”" in text
    assert "Claims</th><td>2: 2 published" in text
    assert "New sources</th><td>2" in text
    assert (
        "Stima preliminare del Pil (https://www.istat.it/comunicato-stampa/pil-trimestrale/)"
        in text
    )
    assert "New claimants</th><td>1" in text
    assert "the article itself" in text  # the claim with no claimant
    assert database() == before  # the preview wrote nothing

    done = confirm(client, preview)

    article = Article.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:claims_article_change", args=[article.pk])
    assert Claim.objects.published().count() == 2
    assert article.published_claims == 2
    history = Claim.objects.first().history.get()
    assert history.history_change_reason == "Imported from desk.json by eddie"
    shown = [str(m) for m in client.get(done["Location"]).context["messages"]]
    assert "Claims: 2 (2 published)." in shown
    assert "Imported desk.json." in shown


def test_a_file_with_problems_lists_every_one_and_writes_nothing(scale, editor, checker):
    data = italian_file()
    data["claims"][0]["verdict"] = "pants-on-fire"
    data["claims"][1]["sources"][0]["url"] = "htp:/x"
    before = database()

    response = upload(client_for(editor), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "2 problems to fix in the file" in text
    assert "claims[0].verdict: &quot;pants-on-fire&quot; is not on the scale (true, false)" in text
    assert "claims[1].sources[0].url: &quot;htp:/x&quot; is not a valid URL" in text
    assert 'name="digest"' not in text
    assert database() == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"article": {"headline": "x",}}', "line 1, column 29: not valid JSON"),
        ('{"article": "café"}'.encode("latin-1"), "the file is not UTF-8 text"),
        (b'{"article": {"headline": "a\x00b"}}', "line 1: the file holds a NUL byte"),
        (b'{"article": {"headline": "a\\u0000b"}}', "article.headline: contains a NUL"),
        (b"[" * 50_000 + b"]" * 50_000, "nest too deeply"),
        (b"{}", "file.article: required"),
    ],
    ids=["not-json", "latin-1", "raw-nul", "escaped-nul", "deep", "empty"],
)
def test_an_upload_that_is_not_a_desk_file_says_why(editor, raw, message):
    before = database()

    response = upload(client_for(editor), raw)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert database() == before


def test_a_file_too_big_for_the_admin_is_refused_unread(editor, monkeypatch):
    monkeypatch.setattr(desk_files, "UPLOAD_MAX_BYTES", 1024 * 1024)

    response = upload(client_for(editor), b" " * (1024 * 1024 + 1))

    assert response.status_code == 400
    assert "the file is 1.0 MB; the admin takes desk files of up to 1 MB" in response.text
    assert "manage.py import_article" in response.text


def test_an_upload_without_a_file_asks_for_one(editor):
    client = client_for(editor)

    response = client.post(IMPORT_URL, {"csrfmiddlewaretoken": csrf_token(client)})

    assert response.status_code == 400
    assert "This field is required." in response.text


def test_the_confirmation_imports_the_file_kept_on_the_server(scale, editor, checker):
    client = client_for(editor)
    preview = upload(client, italian_file())
    upload(client, {**italian_file(), "claims": []}, name="other.json")  # another tab
    before = database()

    # The first preview's button no longer matches the file waiting: nothing is imported.
    refused = confirm(client, preview)

    assert refused.status_code == 400
    assert "this preview is no longer the file waiting to be imported" in refused.text
    assert database() == before
    # A confirmation names no file: the browser cannot send one of its own.
    forged = client.post(
        IMPORT_URL,
        {"digest": "0" * 64, "csrfmiddlewaretoken": csrf_token(client), "text": "{}"},
    )
    assert forged.status_code == 400
    assert database() == before


def test_a_confirmation_after_the_site_changed_checks_again(scale, editor, checker, tmp_path):
    client = client_for(editor)
    preview = upload(client, italian_file())
    # Meanwhile someone imports the same article from the command line.
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(italian_file()), encoding="utf-8")
    call_command("import_article", str(path), stdout=io.StringIO())
    before = database()

    response = confirm(client, preview)

    assert response.status_code == 400
    assert "the site changed since the preview" in response.text
    assert "article: this article is already on the site" in response.text
    assert database() == before
    assert confirm(client, preview).status_code == 400  # and it is not waiting any more


def test_an_upload_may_replace_the_article(scale, editor, checker):
    client = client_for(editor)
    confirm(client, upload(client, italian_file()))
    article = Article.objects.get()
    data = json.loads(client.get(f"/admin/claims/article/{article.pk}/desk-file/").content)
    data["article"]["outlet"] = "Il Quotidiano della Sera"

    preview = upload(client, data, name="v2.json", replace=True)

    assert "replaces the article on the site" in preview.text
    assert confirm(client, preview).status_code == 302
    article.refresh_from_db()
    assert article.outlet == "Il Quotidiano della Sera"
    assert Article.objects.count() == 1


def test_a_fact_checker_imports_drafts_and_the_preview_says_so(scale, checker):
    client = client_for(checker)

    preview = upload(client, italian_file())

    assert "its claims arrive as drafts" in preview.text
    assert "2 claim(s) the file marks in review, published or not checkable arrive in research" in (
        preview.text
    )
    assert "Claims</th><td>2: 2 researching" in preview.text
    confirm(client, preview)
    assert set(Claim.objects.values_list("status", flat=True)) == {"researching"}
    assert not Claim.objects.published().exists()


def test_a_user_who_may_not_add_articles_is_refused(scale, checker):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client = client_for(viewer)
    before = database()

    listing = client.get(reverse("admin:claims_article_changelist"))
    page = client.get(IMPORT_URL)
    posted = client.post(
        IMPORT_URL,
        {"desk_file": SimpleUploadedFile("desk.json", json.dumps(italian_file()).encode())},
    )

    assert listing.status_code == 200
    assert IMPORT_URL not in listing.text
    assert page.status_code == 403
    assert posted.status_code == 403
    assert database() == before


def test_any_article_downloads_as_its_desk_file(scale, editor, checker, tmp_path):
    client = client_for(editor)
    confirm(client, upload(client, italian_file()))
    article = Article.objects.get()
    url = reverse("admin:claims_article_desk_file", args=[article.pk])

    page = client.get(reverse("admin:claims_article_change", args=[article.pk]))
    response = client.get(url)

    assert f'href="{url}"' in page.text and "Download desk file" in page.text
    assert response["Content-Disposition"] == f'attachment; filename="{article.slug}.json"'
    assert response["Content-Type"] == "application/json; charset=utf-8"
    out = io.StringIO()
    call_command("export_article", article.slug, stdout=out)
    assert response.content.decode() == out.getvalue()
    assert json.loads(response.content)["article"]["body"] == BODY
    assert client.get(reverse("admin:claims_article_desk_file", args=[999])).status_code in (
        302,
        404,
    )
