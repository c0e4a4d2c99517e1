"""Append-only tables refuse UPDATE and DELETE in the database itself on PostgreSQL, so no
code path, shell or admin can rewrite history. (SQLite, the embedded default, relies on the
models' own refusals.)"""

from django.db import migrations

_FUNCTION = """
CREATE OR REPLACE FUNCTION casemgmt_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger(table: str) -> str:
    return f"{table}_append_only"


def append_only(table: str) -> migrations.RunPython:
    """A migration operation installing the refusing trigger on `table` (PostgreSQL only)."""

    def install(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_FUNCTION, params=None)  # None: its "%" are PL/pgSQL's, not placeholders
        schema_editor.execute(
            f'CREATE TRIGGER "{_trigger(table)}" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION casemgmt_refuse_change()"
        )

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{_trigger(table)}" ON "{table}"')

    return migrations.RunPython(install, remove, elidable=False)
