"""`python -m bench.deadline_sweep [--deadlines N]`: the daily deadline sweep over N open limits
(1,000,000 by default; the issue's target is under 30 s), next to a baseline measured in the same
run: the same work as three hand-written SQL statements (mark the lapsed overdue, insert the
due-soon warnings, stamp them), rolled back before the sweep runs on the same rows.

The limits are spread as a daily sweep finds them: due from yesterday to a year ahead (the days
before were swept the day before), a few with a suspension running (those move every day and are
recomputed row by row), each answered for by one of 200 people. `scripts/bench_deadline_sweep.py`
(`make bench-sweep`) runs it on a database of its own."""

import datetime as dt
import os
import random
import sys
import time

SUSPENDED_SHARE = 0.0005  # limits with a suspension running (moved, and recomputed, every day)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from casemgmt.calendar.models import Deadline
    from casemgmt.calendar.selectors import due_soon_limit
    from casemgmt.calendar.sweep import deadlines_scan
    from casemgmt.calendar.workdays import WorkCalendar
    from casemgmt.notifications.models import Notification
    from casemgmt.org.models import Role, User

    if Deadline.objects.exists():
        raise SystemExit("the database already has deadlines: run the benchmark on a fresh one")
    rng = random.Random(options.seed)
    today = dt.date.today()
    User.objects.bulk_create(User(username=f"bench{i}", first_name=f"承办人{i}", role=Role.OFFICER) for i in range(200))
    people = list(User.objects.filter(username__startswith="bench"))
    owner_type = ContentType.objects.get_for_model(User)
    say(f"writing {options.deadlines:,} open deadlines")
    started = time.perf_counter()
    template = Deadline(
        content_type=owner_type,
        object_id=people[0].pk,
        kind="bench",
        label="办案期限",
        legal_basis="《市场监督管理行政处罚程序规定》第六十四条",
        start=today,
        rule="calendar_days",
        amount=90,
        due=today,
        responsible=people[0],
    )
    if connection.vendor == "postgresql":
        _generate_in_sql(template, options.deadlines, [p.pk for p in people], today, options.seed)
    else:
        _generate_in_python(template, options.deadlines, people, today, rng)
    say(f"  written in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    soon = due_soon_limit(today, WorkCalendar())
    table, notes = Deadline._meta.db_table, Notification._meta.db_table
    baseline_sql = [
        (
            f"UPDATE {table} SET status = 'overdue' WHERE status = 'open' AND suspended_since IS NULL AND due < %s",  # noqa: S608
            [today],
        ),
        (
            f"INSERT INTO {notes} (recipient_id, title, body, url, level, dedupe_key, created_at) "  # noqa: S608
            f"SELECT responsible_id, label, label, '', 'warning', 'bench:' || id, %s FROM {table} "
            "WHERE status = 'open' AND suspended_since IS NULL AND due >= %s AND due <= %s "
            "AND responsible_id IS NOT NULL AND due_soon_notified_at IS NULL",
            [dt.datetime.now(dt.UTC), today, soon],
        ),
        (
            f"UPDATE {table} SET due_soon_notified_at = %s WHERE status = 'open' AND suspended_since IS NULL "  # noqa: S608
            "AND due >= %s AND due <= %s AND responsible_id IS NOT NULL AND due_soon_notified_at IS NULL",
            [dt.datetime.now(dt.UTC), today, soon],
        ),
    ]
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql, params in baseline_sql:
                cursor.execute(sql, params)
        baseline = time.perf_counter() - started
        transaction.set_rollback(True)

    started = time.perf_counter()
    counts = deadlines_scan(today=today)
    sweep = time.perf_counter() - started
    print(f"Deadline sweep over {options.deadlines:,} open deadlines on {connection.vendor}")
    print(
        f"  marked overdue {counts['marked_overdue']:,}, recomputed {counts['recomputed']:,}, "
        f"due-soon warnings {counts['due_soon_notified']:,}, overdue warnings {counts['overdue_notified']:,}"
    )
    print(f"  sweep (casemgmt.calendar.sweep)   {sweep:8.2f} s   target < 30 s: {'met' if sweep < 30 else 'MISSED'}")
    print(f"  baseline (3 SQL statements)       {baseline:8.2f} s")
    print(f"  sweep ÷ baseline                  {sweep / baseline:8.1f}×")
    return 0


def _generate_in_python(template, n: int, people: list, today: dt.date, rng: random.Random) -> None:
    from casemgmt.calendar.models import Deadline

    batch = []
    for i in range(n):
        due = today + dt.timedelta(days=rng.randint(-1, 364))
        person = people[i % len(people)]
        batch.append(
            Deadline(
                **{f.attname: getattr(template, f.attname) for f in Deadline._meta.concrete_fields if f.name != "id"}
                | {
                    "object_id": person.pk,
                    "responsible_id": person.pk,
                    "due": due,
                    "start": due - dt.timedelta(days=90),
                    "suspended_since": due - dt.timedelta(days=10) if rng.random() < SUSPENDED_SHARE else None,
                }
            )
        )
        if len(batch) == 10_000:
            Deadline.objects.bulk_create(batch)
            batch = []
    Deadline.objects.bulk_create(batch)


def _generate_in_sql(template, n: int, people: list[int], today: dt.date, seed: int) -> None:
    """One INSERT … SELECT over generate_series: a million rows in seconds, not minutes."""
    from django.db import connection
    from django.utils import timezone

    from casemgmt.calendar.models import Deadline

    varying = {
        "object_id": "people[1 + g %% %(count)s]",
        "responsible_id": "people[1 + g %% %(count)s]",
        "due": "%(today)s::date + due_in",
        "start": "%(today)s::date + due_in - 90",
        "suspended_since": f"CASE WHEN random() < {SUSPENDED_SHARE} THEN %(today)s::date + due_in - 10 END",
    }
    columns, values, params = [], [], {"today": today, "count": len(people), "seed": (seed % 1000) / 1000}
    for field in Deadline._meta.concrete_fields:
        if field.name == "id":
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in varying:
            values.append(varying[field.attname])
        else:
            value = getattr(template, field.attname)
            if value is None and field.name in ("created_at", "updated_at"):
                value = timezone.now()
            params[field.attname] = field.get_db_prep_save(value, connection)
            values.append(f"%({field.attname})s")
    sql = (
        f"INSERT INTO {Deadline._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 (names from the model)
        f"SELECT {', '.join(values)} FROM (SELECT g, floor(random() * 366)::int - 1 AS due_in, "
        f"ARRAY[{', '.join(str(pk) for pk in people)}] AS people FROM generate_series(1, {int(n)}) AS g) AS rows"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%(seed)s)", params)
        cursor.execute(sql, params)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
