"""Read-only History pages for every admin with django-simple-history (HAZARDS.md #11).

SIMPLE_HISTORY_REVERT_DISABLED only hides the Revert button: the library's version page still
builds the admin form around the old row and saves whatever is posted to it, checking only the
view permission. Here both History pages answer GET and HEAD only, a version is shown with every
field read-only (so prepopulated fields, which need an editable slug, play no part), and an id
that is not a row id is a 404 rather than a 500.

The History list's entries are built in claims/admin/history_entries.py.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, label_for_field, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import text
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.history_entries import describe_entries, history_entries

SAFE_METHODS = ("GET", "HEAD")
# The largest id a 64-bit primary key holds; beyond it SQLite raises OverflowError.
MAX_ROW_ID = 2**63 - 1


def row_id(value):
    """The integer id in a History URL, or a 404 for anything that cannot be a row's id."""
    value = unquote(value)
    if not (value.isascii() and value.isdecimal()) or not 0 < int(value) <= MAX_ROW_ID:
        raise Http404("No such record.")
    return int(value)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History (who, when, before and after) that can be read and never written through."""

    object_history_template = "admin/history_list.html"
    object_history_form_template = "admin/history_version.html"
    # Related rows whose history is listed with the object's: {reverse accessor: the field that
    # names each row}, e.g. {"evidence": "source"} on claims.
    history_includes = {}

    def history_view(self, request, object_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            # A model without simple history keeps Django's own (read-only) history page.
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        object_id = row_id(object_id)
        opts = self.model._meta
        history = getattr(self.model, opts.simple_history_manager_attribute)
        obj = self.get_queryset(request).filter(pk=object_id).first()
        if obj is None:  # a deleted object keeps its history
            last = history.filter(**{opts.pk.attname: object_id}).order_by("-history_date").first()
            if last is None:
                raise Http404("No such record.")
            obj = last.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied

        entries = history_entries(self.model, obj, self.history_includes)
        paginator = Paginator(entries, self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        describe_entries(page_obj.object_list)
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_view_title(request, obj),
            "subtitle": None,
            "module_name": capfirst(opts.verbose_name_plural),
            "object": obj,
            "opts": opts,
            "app_label": opts.app_label,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > self.history_list_per_page,
            "includes": text.get_text_list(
                [
                    str(self.model._meta.get_field(name).related_model._meta.verbose_name_plural)
                    for name in self.history_includes
                ],
                "and",
            ),
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_template, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One saved version of the object, every field read-only."""
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        object_id, version_id = row_id(object_id), row_id(version_id)
        opts = self.model._meta
        history_model = getattr(self.model, opts.simple_history_manager_attribute).model
        record = get_object_or_404(
            history_model.objects.select_related("history_user"),
            **{opts.pk.attname: object_id, "history_id": version_id},
        )
        obj = record.instance
        obj._state.adding = False
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied

        fieldsets = self.history_fieldsets(request, obj)
        # A form without fields: every field is shown read-only from the old row.
        form = forms.modelform_factory(self.model, fields=())(instance=obj)
        admin_form = helpers.AdminForm(
            form, fieldsets, {}, flatten_fieldsets(fieldsets), model_admin=self
        )
        url_name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"{capfirst(opts.verbose_name)} as saved on this version: {obj}",
            "subtitle": None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "record": record,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": None,
            "app_label": opts.app_label,
            "opts": opts,
            "original_opts": opts,
            "changelist_url": reverse(f"{url_name}_changelist"),
            "change_url": reverse(f"{url_name}_change", args=[object_id]),
            "history_url": reverse(f"{url_name}_history", args=[object_id]),
            "change_history": False,
            "revert_disabled": True,
            "add": False,
            "change": True,
            "has_add_permission": False,
            "has_view_permission": True,
            "has_change_permission": False,
            "has_delete_permission": False,
            "has_editable_inline_admin_formsets": False,
            "has_file_field": False,
            "has_absolute_url": False,
            "form_url": "",
            "save_as": False,
            "save_on_top": False,
            "show_save": False,
            "root_path": None,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)

    def history_fieldsets(self, request, obj):
        """The change form's fieldsets without form-only fields (such as a hidden version)."""

        def shown(name):
            try:
                label_for_field(name, self.model, self)
            except AttributeError:
                return False
            return True

        fieldsets = []
        for name, options in self.get_fieldsets(request, obj):
            rows = []
            for row in options["fields"]:
                row = [f for f in row if shown(f)] if isinstance(row, (list, tuple)) else row
                if row and (not isinstance(row, str) or shown(row)):
                    rows.append(row)
            if rows:
                fieldsets.append((name, {**options, "fields": rows}))
        return fieldsets
