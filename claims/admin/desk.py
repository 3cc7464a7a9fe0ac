"""Admin for the desk's reference models: articles, claimants, verdicts, sources, evidence,
notes and corrections. The claim admin, with the workflow, is in claims/admin/claim.py."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from claims import services
from claims.admin.desk_files import DeskFileAdminMixin
from claims.admin.hardening import HardenedAdminMixin
from claims.admin.history import ReadOnlyHistoryAdmin
from claims.admin.privacy import PrivateUserAdminMixin
from claims.admin.versions import VersionGuardAdmin, VersionGuardForm
from claims.models import (
    AboutSection,
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)
from claims.paging import CappedCountPaginator
from claims.quotes import normalise_newlines

# SQLite refuses a LIKE pattern over 50,000 bytes with a 500 (HAZARDS.md #2); no editor searches
# for more than a sentence, so a longer term is cut rather than refused.
SEARCH_TERM_MAX_LENGTH = 200

COMPACT_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs say what they are. Django's table names each column once,
    in its header, and gives the inputs below no label: a screen reader announces a bare
    "combo box" (axe-core: label, select-name). Each input is named after its column and row."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        noun = self.model._meta.verbose_name

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = "new row" if index is None else f"{noun} {index + 1}"
                for field in form.fields.values():
                    if not field.widget.is_hidden:
                        field.widget.attrs.setdefault("aria-label", f"{field.label} ({row})")

        return LabelledFormSet


class CappedSearchMixin:
    """Cut the search term (changelist ?q= and autocomplete ?term=) to SEARCH_TERM_MAX_LENGTH."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term[:SEARCH_TERM_MAX_LENGTH])


def locked_for(request, obj):
    """Whether `obj` is shown to readers and this user may not change what readers see."""
    if obj is None or services.may_change_public(request.user):
        return False
    # Decided on the stored row (a form may have edited the instance), once per instance.
    if not hasattr(obj, "_shown_to_readers"):
        obj._shown_to_readers = services.is_public(obj)
    return obj._shown_to_readers


class DeskAdmin(VersionGuardAdmin, HardenedAdminMixin, CappedSearchMixin, ReadOnlyHistoryAdmin):
    """The desk's models: capped search, every change browsable under History (who, when, before
    and after), which is read-only, no 500 on hostile input (hardening.py), nothing readers see
    changed without an editor, and no lost edits (the change form, every inline row and the
    delete page carry the version they were opened at: claims/admin/versions.py). Every admin of a
    desk model inherits it.

    A row readers see (services.SHOWN_TO_READERS) is read-only, and cannot be deleted, for anyone
    without the Editors' rights; a form whose edit would put a row in front of readers (evidence
    or a public note on a published claim) is refused with an error on the field that does it.
    """

    # Skip the changelist's second COUNT(*) over the whole table (HAZARDS.md #9), count the
    # matches only as far as the last page (claims/paging.py), and no facet counts (each one
    # counts every match once per filter choice).
    show_full_result_count = False
    paginator = CappedCountPaginator
    show_facets = admin.ShowFacets.NEVER

    class Media:
        # Changelists and forms that fit a 1280 px screen.
        css = {"all": ["css/desk-screens.css"]}

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not locked_for(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not locked_for(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if services.may_change_public(request.user):
            return form
        return type(form.__name__, (PublicGuardForm, form), {})


class PublicGuardForm:
    """Refuses an edit that would show the row to readers (for users without Editors' rights)."""

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the edit
        for field, message in services.public_change_refusal(self.instance).items():
            self.add_error(field if field in self.fields else None, message)


def truncated(text, length=80):
    return Truncator(text).chars(length)


# Users and groups: the same search cap, since researcher and reviewer are searched by autocomplete.
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class DeskUserAdmin(PrivateUserAdminMixin, HardenedAdminMixin, CappedSearchMixin, UserAdmin):
    pass


@admin.register(Group)
class DeskGroupAdmin(HardenedAdminMixin, CappedSearchMixin, GroupAdmin):
    pass


class ArticleAdminForm(VersionGuardForm):
    class Meta:
        model = Article
        fields = ["headline", "slug", "outlet", "url", "published_on", "language", "body"]

    def clean_body(self):
        body = normalise_newlines(self.cleaned_data["body"])
        if self.instance.pk:
            broken = services.quotes_broken_by(self.instance, body)
            if broken:
                raise forms.ValidationError(
                    ["This text would lose the quotes of these claims; edit the claims first:"]
                    + broken
                )
        return body


@admin.register(Article)
class ArticleAdmin(DeskFileAdminMixin, DeskAdmin):
    form = ArticleAdminForm
    change_list_template = "admin/claims/article/change_list.html"
    change_form_template = "admin/claims/article/change_form.html"
    list_display = ["headline", "outlet", "published_on", "language", "claim_count"]
    list_filter = ["language"]
    search_fields = ["headline", "outlet"]
    prepopulated_fields = {"slug": ("headline",)}
    readonly_fields = ["claims_overview", "created_at", "updated_at"]
    # Latest first, read from article_public_latest_idx (no sort of every article); explicit,
    # because the autocomplete's paginator needs an ordered queryset.
    ordering = ["-published_on", "-pk"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "outlet", "url", "published_on", "language"]}),
        ("Text", {"fields": ["body"]}),
        ("Claims", {"fields": ["claims_overview"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # Counted for the rows shown only (a subquery per row over claim_article_pub_idx), not
        # by grouping every claim of every article.
        claims = (
            Claim.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super().get_queryset(request).annotate(claim_count=Coalesce(Subquery(claims), Value(0)))
        )

    def save_model(self, request, obj, form, change):
        old_body = form.initial.get("body", "")  # the text the form was built on
        super().save_model(request, obj, form, change)
        if change and "body" in form.changed_data:
            moved = services.relocate_claims(article=obj, user=request.user, old_body=old_body)
            if moved:
                self.message_user(request, f"The quotes of {moved} claim(s) moved with the edit.")

    @admin.display(description="claims")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="claims in this article")
    def claims_overview(self, obj):
        if obj.pk is None:
            return "Save the article first, then add its claims."
        claims = obj.claims.select_related("verdict")
        if not claims:
            return "No claims yet."
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:claims_claim_change", args=[claim.pk]),
                    truncated(claim.quote),
                    claim.get_status_display(),
                    claim.verdict or "–",
                )
                for claim in claims
            ),
        )
        return format_html(
            '<table><thead><tr><th scope="col">Quote</th><th scope="col">Status</th>'
            '<th scope="col">Verdict</th></tr></thead><tbody>{}</tbody></table>',
            rows,
        )


