"""The claim admin: the editors' main screen, with the workflow and the lost-edit guard."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.admin.widgets import AdminTextInputWidget
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import OrderBy
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from claims import search, services
from claims.admin.desk import (
    COMPACT_TEXTAREA,
    SEARCH_TERM_MAX_LENGTH,
    DeskAdmin,
    LabelledTabularInline,
    truncated,
)
from claims.admin.hardening import KnownChoicesFormSet, SafeAutocompleteMixin
from claims.admin.versions import VersionGuardForm, VersionGuardInline
from claims.highlight import context_of
from claims.models import Claim, Correction, Evidence, ReviewNote, Verdict
from claims.research import researchers
from claims.search import newest_matches
from claims.search import search as search_claims
from claims.sharing import CLAIM_REVIEWED_BEST_LENGTH

# How much text the quote-in-context preview shows at most on either side of the quote.
CONTEXT_MAX_CHARS = 300


class EvidenceInline(VersionGuardInline, SafeAutocompleteMixin, LabelledTabularInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "stance", "excerpt", "note", "order"]
    formfield_overrides = COMPACT_TEXTAREA

    def get_queryset(self, request):
        # Each row names its source: loaded with it, and shown without a query per row.
        return super().get_queryset(request).select_related("source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (KnownChoicesFormSet, formset), {})


# On a published claim, inlines are read-only for whoever may not change the claim: Django
# disables every inline of a parent the user may not change (DeskAdmin decides that).
class ReviewNoteInline(VersionGuardInline, SafeAutocompleteMixin, LabelledTabularInline):
    model = ReviewNote
    extra = 0
    fields = ["body", "visibility", "author", "created_at"]
    # The author is whoever writes the note (set on save), never a choice.
    readonly_fields = ["author", "created_at"]
    formfield_overrides = COMPACT_TEXTAREA

    def get_queryset(self, request):
        # Each row shows its author and names its claim: loaded with it, not a query per row.
        return super().get_queryset(request).select_related("claim", "author")


class ClaimAdminForm(VersionGuardForm):
    """The claim form; like every desk form it refuses to save over a colleague's newer edit
    (claims/admin/versions.py). Steps and bulk actions raise the claim's version too."""

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
            "verdict",
            "conclusion",
            "researcher",
        ]
        help_texts = {
            "claim_reviewed": "A short, neutral restatement of what is claimed (ClaimReview's "
            f"claimReviewed). Best under {CLAIM_REVIEWED_BEST_LENGTH} characters: fact-check "
            "aggregators show it in one line.",
        }
        widgets = {
            "claim_reviewed": AdminTextInputWidget(
                attrs={"data-best-length": CLAIM_REVIEWED_BEST_LENGTH}
            ),
        }


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        queues = [("mine", "Assigned to me")]
        if request.user.has_perm(services.PUBLISH_PERMISSION):
            queues.append(("review", "Waiting for my review"))
        return queues

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.in_progress().filter(researcher=request.user)
        if self.value() == "review":
            # Anyone's research but one's own: nobody reviews their own work. By work order
            # too, to read the list's order from its index (WorkStatusListFilter).
            waiting = Claim.Status.IN_REVIEW
            return queryset.filter(status=waiting, work_order=Claim.WORK_ORDER[waiting]).exclude(
                researcher=request.user
            )
        return queryset


class WorkStatusListFilter(admin.ChoicesFieldListFilter):
    """The status filter, also as the stored work order it implies (one number per status), so
    the filtered list reads its order from claim_desk_work_idx instead of sorting every claim
    of that status (all the published ones, say)."""

    def queryset(self, request, queryset):
        queryset = super().queryset(request, queryset)
        chosen = [Claim.WORK_ORDER[v] for v in self.lookup_val or [] if v in Claim.WORK_ORDER]
        if len(chosen) == 1:  # an equality, which the index's order follows
            return queryset.filter(work_order=chosen[0])
        return queryset.filter(work_order__in=chosen) if chosen else queryset


