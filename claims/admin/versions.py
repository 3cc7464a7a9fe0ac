"""The lost-edit guard (HAZARDS.md #1), for every model editors change and every inline row.

Each change form, and each existing row of an inline, carries the version of the object it was
opened at in a hidden `opened_version`. On save the object is re-read under a row lock
(PostgreSQL) or SQLite's immediate write lock, inside the admin's one transaction for the whole
page; if anyone saved it since, the save is refused with who did it and when, nothing on the page
is saved, and the editor's input stays on the form. The refused form then carries the current
version, so saving again after reading the message is a deliberate overwrite.

DeskAdmin (claims/admin/desk.py) applies this to its own form and to every inline; a custom
admin form should subclass VersionGuardForm, a custom inline VersionGuardInline.
"""

import functools

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from claims.models import Versioned
from claims.services import user_label

VERSION_FIELD = "opened_version"


def is_versioned(model):
    return issubclass(model, Versioned)


def who_and_when(model, pk, *, deleted=False):
    """'Eddie Editor changed this source on 5 September 2025 at 22:40 UTC', from the history."""
    verb = "deleted" if deleted else "changed"
    rows = model.history.filter(**{model._meta.pk.attname: pk})
    if deleted:
        rows = rows.filter(history_type="-")
    last = rows.select_related("history_user").order_by("-history_date", "-history_id").first()
    name = model._meta.verbose_name
    if last is None:
        return f"Someone {verb} this {name}"
    who = user_label(last.history_user) if last.history_user else "Someone"
    when = timezone.localtime(last.history_date)
    return f"{who} {verb} this {name} on {when:%-d %B %Y} at {when:%H:%M} {when:%Z}"


