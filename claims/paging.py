"""Pagination whose cost does not grow with the archive.

A page deep in a long list costs an OFFSET over every row before it, and its page count a
COUNT over every match. Lists stop at MAX_PAGES (readers narrow a long list with its filters or
turn its order round), and a count a stored counter already knows is not counted again.
"""

from django.core.paginator import Paginator

MAX_PAGES = 100


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached property: this is its value

    @property
    def num_pages(self):
        return min(super().num_pages, MAX_PAGES)
