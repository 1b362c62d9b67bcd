"""Pages of rows: keyset pages, which start after the last row seen however deep they go, and
numbered pages, which know how many there are."""

from dataclasses import dataclass
from math import ceil

import sqlalchemy as sa


def keyset(query, columns, after=None, *, size, descending=False):
    """`query` ordered by `columns` (together unique), all ascending or all descending, from the
    row after `after` (the values of `columns` in the last row seen; None: from the first), one
    row more than `size`, which tells whether another page follows (see cut).

    Several columns are compared as one row value, which PostgreSQL starts the index scan at,
    rather than as an OR that it filters by.
    """
    query = query.order_by(*(column.desc() if descending else column for column in columns))
    if after is not None:
        if len(columns) == 1:
            seen, last = columns[0], after[0]
        else:
            seen, last = sa.tuple_(*columns), sa.tuple_(*after)
        query = query.where(seen < last if descending else seen > last)
    return query.limit(size + 1)


def cut(rows, size, key):
    """The page's rows of what keyset() read, and the `key` of its last row, where the next page
    starts (None: this is the last page)."""
    if len(rows) > size:
        return rows[:size], key(rows[size - 1])
    return rows, None


@dataclass
class NumberedPage:
    """Page `page` (from 1) of `per_page` items, of `total` in all: what the pagination macro
    reads, as it reads Flask-SQLAlchemy's pages."""

    items: list
    page: int
    per_page: int
    total: int

    def __iter__(self):
        return iter(self.items)

    @property
    def pages(self):
        return ceil(self.total / self.per_page) if self.total else 0

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def prev_num(self):
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def next_num(self):
        return self.page + 1 if self.has_next else None