class ShortRelatedListFilter(admin.RelatedFieldListFilter):
    """A sidebar filter offering a few rows of a large related table, plus the chosen one.

    Django's RelatedOnlyFieldListFilter finds its choices with a DISTINCT over every claim, and
    the plain one lists every row: both grow with the archive (HAZARDS.md #14). Any row can
    still be chosen through the URL (e.g. from the article's page) and is then shown.
    """

    LIMIT = 20

    def shortlist(self, queryset):
        return queryset.order_by("-pk")  # the newest rows

    def field_choices(self, field, request, model_admin):
        rows = list(self.shortlist(field.related_model._default_manager.all())[: self.LIMIT])
        shown = {str(row.pk) for row in rows}
        chosen = [v for v in self.lookup_val or [] if v.isdigit() and v not in shown]
        if chosen:
            rows += field.related_model._default_manager.filter(pk__in=chosen)
        return [(row.pk, str(row)) for row in rows]


class LatestArticlesListFilter(ShortRelatedListFilter):
    def shortlist(self, queryset):
        return queryset.only("pk", "headline").order_by("-pk")  # never the bodies


class BusiestClaimantsListFilter(ShortRelatedListFilter):
    def shortlist(self, queryset):
        return queryset.order_by("-published_claims", "name")  # claimant_public_most_idx


class DeskMembersListFilter(ShortRelatedListFilter):
    LIMIT = 100

    def shortlist(self, queryset):
        return queryset.filter(is_staff=True).order_by("username")


class StepForm(forms.Form):
    """A step's short form. It carries the claim's version, so a claim changed while the user
    was writing is refused (the service checks it) instead of stepped on."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SendBackForm(StepForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=5000,
        help_text="What needs more work. Kept as an internal note for the fact-checker.",
    )


class NotCheckableForm(StepForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=5000,
        help_text="Why this claim cannot be checked, e.g. an opinion or a prediction. Internal.",
    )


class CorrectionForm(StepForm):
    kind = forms.ChoiceField(choices=Correction.Kind.choices)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=5000,
        help_text="Public: what changed and why. Readers see it on the claim and on /corrections/.",
    )
    new_verdict = forms.ModelChoiceField(
        queryset=Verdict.objects.all(),
        required=False,
        empty_label="Keep the current verdict",
        help_text="Only if the verdict changes.",
    )
    new_conclusion = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text="Only if the public conclusion changes; leave empty to keep it.",
    )


class ConfirmForm(StepForm):
    """Posting it is the answer to the step's question (taking over a colleague's claim)."""

    confirmed = forms.BooleanField(widget=forms.HiddenInput, initial=True)


# Steps that ask something first, and the form that asks it; its fields are the service's arguments.
TRANSITION_FORMS = {
    "note": SendBackForm,
    "reason": NotCheckableForm,
    "correction": CorrectionForm,
    "confirmation": ConfirmForm,
}

# The name of the claim form's step buttons: a click saves the form's edits and takes the step.
STEP_BUTTON = "_step"


class StepRefused(Exception):
    """Raised inside the admin's save transaction, so that a refused step rolls back the edits
    saved with it; the form is then shown again with the reason and the user's input."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ClaimChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list shows headlines only: never carry (and sort) every article's whole text
        # with its claims, which made the changelist crawl at 100,000 claims (docs/perf.md).
        return super().get_queryset(request, exclude_parameters).defer("article__body")

    def get_ordering(self, request, queryset):
        """A sorted column's order, then the claim id the same way round: the order an index
        on (column, id) holds (Claim.Meta.indexes), read up or down, so a page of a sorted list
        reads its 100 rows from the index. Django's own tie-break, the desk's whole order after
        the column, made each of them sort every claim (1.1 s at 1,000,000; docs/perf.md). The
        status column sorts in the desk's order of work, which claim_desk_work_idx holds: the
        desk's own order, or that order turned round."""
        if not self.params.get(ORDER_VAR):
            return super().get_ordering(request, queryset)
        # The columns chosen, without the desk's order (the queryset's) or Django's "-pk".
        chosen = [f for f in super().get_ordering(request, queryset.order_by()) if f != "-pk"]
        if not chosen:  # none valid (?o=99): the desk's order
            return super().get_ordering(request, queryset)
        *before, last = chosen
        before = [STATUS_SORTS[field][0] if field in STATUS_SORTS else field for field in before]
        if last in STATUS_SORTS:
            return [*before, *STATUS_SORTS[last]]
        descending = last.descending if isinstance(last, OrderBy) else last.startswith("-")
        return [*before, last, "-pk" if descending else "pk"]


