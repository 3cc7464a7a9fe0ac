"""The permission matrix: anonymous / fact-checker / editor × every admin URL and method.

Each row of MATRIX names a model admin, a route and the object it is tried on, and the expected
answer for each role. The routes are enumerated from the admin itself (admin.site._registry, each
admin's actions and autocomplete fields, the claim's workflow steps, each with its own page and as
a step button of the claim's form), so a new admin, action, autocomplete or step without its rows
fails test_every_route_has_its_cells.

Objects: "draft" is the desk's side (a claim in review and what only it shows, an internal note on
a published claim); "public" is what readers see (a published claim, its evidence, a public note,
its article, claimant and cited source). Answers:

  login    302 to the login page            403/404/405  that status
  200      a page (GET)                     edit / view  the change page, with / without inputs
  saved    302, and the database changed    refused      200 with a form error, nothing changed
  same     302, nothing changed             page         200 without a change (POST)
  n/a      the route does not exist for this model

Every POST that is not "saved" also asserts that no row of any desk table changed. POSTs carry a
CSRF token to a client that enforces CSRF; test_post_without_csrf_token_is_refused drops it.
"""

import hashlib
import json

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from claims import services
from claims.models import AboutSection, Claim, Correction, ReviewNote
from tests.admin_forms import QUOTE, claim_form_data
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    FactCheckerFactory,
    ReviewNoteFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "fact-checker", "editor"]

