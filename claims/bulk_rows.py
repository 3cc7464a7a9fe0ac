"""Writing many rows fast: plain tuples straight into the tables, each object with the baseline
history row django-simple-history's `bulk_history_create` would give it.

`bulk_create` builds its INSERTs from model instances and spends most of its time in Python
(preparing each value of each field); seeding 100,000 claims took minutes of CPU that way. Here
the caller gives each row's values as the database driver takes them (datetimes through
`adapt_datetime()`), in the order of the columns it names, ids included (`reserve_ids()`), so
that rows of other tables can refer to them without reading anything back.

Only the insert differs by database: COPY on PostgreSQL, `executemany` elsewhere. Triggers run
as for any insert (the search index, claims/search.py); signals do not (see `insert()`).
"""

from operator import itemgetter

HISTORY_EXTRAS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def writable_columns(model):
    # A generated column (Claim.work_order) is the database's to write.
    return {f.column for f in model._meta.concrete_fields if not f.generated}


class RowWriter:
    def __init__(self, connection, *, history_date, change_reason):
        self.connection = connection
        self.history_extras = (adapt_datetime(connection, history_date), change_reason, "+", None)

    def reserve_ids(self, model, n):
        """n ids for new rows of `model`, which no other writer will take."""
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, n],
                )
                return [id for (id,) in cursor.fetchall()]
            # SQLite: the transaction holds the write lock (transaction_mode IMMEDIATE), and
            # AUTOINCREMENT never hands out an id above the highest one used, deleted or not.
            quoted = self.connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT max(coalesce((SELECT max(id) FROM {quoted}), 0), coalesce("
                "(SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            last = cursor.fetchone()[0]
            return range(last + 1, last + 1 + n)

    def insert(self, model, columns, rows, *, history=True):
        """Insert `rows` (tuples in the order of `columns`, which must be every column the
        model writes) and, with `history`, one baseline history row ("+") for each.

        No signal is sent: whatever a signal keeps (the published counts) is the caller's to
        bring up to date afterwards."""
        missing = writable_columns(model) - set(columns)
        unknown = set(columns) - writable_columns(model)
        if missing or unknown:
            raise ValueError(f"{model.__name__}: columns missing {missing}, unknown {unknown}")
        self.copy(model._meta.db_table, columns, rows)
        if history:
            history_model = model.history.model
            history_columns = [
                c for c in sorted(writable_columns(history_model)) if c != "history_id"
            ]
            position = {c: i for i, c in enumerate([*columns, *HISTORY_EXTRAS])}
            unknown = set(history_columns) - set(position)
            if unknown:
                raise ValueError(f"{history_model.__name__}: no value for {unknown}")
            values = itemgetter(*[position[c] for c in history_columns])
            extras = self.history_extras
            self.copy(
                history_model._meta.db_table,
                history_columns,
                [values(row + extras) for row in rows],
            )

    def copy(self, table, columns, rows):
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows
                )


def adapt_datetime(connection, value):
    """An aware datetime as the database driver takes it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)
