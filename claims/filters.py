from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Sum
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from claims.models import Article, Claim, Claimant, Verdict
from claims.paging import rows_of_page
from claims.public_cache import current_stamp, per_stamp
from claims.search import MAX_LENGTH as SEARCH_MAX_LENGTH
from claims.search import RankedWindow, newest_matches
from claims.search import search as search_claims
from claims.widgets import DateInput, Select, TextInput

# How many articles and claimants the filter form offers (HAZARDS.md #5 and #14).
SHORT_LIST_LENGTH = 100

NEWEST = ["-published_at", "-pk"]
VERDICT_ORDERS = {"verdict", "-verdict"}


def start_of_day(day):
    """When `day` starts in the site's time zone (None past what a datetime can hold)."""
    try:
        return timezone.make_aware(datetime.combine(day, time.min))
    except (OverflowError, ValueError):
        return None


class ShortListIterator(ModelChoiceIterator):
    """The field's short list of choices, with the chosen row first when it is not among them.

    The short list's choices are read once per public stamp in each process (per_stamp) when the
    field knows the request's stamp, and shared by every reader: the chosen row is added to this
    reader's choices, never to the shared ones.
    """

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.shown.all()  # a fresh query each time, never a cached one

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = per_stamp(self.field.stamp, self.field.remembered_as, self.short_list)
        chosen = self.field.chosen
        if chosen is not None and all(value.instance != chosen for value, _ in choices):
            yield self.choice(chosen)
        yield from choices

    def short_list(self):
        return tuple(self.choice(row) for row in self.queryset)


class ShortListChoiceField(forms.ModelChoiceField):
    """A <select> of a few rows (`shown`) that accepts any row of `queryset`.

    Readers pick from the short list or arrive with any article or claimant in the URL (from its
    page); a value from the URL is checked with one lookup by its unique slug, so neither the
    list nor the check grows with the archive.
    """

    iterator = ShortListIterator
    widget = Select

    def __init__(self, *args, shown, **kwargs):
        self.shown = shown
        self.chosen = None
        # The request's public stamp and a name for the short list in per_stamp, set on each
        # form's own fields by the FilterSet (ClaimFilter.form); without a stamp every render
        # reads the list.
        self.stamp = self.remembered_as = None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        self.chosen = super().to_python(value)
        return self.chosen


class ShortListChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ShortListChoiceField


DATE_ERROR = "Enter a date as year-month-day, for example 2025-09-04."


class ClaimFilterForm(forms.Form):
    """The filter form: each error names the filter to fix."""

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("published_after"), cleaned.get("published_before")
        if after and before and after > before:
            self.add_error(
                "published_before", "Choose a date on or after the “Published from” date."
            )
        return cleaned


