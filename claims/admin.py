"""The editors' admin: every model registered the way the desk works with it."""

import re

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from claims.models import (
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)

# SQLite refuses a LIKE pattern over 50,000 bytes with a 500 (HAZARDS.md #2); no editor searches
# for more than a sentence, so a longer term is cut rather than refused.
SEARCH_TERM_MAX_LENGTH = 200

# How much text the quote-in-context preview shows at most on either side of the quote.
CONTEXT_MAX_CHARS = 300

COMPACT_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class CappedSearchMixin:
    """Cut the search term (changelist ?q= and autocomplete ?term=) to SEARCH_TERM_MAX_LENGTH."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term[:SEARCH_TERM_MAX_LENGTH])


class DeskAdmin(CappedSearchMixin, SimpleHistoryAdmin):
    """The desk's models: capped search, and every change browsable under History (who, when,
    before and after)."""

    # Skip the changelist's second COUNT(*) over the whole table (HAZARDS.md #9).
    show_full_result_count = False


def truncated(text, length=80):
    return Truncator(text).chars(length)


# A full stop and a space ends a sentence, except after an initial or an abbreviation ("U.S. ").
SENTENCE_END = re.compile(r"(?<!\.\w)(?<!\b\w)\. ")


def sentence_bounds(body, start, end):
    """(left, right) of the sentence(s) holding body[start:end].

    A sentence ends at SENTENCE_END or a line break; the text's start and end close the first
    and the last.
    """
    left = max((m.end() for m in SENTENCE_END.finditer(body, 0, start)), default=0)
    left = max(left, body.rfind("\n", 0, start) + 1)
    # From end - 1, so that a quote ending in its own full stop ends the sentence there.
    stop = SENTENCE_END.search(body, max(end - 1, start))
    newline = body.find("\n", end)
    right = min(stop.start() + 1 if stop else len(body), newline if newline != -1 else len(body))
    return left, right


# Users and groups: the same search cap, since researcher and reviewer are searched by autocomplete.
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class DeskUserAdmin(CappedSearchMixin, UserAdmin):
    pass


@admin.register(Group)
class DeskGroupAdmin(CappedSearchMixin, GroupAdmin):
    pass


@admin.register(Article)
class ArticleAdmin(DeskAdmin):
    list_display = ["headline", "outlet", "published_on", "language", "claim_count"]
    list_filter = ["language"]
    search_fields = ["headline", "outlet"]
    prepopulated_fields = {"slug": ("headline",)}
    readonly_fields = ["claims_overview", "created_at", "updated_at"]
    # Explicit, because the claim_count annotation's GROUP BY drops Meta.ordering, and the
    # autocomplete's paginator needs an ordered queryset.
    ordering = ["-published_on", "headline"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "outlet", "url", "published_on", "language"]}),
        ("Text", {"fields": ["body"]}),
        ("Claims", {"fields": ["claims_overview"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
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
class ClaimantAdmin(CappedSearchMixin, admin.ModelAdmin):  # no history kept for claimants
    show_full_result_count = False
    list_display = ["name", "kind", "role"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["label", "slug", "score", "colour", "order"]
    prepopulated_fields = {"slug": ("label",)}


@admin.register(Source)
class SourceAdmin(DeskAdmin):
    list_display = ["title", "publisher", "source_type", "published_on", "archived"]
    list_filter = ["source_type"]
    search_fields = ["url", "title", "publisher"]

    @admin.display(description="archived", boolean=True)
    def archived(self, obj):
        return bool(obj.archive_url)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "stance", "excerpt", "note", "order"]
    formfield_overrides = COMPACT_TEXTAREA


class ReviewNoteInline(admin.TabularInline):
    model = ReviewNote
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["body", "visibility", "author", "created_at"]
    readonly_fields = ["created_at"]
    formfield_overrides = COMPACT_TEXTAREA


class ClaimAdminForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = [
            "article",
            "quote",
            "occurrence",
            "claim_reviewed",
            "slug",
            "claimant",
            "claim_type",
            "status",
            "verdict",
            "conclusion",
            "researcher",
            "reviewer",
        ]

    def clean(self):
        cleaned_data = super().clean()
        # The database refuses a published claim without a verdict; say so on the form instead.
        # (The verdict key is missing when the field has its own error already.)
        if (
            cleaned_data.get("status") == Claim.Status.PUBLISHED
            and "verdict" in cleaned_data
            and cleaned_data["verdict"] is None
        ):
            self.add_error(
                "verdict", "A published claim needs a verdict. Choose one, or change the status."
            )
        return cleaned_data


@admin.register(Claim)
class ClaimAdmin(DeskAdmin):
    form = ClaimAdminForm
    list_display = [
        "short_quote",
        "article",
        "claimant",
        "verdict",
        "status",
        "researcher",
        "updated_at",
    ]
    list_select_related = ["article", "claimant", "verdict", "researcher"]
    list_filter = [
        "status",
        "verdict",
        ("article", admin.RelatedOnlyFieldListFilter),
        ("claimant", admin.RelatedOnlyFieldListFilter),
        ("researcher", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["quote", "claim_reviewed", "conclusion"]
    autocomplete_fields = ["article", "claimant", "researcher", "reviewer"]
    prepopulated_fields = {"slug": ("claim_reviewed",)}
    readonly_fields = [
        "quote_in_context",
        "span_start",
        "span_end",
        "published_at",
        "created_at",
        "updated_at",
        "version",
    ]
    fieldsets = [
        (
            "Quote",
            {
                "fields": [
                    "article",
                    "quote",
                    "occurrence",
                    "quote_in_context",
                    ("span_start", "span_end"),
                ]
            },
        ),
        ("Claim", {"fields": ["claim_reviewed", "slug", "claimant", "claim_type"]}),
        ("Verdict", {"fields": ["status", "verdict", "conclusion"]}),
        ("Desk", {"fields": ["researcher", "reviewer"]}),
        (
            "Record",
            {
                "fields": ["published_at", "created_at", "updated_at", "version"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [EvidenceInline, ReviewNoteInline]

    @admin.display(description="quote", ordering="quote")
    def short_quote(self, obj):
        return truncated(obj.quote)

    @admin.display(description="quote in context")
    def quote_in_context(self, obj):
        # span_start is set once the quote has been found in the article (Claim.clean()).
        if obj.span_start is None or obj.span_end is None:
            return "Shown once the quote has been found in the article."
        body, start, end = obj.article.body, obj.span_start, obj.span_end
        left, right = sentence_bounds(body, start, end)
        # A text without full stops or line breaks is one long "sentence": show only a window.
        cut_left, cut_right = start - left > CONTEXT_MAX_CHARS, right - end > CONTEXT_MAX_CHARS
        left = start - CONTEXT_MAX_CHARS if cut_left else left
        right = end + CONTEXT_MAX_CHARS if cut_right else right
        return format_html(
            '<span class="quote-in-context">{}{}<mark>{}</mark>{}{}</span>',
            "…" if cut_left else "",
            body[left:start],
            body[start:end],
            body[end:right],
            "…" if cut_right else "",
        )

    def get_readonly_fields(self, request, obj=None):
        # A published claim's slug is its public permalink: it must not change.
        if obj is not None and obj.is_published:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is only filled in while adding; afterwards it may be read-only.
        return self.prepopulated_fields if obj is None else {}

    def view_on_site(self, obj):
        # Drafts have no public page.
        return obj.get_absolute_url() if obj.is_published else None

    def save_model(self, request, obj, form, change):
        if obj.is_published and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ReviewNote:
            return super().save_formset(request, form, formset, change)
        notes = formset.save(commit=False)
        for note in formset.deleted_objects:
            note.delete()
        for note in notes:
            # A new note left without an author is the current editor's.
            if note._state.adding and note.author_id is None:
                note.author = request.user
            note.save()
        formset.save_m2m()


@admin.register(Evidence)
class EvidenceAdmin(DeskAdmin):
    list_display = ["source", "claim", "stance", "order"]
    list_select_related = ["source", "claim"]
    list_filter = ["stance", "source__source_type"]
    search_fields = ["source__title", "source__url", "excerpt", "note"]
    autocomplete_fields = ["claim", "source"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(DeskAdmin):
    list_display = ["short_body", "claim", "visibility", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_filter = ["visibility"]
    search_fields = ["body"]
    autocomplete_fields = ["claim", "author"]
    readonly_fields = ["created_at"]

    @admin.display(description="note")
    def short_body(self, obj):
        return truncated(obj.body)

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Correction)
class CorrectionAdmin(DeskAdmin):
    list_display = ["claim", "kind", "previous_verdict", "new_verdict", "created_at", "created_by"]
    list_select_related = ["claim", "previous_verdict", "new_verdict", "created_by"]
    list_filter = ["kind"]
    search_fields = ["text"]
    autocomplete_fields = ["claim", "created_by"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
