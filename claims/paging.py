"""Pagination whose cost does not grow with the archive.

A page deep in a long list costs an OFFSET over every row before it, and its page count a
COUNT over every match. Lists stop at MAX_PAGES (readers narrow a long list with its filters or
turn its order round), and a count a stored counter already knows is not counted again.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_PAGES = 100


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached property: this is its value

    @property
    def num_pages(self):
        return min(super().num_pages, MAX_PAGES)


class CappedCountPaginator(BoundedPaginator):
    """For lists that need no exact count (the admin's, and public lists that show none):
    counts the rows of its MAX_PAGES pages and one more, never every match
    (`SELECT COUNT(*) FROM (SELECT … LIMIT n)`); `more` says whether there were more (the admin
    then says "more than …", templates/admin/claims/pagination.html)."""

    @cached_property
    def cap(self):
        return MAX_PAGES * self.per_page

    @cached_property
    def count(self):
        # Unordered and keys only: the count needs no sort and no annotation (the admin's
        # claims per article), and stops at the first cap + 1 rows of any scan.
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        return min(counted, self.cap + 1)

    @property
    def more(self):
        return self.count > self.cap