class ClaimFilter(django_filters.FilterSet):
    """The public claim filters: one FilterSet for the HTML list, the CSV export and the API."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": "Use at most %(limit_value)d characters (this search has %(show_value)d)."
        },
        widget=TextInput(attrs={"type": "search", "placeholder": "Words in the claim"}),
    )
    # Every verdict is shown; a short list's iterator reads them with one plain query, where
    # ModelChoiceField's uses .iterator(): a server-side cursor on PostgreSQL (DECLARE, FETCH,
    # CLOSE), three round trips for a handful of rows on every render of the list.
    verdict = ShortListChoiceFilter(
        field_name="verdict",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Verdict.objects.all(),
        shown=Verdict.objects.all(),
        empty_label="Any verdict",
        error_messages={"invalid_choice": "Choose a verdict from the list."},
    )
    # Readers pick among the most-checked claimants and the latest articles, or come with any
    # other one in the URL; only those with published claims are accepted.
    claimant = ShortListChoiceFilter(
        field_name="claimant",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Claimant.objects.public(),
        shown=Claimant.objects.public().order_by("-published_claims", "name")[:SHORT_LIST_LENGTH],
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose who said it from the list."},
    )
    article = ShortListChoiceFilter(
        field_name="article",
        lookup_expr="exact",
        to_field_name="slug",
        # Never the article's body: a list of headlines needs none of it.
        queryset=Article.objects.public().defer("body"),
        shown=Article.objects.public()
        .only("pk", "slug", "headline")
        .order_by("-published_on", "-pk")[:SHORT_LIST_LENGTH],
        empty_label="Any article",
        error_messages={"invalid_choice": "Choose an article from the list."},
    )
    claim_type = django_filters.ChoiceFilter(
        field_name="claim_type",
        lookup_expr="exact",
        choices=Claim.Type.choices,
        empty_label="Any type",
        widget=Select,
        error_messages={"invalid_choice": "Choose a type of claim from the list."},
    )
    # Dates are days in the site's time zone, compared as the times they start and end, so the
    # indexes on (status, published_at) seek to them: a `date__gte` lookup took the date of every
    # published claim first (the index cannot hold that date), and read them all.
    published_after = django_filters.DateFilter(
        label="Published from",
        field_name="published_at",
        method="published_from",
        widget=DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
    )
    published_before = django_filters.DateFilter(
        label="Published until",
        field_name="published_at",
        method="published_until",
        widget=DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
    )
    order = django_filters.ChoiceFilter(
        label="Order by",
        method="order_by",
        choices=[
            # The first choice is what the form sends unless the reader picks another.
            ("relevance", "Best match first"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("verdict", "Verdict, true to false"),
            ("-verdict", "Verdict, false to true"),
        ],
        empty_label=None,
        widget=Select,
        error_messages={"invalid_choice": "Choose an order from the list."},
    )

    # How many claims a ranked search found, counted with its window (search()); else None.
    search_count = None
    # Whether the HTML list's pages take a ranked search's window (pages(), RankedWindow)
    # rather than search() (the API, the CSV).
    window_in_pages = False

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def get_form_class(self):
        # django-filter builds every field and a new form class for each request; these fields
        # depend on nothing in the request (no callable querysets), so the class is built once.
        # Each form still deep-copies its fields, as every Django form does.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self):
        # The short lists learn the request's stamp (ShortListIterator): on this form's own
        # fields, copies of the class's fields, which every request shares.
        if not hasattr(self, "_form"):
            form = super().form
            if self.request is not None:
                stamp = current_stamp(self.request)
                for name, field in form.fields.items():
                    if isinstance(field, ShortListChoiceField):
                        field.stamp = stamp
                        field.remembered_as = (
                            f"{type(self).__module__}.{type(self).__qualname__}.{name}"
                        )
        return self._form

    def filter_queryset(self, queryset):
        # The search after every other filter (and before the order): a ranked search keeps a
        # window of the matches added last (claims/search.py), which must be taken from the
        # claims the other filters keep, or narrowing a search would find nothing past it.
        last = {"q": 1, "order": 2}
        data = self.form.cleaned_data
        for name in sorted(data, key=lambda name: last.get(name, 0)):
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def chosen(self):
        """{name: value} of the filters the reader set (the order aside); the form is valid."""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "order" and value not in (None, "")
        }

    def stored_count(self):
        """How many published claims match, when a stored counter knows it without counting:
        no filter, or only the verdict, the claimant or the article. Otherwise None."""
        if not self.is_valid():
            return None
        chosen = self.chosen()
        if not chosen:
            # Every published claim has a verdict (a constraint), so this is all of them.
            return Verdict.objects.aggregate(n=Sum("published_claims", default=0))["n"]
        if len(chosen) == 1 and chosen.keys() <= {"verdict", "claimant", "article"}:
            return next(iter(chosen.values())).published_claims
        return None

    def pages(self):
        """What the HTML list pages through: the matching claims in the order asked for.

        Ordered by verdict, a page is read one verdict at a time (ByVerdict) rather than by
        sorting every match; except when a verdict is chosen (newest first, see order_by), or
        a claimant, an article or a search: their claims are few (a search's are all scored
        anyway), so the database sorts them."""
        order = self.form.cleaned_data.get("order") if self.is_valid() else None
        if self.is_valid() and self.form.cleaned_data.get("q") and self.ranks_search():
            # A ranked search's page and its window's size in one query (RankedWindow):
            # search() leaves the window to it.
            self.window_in_pages = True
            return RankedWindow(self.qs, rows=self.queryset)
        if order not in VERDICT_ORDERS:
            return self.qs
        chosen = self.chosen()
        if chosen.keys() & {"verdict", "claimant", "article", "q"}:
            return self.qs
        return ByVerdict(self.qs, descending=order == "-verdict", stored_counts=not chosen)

    def published_from(self, queryset, name, value):
        start = start_of_day(value)
        return queryset.filter(published_at__gte=start) if start else queryset

    def published_until(self, queryset, name, value):
        end = start_of_day(value + timedelta(days=1)) if value < date.max else None
        return queryset.filter(published_at__lt=end) if end else queryset

    def search(self, queryset, name, value):
        # Full-text (claims/search.py): best match first, among the window of matches added
        # last, which also says how many match; unless the reader chose another order, which
        # then holds every match (nothing to rank, so no window of ranked matches).
        ranked = self.ranks_search()
        found = search_claims(queryset, value, ranked=ranked)
        if not ranked or self.window_in_pages:
            return found
        found, self.search_count = newest_matches(found)
        return found

    def ranks_search(self):
        return self.form.cleaned_data.get("order") in (None, "", "relevance")

    ORDERINGS = {
        "newest": NEWEST,
        "oldest": ["published_at", "pk"],
        # The verdicts' own order (Verdict.Meta.ordering), then newest first.
        "verdict": ["verdict__order", "verdict__label", *NEWEST],
        "-verdict": ["-verdict__order", "-verdict__label", *NEWEST],
    }

    def order_by(self, queryset, name, value):
        if value == "relevance":
            # A search's own order, or the list's usual one when there is no search.
            return queryset
        if value in VERDICT_ORDERS and self.form.cleaned_data.get("verdict"):
            # Claims of one verdict: the verdict's place is the same for all, so newest first
            # (claim_verdict_pub_idx), not a sort by a column of the verdict table.
            return queryset.order_by(*NEWEST)
        return queryset.order_by(*self.ORDERINGS[value])


class ByVerdict:
    """Claims in the verdicts' order, newest first within a verdict: a sequence for Paginator
    that reads a page one verdict at a time.

    ORDER BY a column of the verdict table sorts every matching claim on every page (no index
    of the claim table holds it: 150 to 330 ms of SQL at 100,000 claims, docs/perf.md). But a
    verdict's claims are consecutive in this order, and claim_verdict_pub_idx holds each
    verdict's newest first; so a page is located by how many claims the verdicts before it
    have, and read from one verdict (or the next ones when it straddles them). How many: the
    verdicts' stored counters when nothing else is filtered, else a count that stops at the
    page's end (LIMIT), so no page reads more than the rows up to its own.
    """

    def __init__(self, claims, *, descending, stored_counts):
        self.claims = claims
        self.stored_counts = stored_counts
        verdicts = Verdict.objects.public() if stored_counts else Verdict.objects.all()
        self.verdicts = list(verdicts.order_by(*Verdict._meta.ordering))
        if descending:
            self.verdicts.reverse()

    def order_by(self, *fields):
        # For CappedCountPaginator, which counts a filtered list's claims (in no order) as far
        # as its last page; with nothing filtered the stored counters give the count.
        return self.claims.order_by(*fields)

    def __getitem__(self, window):
        skip, wanted = window.start or 0, window.stop - (window.start or 0)
        rows = []
        for verdict in self.verdicts:
            if len(rows) == wanted:
                break
            theirs = self.claims.filter(verdict=verdict).order_by(*NEWEST)
            if skip:
                before = self.size(verdict, theirs, up_to=skip + wanted)
                if before <= skip:  # the page starts after this verdict's claims
                    skip -= before
                    continue
            rows += rows_of_page(theirs, skip, skip + wanted - len(rows))
            skip = 0
        return rows

    def size(self, verdict, theirs, up_to):
        """How many claims the verdict has, exactly if fewer than `up_to`."""
        if self.stored_counts:
            return verdict.published_claims
        return theirs.order_by().values("pk")[:up_to].count()