MATRIX = """
# model     route                     object  anonymous fact-checker editor
article     changelist                -       login     200       200
article     add                       -       login     200       200
article     add-post                  draft   login     saved     saved
article     add-post                  public  n/a       n/a       n/a
article     change                    draft   login     edit      edit
article     change-post               draft   login     saved     saved
article     change                    public  login     view      edit
article     change-post               public  login     403       saved
article     delete                    draft   login     403       200
# An article with claims cannot be deleted (they protect it): the page says so, again on POST.
article     delete-post               draft   login     403       page
article     delete                    public  login     403       200
article     delete-post               public  login     403       page
article     history                   public  login     200       200
article     version                   public  login     200       200
article     version-post              public  login     405       405
article     autocomplete              -       login     200       200
article     action:delete_selected    draft   login     page      page
article     action:delete_selected    public  login     page      page
# Desk files: the upload page, the upload (a preview, nothing written), its confirmation (the
# import); a fact-checker's import arrives as drafts. Any article downloads as a desk file.
article     import                    -       login     200       200
article     import-post               -       login     page      page
article     import-confirm            -       login     saved     saved
article     desk-file                 draft   login     200       200
article     desk-file                 public  login     200       200

claimant    changelist                -       login     200       200
claimant    add                       -       login     200       200
claimant    add-post                  draft   login     saved     saved
claimant    add-post                  public  n/a       n/a       n/a
claimant    change                    draft   login     edit      edit
claimant    change-post               draft   login     saved     saved
claimant    change                    public  login     view      edit
claimant    change-post               public  login     403       saved
claimant    delete                    draft   login     403       200
claimant    delete-post               draft   login     403       page
claimant    delete                    public  login     403       200
claimant    delete-post               public  login     403       page
claimant    history                   public  login     200       200
claimant    version                   public  login     200       200
claimant    version-post              public  login     405       405
claimant    autocomplete              -       login     200       200
claimant    action:delete_selected    draft   login     page      page
claimant    action:delete_selected    public  login     page      page

# The verdict scale is public (the methodology page): fact-checkers only read it.
verdict     changelist                -       login     200       200
verdict     add                       -       login     403       200
verdict     add-post                  draft   login     403       saved
verdict     add-post                  public  n/a       n/a       n/a
verdict     change                    draft   login     view      edit
verdict     change-post               draft   login     403       saved
verdict     change                    public  login     view      edit
verdict     change-post               public  login     403       saved
verdict     delete                    draft   login     403       200
verdict     delete-post               draft   login     403       saved
verdict     delete                    public  login     403       200
verdict     delete-post               public  login     403       page
verdict     history                   public  login     200       200
verdict     version                   public  login     200       200
verdict     version-post              public  login     405       405
verdict     autocomplete              -       n/a       n/a       n/a
verdict     action:delete_selected    draft   login     page      saved
verdict     action:delete_selected    public  login     page      page

claim       changelist                -       login     200       200
claim       add                       -       login     200       200
claim       add-post                  draft   login     saved     saved
claim       add-post                  public  n/a       n/a       n/a
claim       change                    draft   login     edit      edit
claim       change-post               draft   login     saved     saved
claim       change                    public  login     view      edit
claim       change-post               public  login     403       saved
claim       delete                    draft   login     403       200
claim       delete-post               draft   login     403       saved
claim       delete                    public  login     403       200
# Its correction cannot be deleted by anyone, so neither can the corrected claim.
claim       delete-post               public  login     403       403
claim       history                   public  login     200       200
claim       version                   public  login     200       200
claim       version-post              public  login     405       405
claim       autocomplete              -       login     200       200
claim       action:delete_selected    draft   login     same      saved
claim       action:delete_selected    public  login     same      403
claim       action:assign_to_me       draft   login     same      saved
claim       action:assign_to_me       public  login     same      same
claim       action:submit_for_review  draft   login     same      same
claim       action:submit_for_review  public  login     same      same
claim       action:publish            draft   login     same      saved
claim       action:publish            public  login     same      same
claim       action:send_back          draft   login     same      saved
claim       action:send_back          public  login     same      same
# The claim's steps: a step's own page (404 for a step that asks nothing: it is a button of
# the claim's form), and the form's step button, which saves the edits and takes the step.
claim       step:assign                       draft   login     200       200
claim       step-post:assign                  draft   login     refused   saved
claim       step:assign                       public  login     403       200
claim       step-post:assign                  public  login     403       refused
claim       change-step:assign                draft   login     refused   saved
claim       change-step:assign                public  login     403       refused
claim       step:start_research               draft   login     404       404
claim       step-post:start_research          draft   login     404       404
claim       step:start_research               public  login     403       404
claim       step-post:start_research          public  login     403       404
claim       change-step:start_research        draft   login     refused   refused
claim       change-step:start_research        public  login     403       refused
claim       step:submit_for_review            draft   login     404       404
claim       step-post:submit_for_review       draft   login     404       404
claim       step:submit_for_review            public  login     403       404
claim       step-post:submit_for_review       public  login     403       404
claim       change-step:submit_for_review     draft   login     refused   refused
claim       change-step:submit_for_review     public  login     403       refused
claim       step:send_back                    draft   login     200       200
claim       step-post:send_back               draft   login     refused   saved
claim       step:send_back                    public  login     403       200
claim       step-post:send_back               public  login     403       refused
claim       change-step:send_back             draft   login     refused   saved
claim       change-step:send_back             public  login     403       refused
claim       step:publish                      draft   login     404       404
claim       step-post:publish                 draft   login     404       404
claim       step:publish                      public  login     403       404
claim       step-post:publish                 public  login     403       404
claim       change-step:publish               draft   login     refused   saved
claim       change-step:publish               public  login     403       refused
claim       step:mark_not_checkable           draft   login     200       200
claim       step-post:mark_not_checkable      draft   login     refused   refused
claim       step:mark_not_checkable           public  login     403       200
claim       step-post:mark_not_checkable      public  login     403       refused
claim       change-step:mark_not_checkable    draft   login     refused   refused
claim       change-step:mark_not_checkable    public  login     403       refused
claim       step:correct                      draft   login     200       200
claim       step-post:correct                 draft   login     refused   refused
claim       step:correct                      public  login     403       200
claim       step-post:correct                 public  login     403       saved
claim       change-step:correct               draft   login     refused   refused
claim       change-step:correct               public  login     403       saved

source      changelist                -       login     200       200
source      add                       -       login     200       200
source      add-post                  draft   login     saved     saved
source      add-post                  public  n/a       n/a       n/a
source      change                    draft   login     edit      edit
source      change-post               draft   login     saved     saved
source      change                    public  login     view      edit
source      change-post               public  login     403       saved
source      delete                    draft   login     403       200
# A cited source cannot be deleted (its evidence protects it).
source      delete-post               draft   login     403       page
source      delete                    public  login     403       200
source      delete-post               public  login     403       page
source      history                   public  login     200       200
source      version                   public  login     200       200
source      version-post              public  login     405       405
source      autocomplete              -       login     200       200
source      action:delete_selected    draft   login     page      page
source      action:delete_selected    public  login     page      page

evidence    changelist                -       login     200       200
evidence    add                       -       login     200       200
evidence    add-post                  draft   login     saved     saved
evidence    add-post                  public  login     refused   saved
evidence    change                    draft   login     edit      edit
evidence    change-post               draft   login     saved     saved
evidence    change                    public  login     view      edit
evidence    change-post               public  login     403       saved
evidence    delete                    draft   login     403       200
evidence    delete-post               draft   login     403       saved
evidence    delete                    public  login     403       200
evidence    delete-post               public  login     403       saved
evidence    history                   public  login     200       200
evidence    version                   public  login     200       200
evidence    version-post              public  login     405       405
evidence    autocomplete              -       n/a       n/a       n/a
evidence    action:delete_selected    draft   login     page      saved
evidence    action:delete_selected    public  login     page      saved

# draft: an internal note on a published claim; public: a public note on it.
reviewnote  changelist                -       login     200       200
reviewnote  add                       -       login     200       200
reviewnote  add-post                  draft   login     saved     saved
reviewnote  add-post                  public  login     refused   saved
reviewnote  change                    draft   login     edit      edit
reviewnote  change-post               draft   login     saved     saved
reviewnote  change                    public  login     view      edit
reviewnote  change-post               public  login     403       saved
reviewnote  delete                    draft   login     403       200
reviewnote  delete-post               draft   login     403       saved
reviewnote  delete                    public  login     403       200
reviewnote  delete-post               public  login     403       saved
reviewnote  history                   public  login     200       200
reviewnote  version                   public  login     200       200
reviewnote  version-post              public  login     405       405
reviewnote  autocomplete              -       n/a       n/a       n/a
reviewnote  action:delete_selected    draft   login     page      saved
reviewnote  action:delete_selected    public  login     page      saved

# Corrections are made by the claim's Correct step only.
correction  changelist                -       login     200       200
correction  add                       -       login     403       403
correction  add-post                  draft   login     403       403
correction  add-post                  public  n/a       n/a       n/a
correction  change                    draft   login     view      view
correction  change-post               draft   login     403       403
correction  change                    public  login     view      view
correction  change-post               public  login     403       403
correction  delete                    draft   login     403       403
correction  delete-post               draft   login     403       403
correction  delete                    public  login     403       403
correction  delete-post               public  login     403       403
correction  history                   public  login     200       200
correction  version                   public  login     200       200
correction  version-post              public  login     405       405
correction  autocomplete              -       n/a       n/a       n/a
correction  action:delete_selected    draft   login     page      page
correction  action:delete_selected    public  login     page      page

# Accounts: the desk may look people up (researcher, reviewer); only administrators change them.
user        changelist                -       login     200       200
user        add                       -       login     403       403
user        add-post                  draft   login     403       403
user        add-post                  public  n/a       n/a       n/a
user        change                    draft   login     view      view
user        change-post               draft   login     403       403
user        change                    public  login     view      view
user        change-post               public  login     403       403
user        delete                    draft   login     403       403
user        delete-post               draft   login     403       403
user        delete                    public  login     403       403
user        delete-post               public  login     403       403
user        history                   public  login     200       200
user        version                   public  n/a       n/a       n/a
user        version-post              public  n/a       n/a       n/a
user        autocomplete              -       login     200       200
user        action:delete_selected    draft   login     page      page
user        action:delete_selected    public  login     page      page
user        password                  draft   login     403       403
user        password-post             draft   login     403       403

group       changelist                -       login     403       403
group       add                       -       login     403       403
group       add-post                  draft   login     403       403
group       add-post                  public  n/a       n/a       n/a
group       change                    draft   login     403       403
group       change-post               draft   login     403       403
group       change                    public  login     403       403
group       change-post               public  login     403       403
group       delete                    draft   login     403       403
group       delete-post               draft   login     403       403
group       delete                    public  login     403       403
group       delete-post               public  login     403       403
group       history                   public  login     403       403
group       version                   public  n/a       n/a       n/a
group       version-post              public  n/a       n/a       n/a
group       autocomplete              -       n/a       n/a       n/a
group       action:delete_selected    draft   login     403       403
group       action:delete_selected    public  login     403       403
# The About page is public; only editors write it.
aboutsection changelist               -       login     200       200
aboutsection add                      -       login     403       200
aboutsection add-post                 draft   login     403       saved
aboutsection add-post                 public  n/a       n/a       n/a
aboutsection change                   draft   login     view      edit
aboutsection change-post              draft   login     403       saved
aboutsection change                   public  login     view      edit
aboutsection change-post              public  login     403       saved
aboutsection delete                   draft   login     403       200
aboutsection delete-post              draft   login     403       saved
aboutsection delete                   public  login     403       200
aboutsection delete-post              public  login     403       saved
aboutsection history                  public  login     200       200
aboutsection version                  public  login     200       200
aboutsection version-post             public  login     405       405
aboutsection autocomplete             -       n/a       n/a       n/a
aboutsection action:delete_selected   draft   login     page      saved
aboutsection action:delete_selected   public  login     page      saved
# Failed logins (django-axes): editors see them and unlock; nobody edits them.
accessattempt changelist              -       login     403       200
accessattempt add                     -       login     403       403
accessattempt add-post                draft   login     403       403
accessattempt add-post                public  n/a       n/a       n/a
accessattempt change                  draft   login     403       view
accessattempt change-post             draft   login     403       403
accessattempt change                  public  login     403       view
accessattempt change-post             public  login     403       403
accessattempt delete                  draft   login     403       200
accessattempt delete-post             draft   login     403       saved
accessattempt delete                  public  login     403       200
accessattempt delete-post             public  login     403       saved
accessattempt history                 public  login     403       200
accessattempt version                 public  n/a       n/a       n/a
accessattempt version-post            public  n/a       n/a       n/a
accessattempt autocomplete            -       n/a       n/a       n/a
accessattempt action:delete_selected  draft   login     403       saved
accessattempt action:delete_selected  public  login     403       saved
accessattempt action:unlock           draft   login     403       saved
accessattempt action:unlock           public  login     403       saved
"""


