"""Pagination whose cost does not grow with the archive.

A page deep in a long list costs an OFFSET over every row before it, and its page count a
COUNT over every match. Lists stop at MAX_PAGES (readers narrow a long list with its filters or
turn its order round), and a count a stored counter already knows is not counted again.
A deep page's rows are looked up late (rows_of_page): the OFFSET walks an index alone.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

MAX_PAGES = 100


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, count=None, late_rows=False, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached property: this is its value
        self.late_rows = late_rows  # a deep page's rows looked up by key (rows_of_page)

    @property
    def num_pages(self):
        return min(super().num_pages, MAX_PAGES)

    def page(self, number):
        if not self.late_rows:
            return super().page(number)
        # Paginator.page's own bounds, with the rows read by rows_of_page instead of a slice.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_of_page(self.object_list, bottom, top), number, self)


def rows_of_page(rows, bottom, top):
    """rows[bottom:top], a page deep in the list read in two steps: the page's keys first, from
    the list's filters and ordering alone (an index holds both: the OFFSET walks index entries,
    with no row read and no join made for the rows before the page), then the page's rows in
    full, looked up by key, in one query (`WHERE id IN (SELECT id … LIMIT 20 OFFSET n)`).

    Read in one step, every claim before the page was read and joined (its article, claimant,
    verdict) only to be skipped: page 100 of a verdict took 20 ms of SQL at 1,000,000 claims on
    PostgreSQL, and 1.4 ms in two (docs/perf.md). For the public claim lists (late_rows): a
    list of articles or claimants joins nothing, and SQLite's FTS5 cannot MATCH in the keys'
    subquery, so a search reads its page in one step."""
    if not isinstance(rows, QuerySet) or bottom == 0:
        return rows[bottom:top]
    keys = rows.values("pk")[bottom:top]
    return rows.filter(pk__in=keys)


class CappedCountPaginator(BoundedPaginator):
    """For lists that need no exact count (the admin's, and public lists that show none):
    counts the rows of its MAX_PAGES pages and one more, never every match
    (`SELECT COUNT(*) FROM (SELECT … LIMIT n)`); `more` says whether there were more (the admin
    then says "more than …", templates/admin/claims/pagination.html). A list that holds fewer
    rows than its pages could show (the admin's ranked search, a window of matches) sets a
    lower `cap`, and has as many pages as the cap fills."""

    @cached_property
    def cap(self):
        return MAX_PAGES * self.per_page

    @property
    def num_pages(self):
        return min(super().num_pages, -(-self.cap // self.per_page))

    @cached_property
    def count(self):
        # Unordered and keys only: the count needs no sort and no annotation (the admin's
        # claims per article), and stops at the first cap + 1 rows of any scan.
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        return min(counted, self.cap + 1)

    @property
    def more(self):
        return self.count > self.cap


class PageFirstPaginator(CappedCountPaginator):
    """For a list that reads a page and its own size in one query (`page_and_size(bottom,
    top)`: claims.search.RankedWindow, a ranked search): the requested page is read first and
    its read gives the count, so no count query runs. A page past the end has no row to carry
    the count: the list is then counted as CappedCountPaginator counts it, and the page is
    refused as Paginator refuses it."""

    def page(self, number):
        if "count" not in self.__dict__:
            try:
                bottom = (int(number) - 1) * self.per_page
            except (TypeError, ValueError):
                bottom = None  # not a number: Paginator refuses it, with no count
            if bottom is not None and 0 <= bottom < self.cap:
                _, size = self.object_list.page_and_size(bottom, bottom + self.per_page)
                if size is not None or bottom == 0:
                    self.count = min(size or 0, self.cap + 1)
        return super().page(number)
