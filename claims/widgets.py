"""Form widgets that write their HTML in Python: the same markup as Django's own templates.

Django renders a widget through the template engine, and a <select> through one more template per
<option> (django/forms/widgets/select_option.html, with an include of attrs.html in each). The
claim list's filter form has two selects of up to 100 options (the short lists in
claims/filters.py): rendering them that way was about 40% of the page's time. These widgets
produce, byte for byte, what Django's templates produce (tests/test_widgets.py compares them), with
the same escaping; everything else (values, selection, attributes such as aria-invalid) is
Django's own code.
"""

from html import escape

from django import forms
from django.forms.widgets import Input as DjangoInput
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def render_attrs(attrs):
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for
    False."""
    return "".join(
        f" {escape(str(name))}" if value is True else f' {escape(str(name))}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value):
    # As {{ value }} in a template: localized, then escaped unless already marked safe.
    return conditional_escape(localize(value))


class Select(forms.Select):
    """forms.Select, as django/forms/widgets/select.html renders it (option groups included)."""

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        parts = [f'<select name="{escape(str(name))}"{render_attrs(attrs)}>']
        has_selected = False
        for group_value, group_label in self.choices:
            if group_value is None:
                group_value = ""
            if isinstance(group_label, (list, tuple)):
                group_name, options = group_value, group_label
            else:
                group_name, options = None, [(group_value, group_label)]
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option_value, option_label in options:
                selected = (not has_selected or self.allow_multiple_selected) and (
                    str(option_value) in values
                )
                has_selected |= selected
                # Each option ends with a line break, as select_option.html does.
                parts.append(
                    f'\n  <option value="{escape(str(option_value))}"'
                    f"{' selected' if selected else ''}>{_text(option_label)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class Input(DjangoInput):
    """forms.Input's subclasses, as django/forms/widgets/input.html renders them."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        value_attr = "" if value is None else f' value="{escape(str(value))}"'
        attrs = render_attrs(self.build_attrs(self.attrs, attrs))
        return mark_safe(
            f'<input type="{escape(str(self.input_type))}" name="{escape(str(name))}"'
            f"{value_attr}{attrs}>"
        )


class TextInput(Input, forms.TextInput):
    pass


class DateInput(Input, forms.DateInput):
    pass