@admin.register(Claimant)
class ClaimantAdmin(DeskAdmin):
    list_display = ["name", "kind", "role"]
    ordering = ["name", "pk"]  # claimant_name_idx
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Verdict)
class VerdictAdmin(DeskAdmin):
    list_display = ["label", "slug", "score", "colour", "order"]
    prepopulated_fields = {"slug": ("label",)}


@admin.register(Source)
class SourceAdmin(DeskAdmin):
    list_display = ["title", "publisher", "source_type", "published_on", "archived"]
    # By publisher and title, read from source_publisher_title_idx instead of sorting them all.
    ordering = ["publisher", "title", "pk"]
    list_filter = ["source_type"]
    search_fields = ["url", "title", "title_note", "publisher"]

    @admin.display(description="archived", boolean=True)
    def archived(self, obj):
        return bool(obj.archive_url)


@admin.register(Evidence)
class EvidenceAdmin(DeskAdmin):
    list_display = ["source", "claim", "stance", "order"]
    # Newest first, read from the primary key (the model's own order would sort every row).
    ordering = ["-pk"]
    list_select_related = ["source", "claim"]
    list_filter = ["stance", "source__source_type"]
    search_fields = ["source__title", "source__url", "excerpt", "note"]
    autocomplete_fields = ["claim", "source"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(DeskAdmin):
    list_display = ["short_body", "claim", "visibility", "author", "created_at"]
    # Newest first, read from the primary key (the model's own order would sort every row).
    ordering = ["-pk"]
    list_select_related = ["claim", "author"]
    list_filter = ["visibility"]
    search_fields = ["body"]
    autocomplete_fields = ["claim"]
    # The author is whoever writes the note, never a choice.
    readonly_fields = ["author", "created_at"]

    @admin.display(description="note")
    def short_body(self, obj):
        return truncated(obj.body)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Correction)
class CorrectionAdmin(DeskAdmin):
    """Read-only: a correction is made with the claim's "Correct" step, which also changes the
    verdict, so no correction exists without its claim being updated."""

    list_display = ["claim", "kind", "previous_verdict", "new_verdict", "created_at", "created_by"]
    list_select_related = ["claim", "previous_verdict", "new_verdict", "created_by"]
    list_filter = ["kind"]
    search_fields = ["text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AboutSection)
class AboutSectionAdmin(DeskAdmin):
    """The About page readers see at /about/; the Editors group alone may change it."""

    list_display = ["heading", "slug", "order", "updated_at"]
    search_fields = ["heading", "body"]