def parse(table):
    cells = {}
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        model, route, obj, *answers = line.split()
        assert len(answers) == len(ROLES), line
        for role, answer in zip(ROLES, answers, strict=True):
            key = (model, route, obj, role)
            assert key not in cells, f"two rows for {key}"
            cells[key] = answer
    return cells


CELLS = parse(MATRIX)

# The field each change page shows as an input only when the user may change the row.
MARKER = {
    "article": "headline",
    "claimant": "name",
    "verdict": "definition",
    "claim": "claim_reviewed",
    "source": "title",
    "evidence": "note",
    "reviewnote": "body",
    "correction": "text",
    "user": "first_name",
    "group": "name",
    "aboutsection": "heading",
    "accessattempt": "username",
}

BASE_ROUTES = [
    ("changelist", "-"),
    ("add", "-"),
    ("add-post", "draft"),
    ("add-post", "public"),
    *[(route, obj) for obj in ("draft", "public") for route in ("change", "change-post")],
    *[(route, obj) for obj in ("draft", "public") for route in ("delete", "delete-post")],
    ("history", "public"),
    ("version", "public"),
    ("version-post", "public"),
    ("autocomplete", "-"),
    ("action:delete_selected", "draft"),
    ("action:delete_selected", "public"),
]


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def autocomplete_sources():
    """{target model name: (app, model, field)} for every autocomplete field in the admin."""
    sources = {}
    for model_admin in admin.site._registry.values():
        admins = [
            model_admin,
            *[inline(model_admin.model, admin.site) for inline in model_admin.inlines],
        ]
        for each in admins:
            for field_name in each.autocomplete_fields:
                field = each.model._meta.get_field(field_name)
                opts = field.model._meta
                # An inline's field is served through its parent's form: the FK's own model.
                sources.setdefault(
                    field.remote_field.model._meta.model_name,
                    (opts.app_label, opts.model_name, field_name),
                )
    return sources