def with_version_field(fieldsets, guarded):
    """The fieldsets with the hidden version in the first one when `guarded`, else without it."""
    fieldsets = [
        (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
        for name, options in fieldsets
    ]
    if guarded and fieldsets:
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
    return fieldsets


class VersionGuardForm(forms.ModelForm):
    """A model form that refuses to save over a newer version of its object."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set by VersionGuardInlineFormSet on the rows that showed an existing object.
    existing_row = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked_version = None  # the version read under the lock, once clean() passed
        self.edit_conflict = None  # the refusal, if any
        if self.guarded and self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.version

    @property
    def guarded(self):
        return isinstance(self.instance, Versioned)

    def clean(self):
        cleaned_data = super().clean()
        if not self.guarded:
            return cleaned_data
        model = type(self.instance)
        deleting = bool(cleaned_data.get(forms.formsets.DELETION_FIELD_NAME))
        if self.instance.pk is None:
            # A row that showed an object which is gone now (deleting it too is no conflict).
            if self.existing_row and not deleting:
                self._refuse(self._deleted_message(model, self._posted_pk()), version=None)
            return cleaned_data
        # Nested in the admin's transaction (a savepoint), so the lock lasts until the whole
        # page is saved; atomic() also makes select_for_update legal on PostgreSQL when a form
        # is used outside a request's transaction.
        with transaction.atomic():
            current = (
                model._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .only("version")
                .first()
            )
        if current is None:  # deleted between loading the page's objects and this lock
            if not deleting:
                self._refuse(self._deleted_message(model, self.instance.pk), version=None)
        elif cleaned_data.get(VERSION_FIELD) != current.version:
            self._refuse(self._changed_message(model, deleting), version=current.version)
        else:
            self.locked_version = self.instance.version = current.version
        return cleaned_data

    def _posted_pk(self):
        """The id an inline row was opened with."""
        pk_field = self._meta.model._meta.pk
        try:
            return pk_field.to_python(self.data.get(self.add_prefix(pk_field.name)) or None)
        except ValidationError:
            return None

    def _refuse(self, message, *, version):
        self.edit_conflict = message
        if version is not None:
            # The form now carries the current version: saving again is a deliberate overwrite.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = version
        self.add_error(None, ValidationError(message, code="edit_conflict"))

    def _changed_message(self, model, deleting):
        who = who_and_when(model, self.instance.pk)
        name = model._meta.verbose_name
        if deleting:
            return (
                f"{who}, after you opened this page, so it was not deleted and nothing on the "
                f"page was saved. Open the {name} in a new tab to see their version; saving "
                "again will delete it."
            )
        if self.existing_row:
            return (
                f"{who}, after you opened this page. Nothing on the page was saved and your "
                f"changes are still in the form. Open the {name} in a new tab to see their "
                "version; saving again will replace it with this row."
            )
        return (
            f"{who}, after you opened it. Nothing was saved and your changes are still in the "
            f"form below. Open the {name} in a new tab to see their version; saving this form "
            "again will replace it."
        )

    def _deleted_message(self, model, pk):
        who = (
            who_and_when(model, pk, deleted=True)
            if pk is not None
            else f"Someone deleted a {model._meta.verbose_name}"
        )
        # The admin cannot show a row whose object is gone, so the message keeps the text.
        typed = "; ".join(
            f"{self[name].label}: “{value}”"
            for name, value in self.cleaned_data.items()
            if isinstance(value, str) and value.strip() and name in self.changed_data
        )
        return (
            f"{who}, after you opened this page, so your changes to it cannot be saved and "
            "nothing on the page was saved. Reload the page to continue."
            + (f" What you had written in it: {typed}." if typed else "")
        )

    def save(self, commit=True):
        # An inline row is saved here; the page's own object by VersionGuardAdmin.save_model.
        if self.existing_row and self.locked_version is not None:
            self.instance.version = self.locked_version + 1
        return super().save(commit)


class VersionGuardInlineFormSet(BaseInlineFormSet):
    """Inline rows each guarded; a refused row stops the save of the whole page."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.existing_row = i < self.initial_form_count()
        return form

    def clean(self):
        super().clean()
        refused = [form for form in self.forms if getattr(form, "edit_conflict", None)]
        # The admin does not show a row whose object is gone, so its message goes on top; a
        # formset ignores the errors of rows marked for deletion, so those are refused here.
        gone = [form.edit_conflict for form in refused if form.instance.pk is None]
        if gone:
            raise ValidationError(gone, code="edit_conflict")
        if refused:
            raise ValidationError(
                "Someone changed a row below after you opened this page; nothing was saved. "
                "See the message on that row.",
                code="edit_conflict",
            )


class VersionGuardInline:
    """Mixin for an inline admin: each existing row carries and checks its version."""

    form = VersionGuardForm
    formset = VersionGuardInlineFormSet

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return with_version_field(
            fieldsets, is_versioned(self.model) and self.has_change_permission(request, obj)
        )


@functools.cache
def guarded_form(form):
    """`form`, or a subclass of it with the guard when it lacks one."""
    if issubclass(form, VersionGuardForm):
        return form
    return type(form.__name__, (VersionGuardForm, form), {"__module__": form.__module__})


@functools.cache
def guarded_inline(inline):
    """`inline`, or a subclass of it with the guard (form and formset) when it lacks one."""
    if issubclass(inline, VersionGuardInline) or not is_versioned(inline.model):
        return inline
    attrs = {
        "__module__": inline.__module__,
        "form": guarded_form(inline.form),
        "formset": (
            inline.formset
            if issubclass(inline.formset, VersionGuardInlineFormSet)
            else type("GuardedFormSet", (VersionGuardInlineFormSet, inline.formset), {})
        ),
    }
    return type(inline.__name__, (VersionGuardInline, inline), attrs)


class VersionGuardAdmin:
    """Mixin for a ModelAdmin (DeskAdmin uses it): the guard on the change form, every inline
    and the delete page, and a clear message when the object was deleted meanwhile."""

    delete_confirmation_template = "admin/desk/delete_confirmation.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if is_versioned(model):
            self.form = guarded_form(self.form)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        guarded = (
            is_versioned(self.model)
            and obj is not None
            and self.has_change_permission(request, obj)
        )
        return with_version_field(fieldsets, guarded)

    def save_model(self, request, obj, form, change):
        if change and is_versioned(self.model):
            obj.version += 1  # from the version the guard read under the lock
        super().save_model(request, obj, form, change)

    def get_inlines(self, request, obj):
        return [guarded_inline(inline) for inline in super().get_inlines(request, obj)]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's own message ("… doesn't exist. Perhaps it was deleted?"), with who and when
        # when the history knows.
        if not is_versioned(self.model):
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        deleted = self.model.history.filter(
            **{self.model._meta.pk.attname: pk}, history_type="-"
        ).exists()
        if not deleted:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        message = f"{who_and_when(self.model, pk, deleted=True)}."
        if request.method == "POST":
            message += " Nothing was saved."
        self.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST" or not is_versioned(self.model):
            return super().delete_view(request, object_id, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self.get_object(request, unquote(object_id))
            # The confirmation page sends the version it showed; a POST without one (not from
            # that page) gets Django's own checks.
            opened = request.POST.get(VERSION_FIELD)
            if opened is not None and obj is not None and self.has_delete_permission(request, obj):
                current = self.model._default_manager.select_for_update().get(pk=obj.pk)
                if opened != str(current.version):
                    self.message_user(
                        request,
                        f"{who_and_when(self.model, obj.pk)}, after you opened this page, so it "
                        "was not deleted. Open it to see their changes; confirming again "
                        "deletes it.",
                        messages.ERROR,
                    )
                    return HttpResponseRedirect(request.get_full_path())
            return super().delete_view(request, object_id, extra_context)
