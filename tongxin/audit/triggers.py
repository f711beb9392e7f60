"""Database triggers that refuse UPDATE and DELETE on the audit tables.

The hash chain detects tampering; these triggers make accidental or casual tampering fail
outright. Someone with DDL rights can drop them, which is why the chain exists too.

A migration that alters an audit table must drop them first and create them again after:
SQLite rebuilds a table to add a column with a default, and the rebuild loses its triggers
(audit migrations 0003–0005 show the pattern).
"""

from __future__ import annotations

from typing import Any

TABLES = ("audit_auditevent", "audit_accessevent")


def create_append_only_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in TABLES:
                for op in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} "
                        f"ON {table} BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
                    )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION tongxin_audit_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'audit rows are append-only'; END; $$ LANGUAGE plpgsql;"
            )
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION tongxin_audit_append_only();"
                )


def drop_append_only_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in TABLES:
                for op in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
        elif connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