# The admin's own views, beyond Django's and django-simple-history's, by URL name: the routes
# of MATRIX that try each (the claim's steps are enumerated from the workflow).
OWN_VIEWS = {
    "claims_claim_transition": [],
    "claims_article_import": [("import", "-"), ("import-post", "-"), ("import-confirm", "-")],
    "claims_article_desk_file": [("desk-file", "draft"), ("desk-file", "public")],
    "auth_user_password_change": [("password", "draft"), ("password-post", "draft")],
}
STANDARD_VIEWS = ["changelist", "add", "history", "delete", "change", "simple_history"]


def own_views(model_admin):
    """The URL names of the views a model admin adds to Django's own."""
    opts = model_admin.opts
    standard = {f"{opts.app_label}_{opts.model_name}_{view}" for view in STANDARD_VIEWS}
    return {p.name for p in model_admin.get_urls() if p.name} - standard


def expected_routes():
    """Every (model, route, object) the admin offers, enumerated from the admin itself."""
    routes = set()
    request = superuser_request()
    for model, model_admin in admin.site._registry.items():
        name = model._meta.model_name
        routes.update((name, route, obj) for route, obj in BASE_ROUTES)
        for view in own_views(model_admin):
            routes.update((name, route, obj) for route, obj in OWN_VIEWS.get(view, []))
        for action in model_admin.get_actions(request):
            routes.update((name, f"action:{action}", obj) for obj in ("draft", "public"))
        if name == "claim":
            for step in services.TRANSITIONS:
                for route in (f"step:{step}", f"step-post:{step}", f"change-step:{step}"):
                    routes.update((name, route, obj) for obj in ("draft", "public"))
    return routes