# The status column's sort: the desk's order of work (ClaimAdmin.ordering), either way round.
STATUS_SORTS = {
    "status": ["work_order", "-updated_at", "-pk"],
    "-status": ["-work_order", "updated_at", "pk"],
}


@admin.register(Claim)
class ClaimAdmin(DeskAdmin):
    form = ClaimAdminForm
    # What an editor scans for, narrow enough for a 1280 px screen (static/css/desk-screens.css).
    list_display = [
        "summary",
        "status",
        "verdict",
        "claimant",
        "researcher_name",
        "updated_at",
        "article_short",
    ]
    list_select_related = ["article", "claimant", "verdict", "researcher"]
    list_filter = [
        QueueFilter,
        ("status", WorkStatusListFilter),
        "verdict",
        ("article", LatestArticlesListFilter),
        ("claimant", BusiestClaimantsListFilter),
        ("researcher", DeskMembersListFilter),
    ]
    # Shows the search box; the search itself is the full-text one (get_search_results).
    search_fields = ["quote", "claim_reviewed", "conclusion", "claimant__name"]
    search_help_text = (
        "Words in the quote, restatement, conclusion or claimant's name, accents ignored; "
        '"a phrase", or between alternatives, -word to leave one out. Best match first, among '
        f"the {search.RANKED_MATCHES:,} newest matches; sort by a column to go through every "
        "match."
    )
    # Work in progress first (waiting for review, then research, then new), each latest first:
    # Claim.work_order, stored and indexed with this order (claim_desk_work_idx), so that any of
    # its pages reads 100 rows from the index instead of sorting every claim.
    ordering = ["work_order", "-updated_at", "-pk"]
    autocomplete_fields = ["article", "claimant", "researcher", "reviewer"]
    prepopulated_fields = {"slug": ("claim_reviewed",)}
    readonly_fields = [
        "quote_in_context",
        "span_start",
        "span_end",
        "status",
        "reviewer",
        "researched_by",
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
        ("Desk", {"fields": ["researcher", "researched_by", "reviewer"]}),
        (
            "Record",
            {
                "fields": ["published_at", "created_at", "updated_at", "version"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [EvidenceInline, ReviewNoteInline]
    # The claim's History also lists the changes to its evidence, notes and corrections.
    history_includes = {"evidence": "source", "notes": "author", "corrections": "kind"}
    actions = ["assign_to_me", "submit_for_review", "publish", "send_back"]
    change_form_template = "admin/claims/claim/change_form.html"

    class Media:
        css = {"all": ["css/desk-admin.css"]}
        js = ["js/claim-reviewed-length.js"]

    @admin.display(description="claim", ordering="claim_reviewed")
    def summary(self, obj):
        """The restatement, or the quote when there is none yet; the quote on hover."""
        return format_html(
            '<span title="{}">{}</span>',
            obj.quote,
            Truncator(obj.claim_reviewed or obj.quote).words(16),
        )

    @admin.display(description="researcher", ordering="researcher__username")
    def researcher_name(self, obj):
        return services.user_label(obj.researcher) if obj.researcher else None

    @admin.display(description="article", ordering="article__headline")
    def article_short(self, obj):
        return format_html(
            '<span title="{}">{}</span>', obj.article.headline, Truncator(obj.article).words(4)
        )

    @admin.display(description="quote in context")
    def quote_in_context(self, obj):
        # span_start is set once the quote has been found in the article (Claim.clean()).
        if obj.span_start is None or obj.span_end is None:
            return "Shown once the quote has been found in the article."
        body, start, end = obj.article.body, obj.span_start, obj.span_end
        left, right = context_of(body, start, end, around=0)
        # A text without sentence ends is one long "sentence": show only a window of it.
        cut_left, cut_right = start - left > CONTEXT_MAX_CHARS, right - end > CONTEXT_MAX_CHARS
        left = start - CONTEXT_MAX_CHARS if cut_left else left
        right = end + CONTEXT_MAX_CHARS if cut_right else right
        return format_html(
            '<span class="quote-in-context">{}{}<mark>{}</mark>{}{}</span>',
            "…" if cut_left else "",
            body[left:start],
            body[start:end],
            body[end:right].rstrip(),
            "…" if cut_right else "",
        )

    def get_search_results(self, request, queryset, search_term):
        # The readers' search (claims/search.py), drafts included, no duplicates; best match
        # first unless the editor sorts by a column.
        search_term = search_term[:SEARCH_TERM_MAX_LENGTH]
        if not search_term.strip():
            return queryset, False
        ranked = ORDER_VAR not in request.GET
        found = search_claims(queryset, search_term, ranked=ranked)
        if ranked and request.method in ("GET", "HEAD"):
            # Shown as the readers' search ranks: the window of the newest matches (ranking
            # every match of a common word took a second at 1,000,000 claims, docs/perf.md),
            # which also says how many it holds (get_paginator). Sorted by a column, the list
            # holds every match; and an action on "all that match" (a POST) takes every match.
            found, request.ranked_search_matches = newest_matches(found)
        return found, False

    def get_paginator(self, request, queryset, per_page, *args, **kwargs):
        matches = getattr(request, "ranked_search_matches", None)
        if matches is None:
            return super().get_paginator(request, queryset, per_page, *args, **kwargs)
        # The window's count, already read; "More than 2,000" when it is full.
        paginator = self.paginator(queryset, per_page, *args, count=matches, **kwargs)
        paginator.cap = min(paginator.cap, search.RANKED_MATCHES)
        return paginator

    def get_changelist(self, request, **kwargs):
        return ClaimChangeList

    @admin.display(description="researched by")
    def researched_by(self, obj):
        """Who worked on it while it was new or in research, from its history: they may not
        publish it."""
        if obj.pk is None:
            return "–"
        if not hasattr(obj, "_researched_by"):  # shown twice on the page, read once
            names = [services.user_label(user) for user in researchers(obj)]
            obj._researched_by = ", ".join(names) or "Nobody yet"
        return obj._researched_by

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and obj.is_published:
            # The slug is the public permalink; the verdict and the conclusion change only
            # through a correction, for editors too.
            readonly += ["slug", "verdict", "conclusion"]
        if not request.user.has_perm(services.PUBLISH_PERMISSION):
            # Fact-checkers take claims with "Assign to me"; editors assign anyone.
            readonly.append("researcher")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is only filled in while adding; afterwards it may be read-only.
        return self.prepopulated_fields if obj is None else {}

    def view_on_site(self, obj):
        # Drafts have no public page.
        return obj.get_absolute_url() if obj.is_published else None

    def save_model(self, request, obj, form, change):
        if change and STEP_BUTTON in request.POST:
            return  # saved once, with the step, after its inlines: see save_related()
        self.save_claim(request, obj, form, change)

    def save_claim(self, request, obj, form, change):
        # DeskAdmin raises the version of a changed claim.
        if (
            not change
            and obj.researcher_id is None
            and not request.user.has_perm(services.PUBLISH_PERMISSION)
        ):
            obj.researcher = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ReviewNote:
            return super().save_formset(request, form, formset, change)
        notes = formset.save(commit=False)
        for note in formset.deleted_objects:
            note.delete()
        for note in notes:
            # A new note is always its writer's.
            if note._state.adding:
                note.author = request.user
            note.save()
        formset.save_m2m()

    # The workflow: step buttons in the claim's own form, step pages for the steps that ask
    # something first, and bulk actions on the changelist.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/step/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="claims_claim_transition",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["steps"] = [
                (step, step.asks(obj, request.user))
                for step in services.available_transitions(obj, request.user)
            ]
            context["researched_by"] = self.researched_by(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "step_refusal", None)
        if refusal is None:
            return form

        class RefusedStepForm(form):
            """The form of a click whose step was refused: shown again with the reason, and
            invalid, so that this second pass saves nothing."""

            def clean(self):
                cleaned_data = super().clean()
                self.add_error(None, forms.ValidationError(refusal, code="step_refused"))
                return cleaned_data

        return RefusedStepForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A step button of the change form: the edits, the inlines and the step in one
        transaction, the claim saved once; a refused step rolls all of it back."""
        name = request.POST.get(STEP_BUTTON) if request.method == "POST" and object_id else None
        if name is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        if name not in services.TRANSITIONS:
            raise BadRequest("No such step.")
        request.claim_step = {"step": services.TRANSITIONS[name], "taken": False, "saved": False}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StepRefused as refused:
            # The transaction is rolled back: show the form again, input kept, with the reason.
            request.step_refusal = f"{request.claim_step['step'].label}: {refused.message}"
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        clicked = getattr(request, "claim_step", None) if change else None
        edited = form.has_changed() or any(formset.has_changed() for formset in formsets)
        super().save_related(request, form, formsets, change)
        if clicked is None:
            return
        step, claim = clicked["step"], form.instance
        if step.asks(claim, request.user):
            # A step with its own page: save the edits first (if any), then open the page.
            problem = step.why_not(claim, request.user)
            if problem:
                raise StepRefused(problem)
            if edited:
                self.save_claim(request, claim, form, change)
                clicked["saved"] = True
            return
        try:
            step.run(claim=claim, user=request.user, keep_edits=True)
        except services.TransitionError as exc:
            raise StepRefused(exc.message) from exc
        clicked["taken"] = True

    def warn_if_long(self, request, obj):
        # Called once the save went through (a refused step saves nothing and says so instead).
        if len(obj.claim_reviewed) > CLAIM_REVIEWED_BEST_LENGTH:
            messages.warning(
                request,
                f"“Claim reviewed” has {len(obj.claim_reviewed)} characters: fact-check "
                f"aggregators show about {CLAIM_REVIEWED_BEST_LENGTH}, so readers there may "
                "see it cut. Saved all the same.",
            )

    def response_add(self, request, obj, post_url_continue=None):
        self.warn_if_long(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.warn_if_long(request, obj)
        clicked = getattr(request, "claim_step", None)
        if clicked is None:
            return super().response_change(request, obj)
        step = clicked["step"]
        if clicked["taken"]:
            self.report_step(request, step, obj)
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[obj.pk]))
        if clicked["saved"]:
            messages.success(request, f"Your changes to “{obj}” were saved.")
        return HttpResponseRedirect(
            reverse("admin:claims_claim_transition", args=[obj.pk, step.name])
        )

    def report_step(self, request, step, claim):
        messages.success(request, f"{step.label}: done for “{claim}”.")
        for warning in step.warnings(claim) if step.warnings else []:
            messages.warning(request, warning)

    def transition_view(self, request, object_id, name):
        """The page of a step that asks something first: a note, a reason, a correction, or a
        confirmation. Steps that ask nothing are buttons of the claim's own form."""
        claim = self.get_object(request, unquote(object_id))
        transition = services.TRANSITIONS.get(name)
        if claim is None or transition is None:
            raise Http404("No such claim or step.")
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        asks = transition.asks(claim, request.user)
        if not asks:
            raise Http404("This step is a button on the claim's page.")
        form_class = TRANSITION_FORMS[asks]
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    transition.run(claim=claim, user=request.user, **form.cleaned_data)
                except services.TransitionError as exc:
                    form.add_error(None, exc.message)
                else:
                    self.report_step(request, transition, claim)
                    return HttpResponseRedirect(change_url)
        else:
            form = form_class(initial={"opened_version": claim.version})
        context = {
            **self.admin_site.each_context(request),
            "title": f"{transition.label}: {claim}",
            "opts": self.opts,
            "original": claim,
            "transition": transition,
            "question": transition.question(claim, request.user) if transition.question else "",
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/claims/claim/transition.html", context)

    def run_bulk(self, request, queryset, name, **arguments):
        """Run one step on each selected claim and report, claim by claim, what happened."""
        transition = services.TRANSITIONS[name]
        done = []
        for claim in queryset:
            try:
                claim = transition.run(claim=claim, user=request.user, **arguments)
            except services.TransitionError as exc:
                messages.warning(
                    request, f"“{truncated(str(claim), 60)}” was left as it was: {exc.message}"
                )
            else:
                done.append(f"“{truncated(str(claim), 60)}”")
                for warning in transition.warnings(claim) if transition.warnings else []:
                    messages.warning(request, warning)
        if done:
            messages.success(
                request, f"{transition.label}: done for {len(done)} claim(s): {', '.join(done)}."
            )

    def confirm_selected(self, request, queryset, *, action, title, intro, rows, submit, form=None):
        """A bulk step's confirmation page, as Django's delete action has: the selected claims,
        a note on each (what blocks it, whose it is), and the button that takes the step."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.opts,
            "queryset": queryset,
            "rows": rows,
            "action": action,
            "submit": submit,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/claim/confirm_selected.html", context)

    @admin.action(description="Assign the selected claims to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        taken = [
            (claim, [services.taking_over(claim, request.user)])
            for claim in queryset.select_related("researcher")
        ]
        if "apply" in request.POST or not any(question for _, (question,) in taken):
            self.run_bulk(request, queryset, "assign", confirmed="apply" in request.POST)
            return None
        return self.confirm_selected(
            request,
            queryset,
            action="assign_to_me",
            title="Take over claims",
            intro="Some of these claims are a colleague's. They become yours:",
            rows=[(claim, [q for q in questions if q]) for claim, questions in taken],
            submit="Assign them to me",
        )

    @admin.action(description="Submit the selected claims for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_bulk(request, queryset, "submit_for_review")

    @admin.action(description="Publish the selected claims…", permissions=["publish"])
    def publish(self, request, queryset):
        if "apply" in request.POST:
            self.run_bulk(request, queryset, "publish")
            return None
        rows = [
            (claim, services.publish_problems(claim, request.user))
            for claim in queryset.select_related("researcher")
        ]
        ready = sum(1 for _, problems in rows if not problems)
        return self.confirm_selected(
            request,
            queryset,
            action="publish",
            title="Publish claims",
            intro=f"{ready} of these {len(rows)} claims can be published; readers see them at once."
            if ready
            else "None of these claims can be published yet:",
            rows=rows,
            submit=f"Publish {ready} claim(s)" if ready else "",
        )

    @admin.action(
        description="Send the selected claims back for research…", permissions=["publish"]
    )
    def send_back(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_bulk(request, queryset, "send_back", note=form.cleaned_data["note"])
            return None
        return self.confirm_selected(
            request,
            queryset,
            action="send_back",
            title="Send claims back for research",
            intro="These claims go back to research, each with the note below as an internal note:",
            rows=[(claim, []) for claim in queryset],
            submit="Send back",
            form=form,
        )

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)
