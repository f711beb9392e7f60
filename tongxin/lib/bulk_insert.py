"""Insert many rows of one model fast, each value stored exactly as Django would store it.

``bulk_create`` compiles every value of every row through the field's full save path,
about 5 µs a value: a roster of 100,000 rows writes about nine million values. Here each
row is a tuple in the order of the given field names, and only the fields whose stored form
differs from the Python value are converted, with Django's own field methods: encrypted
fields are encrypted by ``get_prep_value``, UUIDs, dates and JSON go through the
connection's adapters. ``auto_now``/``auto_now_add`` timestamps get one "now" for the call.

Without ids back, SQLite takes ``INSERT … VALUES`` by ``executemany`` and PostgreSQL takes
``COPY … FROM STDIN`` (Django's psycopg cursor binds parameters in Python, row by row).
With ids back (``insert_returning_ids``), the ids are matched to rows by their UUID, not by
the order of an answer.
(``tongxin.demo.load_programs._RawInsert`` is the demo loader's older copy of the first half.)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from tongxin.lib.field_crypto import EncryptedTextField

# UUIDs per ``= ANY(%s)`` lookup of the ids PostgreSQL gave the copied rows.
_POSTGRES_LOOKUP = 10_000


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value
    if isinstance(field, models.UUIDField) and connection.features.has_native_uuid_field:
        return None
    if isinstance(field, models.UUIDField):
        # What UUIDField.get_db_prep_value stores without a native type, minus its checks.
        return lambda value: (
            value.hex
            if isinstance(value, uuid.UUID)
            else field.get_db_prep_value(value, connection)
        )
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_value(value, connection)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


class BulkInsert:
    """Rows of ``model`` given as tuples in the order of ``names`` (field names; a foreign
    key takes the related row's id).

    ``names`` must cover every column but the id and the timestamps: a column added to the
    model later must be added to the caller's rows too, not silently left to the database.
    """

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        by_name = {field.name: field for field in model._meta.concrete_fields}
        fields = [by_name[name] for name in names]
        stamps = [
            field
            for field in model._meta.concrete_fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]
        missing = set(by_name) - set(names) - {f.name for f in stamps} - {model._meta.pk.name}
        if missing:
            raise ValueError(f"{model.__name__}: no value for {', '.join(sorted(missing))}")
        quote = connection.ops.quote_name
        self.model = model
        self.names = list(names)
        # Only the columns whose stored form differs are touched, row by row.
        self.conversions = [
            (position, convert)
            for position, field in enumerate(fields)
            if (convert := _converter(field)) is not None
        ]
        self.stamp_count = len(stamps)
        self.width = len(fields) + len(stamps)
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(field.column) for field in [*fields, *stamps])
        self.row_placeholder = "(" + ", ".join(["%s"] * self.width) + ")"

    def _prepare(self, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        stamps = [connection.ops.adapt_datetimefield_value(timezone.now())] * self.stamp_count
        width = self.width - self.stamp_count
        prepared = []
        for row in rows:
            if len(row) != width:
                raise ValueError(f"{self.model.__name__}: a row of {len(row)} values, not {width}")
            values = list(row)
            for position, convert in self.conversions:
                value = values[position]
                if value is not None:
                    values[position] = convert(value)
            prepared.append(tuple(values + stamps))
        return prepared

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> int:
        prepared = self._prepare(rows)
        if not prepared:
            return 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Table and column names come from the model; values go through COPY.
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                sql = (
                    f"INSERT INTO {self.table} ({self.columns}) "  # noqa: S608
                    f"VALUES {self.row_placeholder}"
                )
                cursor.executemany(sql, prepared)
        return len(prepared)

    def insert_returning_ids(self, rows: Sequence[tuple[Any, ...]]) -> dict[uuid.UUID, int]:
        """Insert and return each row's id by its ``uuid`` (which must be among the names).

        SQLite: multi-row ``INSERT … RETURNING``. PostgreSQL: ``COPY``, then the ids read back
        by uuid (psycopg parses a statement's placeholders in Python: a multi-row INSERT of
        a thousand rows took longer to parse than to run).
        """
        position = self.names.index("uuid")
        ids: dict[uuid.UUID, int] = {}
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                self.insert(rows)
                keys = [row[position] for row in rows]
                for start in range(0, len(keys), _POSTGRES_LOOKUP):
                    cursor.execute(
                        f"SELECT {quote('uuid')}, {quote('id')} FROM {self.table} "  # noqa: S608
                        f"WHERE {quote('uuid')} = ANY(%s)",
                        [keys[start : start + _POSTGRES_LOOKUP]],
                    )
                    ids.update(cursor.fetchall())
            else:
                prepared = self._prepare(rows)
                limit = connection.features.max_query_params or 999
                per_statement = max(1, limit // self.width)
                for start in range(0, len(prepared), per_statement):
                    batch = prepared[start : start + per_statement]
                    cursor.execute(
                        f"INSERT INTO {self.table} ({self.columns}) "  # noqa: S608
                        f"VALUES {', '.join([self.row_placeholder] * len(batch))} "
                        f"RETURNING {quote('uuid')}, {quote('id')}",
                        [value for row in batch for value in row],
                    )
                    ids.update(
                        (uuid.UUID(row_uuid) if isinstance(row_uuid, str) else row_uuid, row_id)
                        for row_uuid, row_id in cursor.fetchall()
                    )
        if len(ids) != len(rows) or any(row[position] not in ids for row in rows):
            raise RuntimeError(f"{self.model.__name__}: the insert did not return every row")
        return ids