def test_every_route_has_its_cells():
    rows = {(model, route, obj) for model, route, obj, _ in CELLS}
    missing = expected_routes() - rows
    assert not missing, f"routes without expected answers in MATRIX: {sorted(missing)}"
    extra = rows - expected_routes()
    assert not extra, f"MATRIX rows for routes the admin does not offer: {sorted(extra)}"


def test_every_view_of_the_admin_has_its_routes():
    views = set().union(*(own_views(each) for each in admin.site._registry.values()))
    assert views == set(OWN_VIEWS), "an admin view without its routes in OWN_VIEWS and MATRIX"


def test_every_autocomplete_has_a_cell():
    # An autocomplete target is a 200 for the desk, a model without one is n/a.
    served = set(autocomplete_sources())
    for (model, route, _, role), answer in CELLS.items():
        if route == "autocomplete":
            assert (answer != "n/a") == (model in served), (model, role)


# The world every cell runs in.


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module; each cell runs in its own transaction, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world():
    checker = FactCheckerFactory(username="farah")
    editor = EditorFactory(username="eddie")
    colleague = FactCheckerFactory(username="colin")

    # The desk's side: a claim in review, researched by a colleague, with its own article,
    # claimant and source, none of which any published claim shows.
    draft = ClaimFactory(in_review=True, researcher=colleague, reviewer=None)
    draft_evidence = EvidenceFactory(claim=draft)
    # Readers' side: a published, corrected claim with evidence and a public note.
    public = ClaimFactory(researcher=colleague)
    public_evidence = EvidenceFactory(claim=public)
    correction = Correction.objects.create(
        claim=public, text="The figure was corrected.", new_verdict=public.verdict
    )
    internal_note = ReviewNoteFactory(claim=public, author=colleague)
    public_note = ReviewNoteFactory(claim=public, author=editor, visibility="public")
    unused_verdict = VerdictFactory(slug="unproven", label="Unproven", score=None, order=7)
    objects = {
        "article": (draft.article, public.article),
        "claimant": (draft.claimant, public.claimant),
        "verdict": (unused_verdict, public.verdict),
        "claim": (draft, public),
        "source": (draft_evidence.source, public_evidence.source),
        "evidence": (draft_evidence, public_evidence),
        "reviewnote": (internal_note, public_note),
        "correction": (
            Correction.objects.create(claim=public, text="A clarification.", kind="clarification"),
            correction,
        ),
        "user": (colleague, UserFactory(username="someone")),
        "group": (Group.objects.get(name="Fact-checkers"), Group.objects.get(name="Editors")),
        "aboutsection": (
            AboutSection.objects.create(slug="funding", heading="Funding", body="Grants."),
            AboutSection.objects.create(slug="contact", heading="Contact", body="Write to us."),
        ),
        "accessattempt": tuple(
            AccessAttempt.objects.create(
                username=name,
                ip_address="192.0.2.1",
                failures_since_start=3,
                get_data="",
                post_data="",
                user_agent="test",
                path_info="/admin/login/",
            )
            for name in ("mallory", "trudy")
        ),
    }
    users = {"anonymous": None, "fact-checker": checker, "editor": editor}
    superuser = UserFactory(username="root", is_superuser=True)
    return {
        "objects": objects,
        "users": users,
        "superuser": superuser,
        "draft": draft,
        "public": public,
    }


