"""The entries of a History page, in words an editor reads: labels instead of stored codes and
ids, "—" for empty values, whole change reasons, and long texts shown around what changed, cut
between words. A page may list the history of related rows with the object's own."""

from collections import defaultdict
from dataclasses import dataclass, field
from os.path import commonprefix

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst

from claims.services import user_label

EMPTY = "—"
# A changed text longer than this is shown around the change, cut between words.
LONG_TEXT = 300
# How much unchanged text is kept on either side of a change in a long text.
CONTEXT = 80


def _word_start(text, index):
    """The start of the word at index, so that a cut never falls inside a word."""
    if index <= 0:
        return 0
    space = max(text.rfind(" ", 0, index), text.rfind("\n", 0, index))
    return space + 1 if space >= 0 else 0


def _word_end(text, index):
    if index >= len(text):
        return len(text)
    ends = [i for i in (text.find(" ", index), text.find("\n", index)) if i >= 0]
    return min(ends) if ends else len(text)


def around_change(old, new):
    """old and new, each cut to the passage that differs with a little context on either side,
    between words and marked with "…"; short texts are returned whole."""
    if len(old) <= LONG_TEXT and len(new) <= LONG_TEXT:
        return old, new
    same_start = len(commonprefix([old, new]))
    same_end = len(commonprefix([old[same_start:][::-1], new[same_start:][::-1]]))
    start = _word_start(old, same_start - CONTEXT)

    def cut(text):
        end = _word_end(text, len(text) - same_end + CONTEXT)
        passage = text[start:end]
        if len(passage) > LONG_TEXT:
            passage = passage[: _word_start(passage, LONG_TEXT)].rstrip()
            end = start + len(passage)
        return f"{'…' if start else ''}{passage.strip()}{'…' if end < len(text) else ''}"

    return cut(old), cut(new)


class RowLabels:
    """Names of the rows that history entries refer to by id, fetched once per model."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self):
        for model, pks in self.wanted.items():
            self.found[model] = model._base_manager.in_bulk(pks)

    def label(self, model, pk):
        obj = self.found.get(model, {}).get(pk)
        if obj is None:
            return f"deleted {model._meta.verbose_name} #{pk}"
        return user_label(obj) if model is get_user_model() else str(obj)


def display(model_field, value, labels):
    """A stored value as an editor reads it: labels for choices and related rows."""
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return labels.label(model_field.related_model, value)
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(model_field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


@dataclass
class Change:
    field: str
    old: str
    new: str
    first: bool = False  # the row's first version: there is no old value to show


@dataclass
class HistoryEntry:
    """One row of a History page: a saved version of the object or of one of its related rows."""

    record: object
    model: type
    subject_field: str = ""  # names a related row ("source" for evidence); empty for the object
    changes: list = field(default_factory=list)
    raw_changes: list = field(default_factory=list)
    subject: str = ""
    url: str = ""

    @property
    def object_id(self):
        """The id of the row this is a version of (a historical record's own pk is history_id)."""
        return getattr(self.record, self.model._meta.pk.attname)

    @property
    def date(self):
        return self.record.history_date

    @property
    def user(self):
        user = self.record.history_user
        return user_label(user) if user else EMPTY

    @property
    def action(self):
        return self.record.get_history_type_display()

    @property
    def reason(self):
        return self.record.history_change_reason or EMPTY


def _raw_changes(model, record, previous, parent_field):
    """[(model field, old, new)] between two versions of a row; for a related row's first
    version, its filled-in fields."""
    opts = model._meta
    if previous is not None:
        delta = record.diff_against(previous)
        changes = [(opts.get_field(c.field), c.old, c.new) for c in delta.changes]
    elif parent_field and record.history_type == "+":
        changes = [
            (f, None, getattr(record, f.attname))
            for f in opts.concrete_fields
            if f.editable and not f.primary_key and f.name != parent_field
        ]
        changes = [c for c in changes if c[2] not in (None, "")]
    else:
        return []
    # In the order of the form, not alphabetical.
    order = {f.name: i for i, f in enumerate(opts.concrete_fields)}
    return sorted(changes, key=lambda c: order.get(c[0].name, 0))


def history_entries(model, obj, includes):
    """Every saved version of obj and of its related rows named in includes ({reverse accessor:
    the field that names each row}), newest first, each with its raw changes against the
    version before it."""

    def history_of(row_model):
        return getattr(row_model, row_model._meta.simple_history_manager_attribute)

    pk_name = model._meta.pk.attname
    sources = [(model, history_of(model).filter(**{pk_name: obj.pk}), "", "")]
    for accessor, subject_field in includes.items():
        relation = model._meta.get_field(accessor)
        related = relation.related_model
        parent = relation.field.name
        records = history_of(related).filter(**{f"{parent}_id": obj.pk})
        sources.append((related, records, subject_field, parent))
    entries = []
    for row_model, records, subject_field, parent in sources:
        previous_of = {}
        # Oldest first, so each version is compared with the one before it of the same row.
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            entry = HistoryEntry(record, row_model, subject_field)
            previous = previous_of.get(entry.object_id)
            entry.raw_changes = _raw_changes(row_model, record, previous, parent)
            entries.append(entry)
            previous_of[entry.object_id] = record
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries


def describe_entries(entries):
    """Turn the raw changes of one page of entries into labels, with one query per model
    they refer to."""
    labels = RowLabels()
    for entry in entries:
        for model_field, old, new in entry.raw_changes:
            if model_field.is_relation:
                labels.want(model_field.related_model, old)
                labels.want(model_field.related_model, new)
        if entry.subject_field:
            subject = entry.model._meta.get_field(entry.subject_field)
            if subject.is_relation:
                labels.want(subject.related_model, getattr(entry.record, subject.attname))
    labels.fetch()
    for entry in entries:
        for model_field, old, new in entry.raw_changes:
            old, new = display(model_field, old, labels), display(model_field, new, labels)
            if isinstance(model_field, models.TextField):
                old, new = around_change(old, new)
            first = entry.record.history_type == "+"
            entry.changes.append(Change(capfirst(model_field.verbose_name), old, new, first))
        opts = entry.model._meta
        if entry.subject_field:
            subject = opts.get_field(entry.subject_field)
            name = display(subject, getattr(entry.record, subject.attname), labels)
            entry.subject = f"{capfirst(opts.verbose_name)} #{entry.object_id}: {name}"
        else:
            entry.subject = capfirst(opts.verbose_name)
        try:
            entry.url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                args=[entry.object_id, entry.record.history_id],
            )
        except NoReverseMatch:  # a related model without an admin of its own
            entry.url = ""
