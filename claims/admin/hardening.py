"""Hostile input in the admin answers 400 with a clear message, never 500 (issue 10 §2).

Every admin of the desk inherits HardenedAdminMixin (DeskAdmin, the user and group admins, and
any other registered admin: tests/test_fuzz.py checks it); inlines take SafeAutocompleteMixin.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

# SQLite and PostgreSQL store integer keys in 64 bits; Python's int has no limit, and SQLite
# raises OverflowError (a 500) on a larger one instead of finding nothing.
INTEGER_KEY_RANGE = range(-(2**63), 2**63)


def is_valid_key(field, value):
    """Whether `value` (from a request) could be a stored value of the key `field`."""
    try:
        python_value = field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return not isinstance(python_value, int) or python_value in INTEGER_KEY_RANGE


def bad_request(request, model_admin, message):
    """A 400 inside the admin's frame, saying what was wrong and where to go back to."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "This request cannot be handled",
        "message": message,
        "opts": model_admin.opts,
    }
    return TemplateResponse(request, "admin/bad_request.html", context, status=400)


class SafeAutocompleteSelect(AutocompleteSelect):
    """Re-rendering a refused form must not look up a value that cannot be a key.

    Django's widget queries the posted value as it came: `article=abc` raised ValueError (and an
    out-of-range number OverflowError on SQLite) while showing the form's error, a 500.
    """

    # {str(key): row} of rows already loaded with the form's instance (an inline row's source),
    # whose label is then shown without a query per form (KnownChoicesFormSet).
    known = None

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        value = [v for v in value if v in (None, "") or is_valid_key(target, str(v))]
        chosen = {str(v) for v in value if v not in (None, "")}
        if not (self.known and chosen and chosen <= self.known.keys()):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in sorted(chosen):
            row = self.known[key]
            label = self.choices.field.label_from_instance(row)
            value = getattr(row, target.attname)
            options.append(self.create_option(name, value, label, chosen, len(options)))
        return [(None, options, 0)]


class KnownChoicesFormSet:
    """An inline formset whose autocomplete fields name, for each row, the related row its
    queryset already loaded (select_related), so rendering N rows costs no N queries."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            related = form.instance._state.fields_cache.get(name)
            if isinstance(widget, SafeAutocompleteSelect) and related is not None:
                widget.known = {str(related.pk): related}
        return form


class SafeAutocompleteMixin:
    """For model admins and inlines: autocomplete widgets that survive any posted value."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HardenedAdminMixin(SafeAutocompleteMixin):
    """Changelist filters and bulk actions refuse values that cannot be keys with a 400."""

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except OverflowError:
            # A filter such as ?pk__in=9223372036854775808: SQLite cannot bind the number.
            return bad_request(
                request,
                self,
                "A filter in this address holds a number too large to be an id. "
                "Open the list again from the menu.",
            )

    def response_action(self, request, queryset, *args, **kwargs):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        bad = [value for value in selected if not is_valid_key(self.opts.pk, value)]
        if bad:
            return bad_request(
                request,
                self,
                f"The selection holds {len(bad)} value(s) that are not "
                f"{self.opts.verbose_name} ids, so nothing was done. "
                "Select the rows again on the list.",
            )
        return super().response_action(request, queryset, *args, **kwargs)