def add_data(model, obj, world):
    """POST data for the add form: a row on the desk's side, or one readers would see."""
    draft, public = world["draft"], world["public"]
    new = {
        "article": {
            "headline": "A new article",
            "slug": "a-new-article",
            "outlet": "",
            "url": "",
            "published_on": "",
            "language": "en",
            "body": f"A new article\n\nThe minister said {QUOTE}.",
        },
        "claimant": {"slug": "new-claimant", "name": "New claimant", "kind": "person"},
        "verdict": {
            "slug": "half-true",
            "label": "Half true",
            "definition": "Partly accurate.",
            "score": 3,
            "colour": "yellow",
            "order": 3,
        },
        "claim": claim_form_data(article=draft.article_id, slug="a-new-claim"),
        "source": {"url": "https://new.example.org/", "title": "New", "source_type": "news"},
        "evidence": {"stance": "context", "order": 0},
        "reviewnote": {"body": "A new note."},
        "correction": {"claim": public.pk, "text": "Sneaked in.", "kind": "correction"},
        "user": {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
        "group": {"name": "Interns"},
        "accessattempt": {"username": "mallory", "failures_since_start": 1},
        "aboutsection": {"slug": "methods", "heading": "Methods", "body": "How.", "order": 3},
    }[model]
    if model == "evidence":
        source = SourceFactory(url="https://uncited.example.org/")
        new |= {"claim": (draft if obj == "draft" else public).pk, "source": source.pk}
    if model == "reviewnote":
        new |= {"claim": public.pk, "visibility": "internal" if obj == "draft" else "public"}
    return new


def form_data(response):
    """The change form's current values, as the browser would post them back."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if field.disabled or value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    return data


CHANGE_FORMS = {}  # the change form of each world object, read once


def changed_data(url, model, world):
    """The change form at `url` posted back as it is, with its marker field edited."""
    if url not in CHANGE_FORMS:
        superuser = Client()
        superuser.force_login(world["superuser"])
        CHANGE_FORMS[url] = form_data(superuser.get(url))
    return CHANGE_FORMS[url] | {MARKER[model]: "Edited in the matrix"}


def snapshot():
    """Every row of every model the admin shows, group memberships and history rows included."""
    models = [*admin.site._registry, get_user_model().groups.through]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models} | {
        "history": [m.history.count() for m in admin.site._registry if hasattr(m, "history")]
    }


CSRF_TOKEN = "matrixcsrftokenmatrixcsrftoken12"  # 32 characters: an unmasked CSRF secret


def client_for(user, csrf=True):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    if csrf:
        client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def request_for(model, route, obj, world):
    """(method, url, data) for one cell."""
    draft_obj, public_obj = world["objects"][model]
    target = {"draft": draft_obj, "public": public_obj}.get(obj)
    label = next(m._meta.app_label for m in admin.site._registry if m._meta.model_name == model)
    prefix = f"admin:{label}_{model}"
    method = "POST" if "-post" in route or route.startswith(("action:", "change-")) else "GET"
    if route.startswith("import"):
        url = reverse(f"{prefix}_import")
        if route == "import":
            return "GET", url, {}
        if route == "import-post":
            return "POST", url, {"desk_file": desk_file_upload()}
        return "POST", url, {"digest": hashlib.sha256(DESK_FILE.encode()).hexdigest()}
    if route in ("password", "password-post"):
        data = {"password1": "another passphrase 1", "password2": "another passphrase 1"}
        return method, reverse(f"{prefix}_password_change", args=[target.pk]), data
    if route == "desk-file":
        return "GET", reverse(f"{prefix}_desk_file", args=[target.pk]), {}
    if route == "changelist":
        return "GET", reverse(f"{prefix}_changelist"), {}
    if route == "add":
        return "GET", reverse(f"{prefix}_add"), {}
    if route == "add-post":
        return "POST", reverse(f"{prefix}_add"), add_data(model, obj, world)
    if route.startswith("change-step:"):
        # A step button of the claim's form: the edits and the step in one click.
        url = reverse(f"{prefix}_change", args=[target.pk])
        return "POST", url, changed_data(url, model, world) | {"_step": route.split(":")[1]}
    if route in ("change", "change-post"):
        url = reverse(f"{prefix}_change", args=[target.pk])
        return method, url, changed_data(url, model, world) if method == "POST" else {}
    if route in ("delete", "delete-post"):
        return method, reverse(f"{prefix}_delete", args=[target.pk]), {"post": "yes"}
    if route == "history":
        return "GET", reverse(f"{prefix}_history", args=[target.pk]), {}
    if route in ("version", "version-post"):
        version = target.history.first().history_id
        url = reverse(f"{prefix}_simple_history", args=[target.pk, version])
        return method, url, {MARKER[model]: "Rewritten through History"}
    if route == "autocomplete":
        app_label, model_name, field_name = autocomplete_sources()[model]
        query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
        return "GET", reverse("admin:autocomplete"), query | {"term": ""}
    if route.startswith("action:"):
        action = route.removeprefix("action:")
        data = {"action": action, "_selected_action": [target.pk], "index": 0}
        if action == "delete_selected":
            data = {"action": action, "_selected_action": [target.pk], "post": "yes"}
        else:
            # The final click: on the confirmation page when the action has one.
            data |= {"apply": "1", "confirmed": "True", "note": "More sources, please."}
        return "POST", reverse(f"{prefix}_changelist"), data
    step = route.split(":")[1]
    url = reverse("admin:claims_claim_transition", args=[target.pk, step])
    data = {
        "note": "More sources, please.",
        "reason": "An opinion.",
        "kind": "correction",
        "text": "The figure was corrected again.",
        "new_verdict": "",
        "new_conclusion": "",
        "confirmed": "True",
        "opened_version": target.version,
    }
    return method, url, data if method == "POST" else {}


# A desk file a fact-checker may import too: a new article with one claim to research.
DESK_FILE = json.dumps(
    {
        "article": {"headline": "An imported article", "body": f"The minister said {QUOTE}."},
        "claims": [{"quote": QUOTE, "status": "researching"}],
    }
)


def desk_file_upload():
    return SimpleUploadedFile("desk.json", DESK_FILE.encode(), "application/json")


CASES = sorted((key, answer) for key, answer in CELLS.items() if answer != "n/a")


@pytest.mark.parametrize(("cell", "expected"), CASES, ids=["-".join(k) for k, _ in CASES])
@pytest.mark.django_db
def test_matrix(cell, expected, world):
    model, route, obj, role = cell
    method, url, data = request_for(model, route, obj, world)
    client = client_for(world["users"][role])
    if route == "import-confirm":
        # What is confirmed is the file uploaded before, kept on the server.
        client.post(url, {"desk_file": desk_file_upload(), "csrfmiddlewaretoken": CSRF_TOKEN})
    before = snapshot()

    if method == "GET":
        response = client.get(url, data)
    else:
        response = client.post(url, {**data, "csrfmiddlewaretoken": CSRF_TOKEN})

    changed = snapshot() != before
    status = response.status_code
    where = f"{method} {url}"
    if expected == "login":
        assert status == 302 and reverse("admin:login") in response["Location"], where
    elif expected in ("200", "403", "404", "405"):
        assert status == int(expected), f"{where}: {status}"
    elif expected in ("edit", "view"):
        assert status == 200, f"{where}: {status}"
        has_input = f'name="{MARKER[model]}"' in response.text
        assert has_input == (expected == "edit"), f"{where}: input shown: {has_input}"
    elif expected == "saved":
        errors = response.context and response.context.get("errors")
        assert status == 302, f"{where}: {status} {errors}"
        assert changed, f"{where}: answered 302 but nothing changed"
    elif expected == "refused":
        assert status == 200, f"{where}: {status}"
        assert 'class="errorlist' in response.text or "errornote" in response.text, where
    elif expected == "same":
        assert status == 302, f"{where}: {status}"
    elif expected == "page":
        assert status == 200, f"{where}: {status}"
    else:
        pytest.fail(f"unknown answer {expected!r}")
    if method == "POST" and expected != "saved":
        assert not changed, f"{where} changed the database"


@pytest.mark.parametrize(
    "route", [("evidence", "change-post", "draft"), ("reviewnote", "delete-post", "draft")]
)
def test_post_without_csrf_token_is_refused(route, world):
    model, route_name, obj = route
    _, url, data = request_for(model, route_name, obj, world)
    client = client_for(world["users"]["editor"], csrf=False)
    before = snapshot()

    response = client.post(url, data)

    assert response.status_code == 403
    assert snapshot() == before


def test_the_matrix_models_are_the_registered_ones():
    registered = {model._meta.model_name for model in admin.site._registry}
    assert registered == set(MARKER)
    assert {Claim, ReviewNote} <= set(admin.site._registry)
