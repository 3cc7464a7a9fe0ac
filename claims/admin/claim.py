"""The claim admin: the editors' main screen, with the workflow and the lost-edit guard."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from claims import services
from claims.admin.desk import COMPACT_TEXTAREA, DeskAdmin, truncated
from claims.highlight import context_of
from claims.models import Claim, Correction, Evidence, ReviewNote, Verdict

# The claim changelist's default order: the desk's open work first, the step it waits for first.
IN_PROGRESS_FIRST = Case(
    When(status=Claim.Status.IN_REVIEW, then=0),
    When(status=Claim.Status.RESEARCHING, then=1),
    When(status=Claim.Status.NEW, then=2),
    default=3,
).asc()

# How much text the quote-in-context preview shows at most on either side of the quote.
CONTEXT_MAX_CHARS = 300


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "stance", "excerpt", "note", "order"]
    formfield_overrides = COMPACT_TEXTAREA


# On a published claim, inlines are read-only for whoever may not change the claim: Django
# disables every inline of a parent the user may not change (DeskAdmin decides that).
class ReviewNoteInline(admin.TabularInline):
    model = ReviewNote
    extra = 0
    fields = ["body", "visibility", "author", "created_at"]
    # The author is whoever writes the note (set on save), never a choice.
    readonly_fields = ["author", "created_at"]
    formfield_overrides = COMPACT_TEXTAREA


class ClaimAdminForm(forms.ModelForm):
    """The claim form, refusing to save over a colleague's newer edit (HAZARDS.md #1).

    The version the editor opened travels in a hidden field; if the claim has been saved since
    (in the admin, by a transition or a bulk action), the save is refused with who and when,
    and the editor's input stays on the form.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # Under a row lock (PostgreSQL) or SQLite's immediate write lock, so two saves that
        # check at the same moment cannot both pass.
        current = Claim.objects.select_for_update().get(pk=self.instance.pk)
        if cleaned_data.get("opened_version") != current.version:
            last = current.history.select_related("history_user").first()
            who = (
                services.user_label(last.history_user) if last and last.history_user else "Someone"
            )
            when = timezone.localtime(last.history_date) if last else current.updated_at
            # Saving again after reading the message is then a deliberate choice.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = current.version
            raise forms.ValidationError(
                "%(who)s changed this claim on %(date)s at %(time)s, after you opened it. "
                "Nothing was saved and your changes are still in the form below. Open the claim "
                "in a new tab to see their version; saving this form again will replace it.",
                code="edit_conflict",
                params={"who": who, "date": f"{when:%-d %B %Y}", "time": f"{when:%H:%M} {when:%Z}"},
            )
        return cleaned_data


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
            # Anyone's research but one's own: nobody reviews their own work.
            return queryset.filter(status=Claim.Status.IN_REVIEW).exclude(researcher=request.user)
        return queryset


class SendBackForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=5000,
        help_text="What needs more work. Kept as an internal note for the fact-checker.",
    )


class NotCheckableForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=5000,
        help_text="Why this claim cannot be checked, e.g. an opinion or a prediction. Internal.",
    )


class CorrectionForm(forms.Form):
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


# Steps that ask for text first, and the form that asks for it; the key is the service's argument.
TRANSITION_FORMS = {"note": SendBackForm, "reason": NotCheckableForm, "correction": CorrectionForm}


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
        "status",
        "verdict",
        ("article", admin.RelatedOnlyFieldListFilter),
        ("claimant", admin.RelatedOnlyFieldListFilter),
        ("researcher", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["quote", "claim_reviewed", "conclusion"]
    # Work in progress first (waiting for review, then research, then new), each latest first.
    ordering = [IN_PROGRESS_FIRST, "-updated_at", "-pk"]
    autocomplete_fields = ["article", "claimant", "researcher", "reviewer"]
    prepopulated_fields = {"slug": ("claim_reviewed",)}
    readonly_fields = [
        "quote_in_context",
        "span_start",
        "span_end",
        "status",
        "reviewer",
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
        ("Verdict", {"fields": ["status", "verdict", "conclusion", "opened_version"]}),
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
    # The claim's History also lists the changes to its evidence, notes and corrections.
    history_includes = {"evidence": "source", "notes": "author", "corrections": "kind"}
    actions = ["assign_to_me", "submit_for_review", "publish", "send_back"]
    change_form_template = "admin/claims/claim/change_form.html"

    class Media:
        css = {"all": ["css/desk-admin.css"]}

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # nothing to guard while adding
            fieldsets = [
                (
                    name,
                    {**options, "fields": [f for f in options["fields"] if f != "opened_version"]},
                )
                for name, options in fieldsets
            ]
        return fieldsets

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is only filled in while adding; afterwards it may be read-only.
        return self.prepopulated_fields if obj is None else {}

    def view_on_site(self, obj):
        # Drafts have no public page.
        return obj.get_absolute_url() if obj.is_published else None

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        elif obj.researcher_id is None and not request.user.has_perm(services.PUBLISH_PERMISSION):
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

    # The workflow: buttons on the claim page, and bulk actions on the changelist.

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
            context["transitions"] = services.available_transitions(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, object_id, name):
        claim = self.get_object(request, unquote(object_id))
        transition = services.TRANSITIONS.get(name)
        if claim is None or transition is None:
            raise Http404("No such claim or step.")
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        form_class = TRANSITION_FORMS.get(transition.needs)
        if form_class is None and request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = (
            form_class(request.POST if request.method == "POST" else None) if form_class else None
        )
        if request.method == "POST" and (form is None or form.is_valid()):
            arguments = form.cleaned_data if form else {}
            try:
                transition.run(claim=claim, user=request.user, **arguments)
            except services.TransitionError as exc:
                if form is None:
                    messages.error(request, f"{transition.label}: {exc.message}")
                    return HttpResponseRedirect(change_url)
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"{transition.label}: done for “{claim}”.")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{transition.label}: {claim}",
            "opts": self.opts,
            "original": claim,
            "transition": transition,
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
                transition.run(claim=claim, user=request.user, **arguments)
            except services.TransitionError as exc:
                messages.warning(
                    request, f"“{truncated(str(claim), 60)}” was left as it was: {exc.message}"
                )
            else:
                done.append(f"“{truncated(str(claim), 60)}”")
        if done:
            messages.success(
                request, f"{transition.label}: done for {len(done)} claim(s): {', '.join(done)}."
            )

    @admin.action(description="Assign the selected claims to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        self.run_bulk(request, queryset, "assign")

    @admin.action(description="Submit the selected claims for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_bulk(request, queryset, "submit_for_review")

    @admin.action(description="Publish the selected claims", permissions=["publish"])
    def publish(self, request, queryset):
        self.run_bulk(request, queryset, "publish")

    @admin.action(
        description="Send the selected claims back for research…", permissions=["publish"]
    )
    def send_back(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_bulk(request, queryset, "send_back", note=form.cleaned_data["note"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Send claims back for research",
            "opts": self.opts,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/claim/send_back_selected.html", context)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)
