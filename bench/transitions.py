"""`python -m bench.transitions [--transitions N]`: transitions per second through the one door
(fire_transition: row lock, permission, state and payload checks, the transition, the audited
history row, its declared effects and the search outbox entry, with the outbox's task relayed to
the broker after the commit), next to raw SQL doing the same UPDATE + INSERT per transaction on
as many other rows, in one run on one database (target ≥ 50 %). Two transitions of an assistance
request: 开始办理 (start: the door alone, no declared effect) and 受理 (accept: the door plus its
effects — an acceptance notice numbered and issued, the completion limit opened, the acceptance
limit met). The three run interleaved in rounds of 25. `make bench` runs it on PostgreSQL
(scripts/bench_transitions.py)."""

import cProfile
import os
import sys
import time

ROUND = 25


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transitions", type=int, default=1000)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the door's 开始办理 to FILE")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from casemgmt.org.models import Role
    from casemgmt.workflow.models import TransitionLog
    from casemgmt.workflow.services import fire_transition
    from cases.models import AssistanceRequest
    from tests.factories import CITY, UserFactory, assistance_request, jurisdiction

    n = options.transitions
    city = jurisdiction(CITY)
    clerk, head, handler = (
        UserFactory(role=r, jurisdiction=city) for r in (Role.INTAKE_CLERK, Role.CENTRE_HEAD, Role.HANDLER)
    )
    say(f"registering {3 * n:,} assistance requests")
    requests = [assistance_request(actor=clerk) for _ in range(3 * n + 1)]
    accepting, starting, raw = requests[:n], requests[n : 2 * n + 1], requests[2 * n + 1 :]
    for request in starting:
        fire_transition(request, "accept", actor=head, reason="受理")
        fire_transition(request, "assign", actor=head, reason="指派", payload={"handler": handler.pk})

    # The same writes by hand: the state UPDATE and a history row like the door's.
    fire_transition(starting.pop(), "start", actor=handler, reason="按规定办理")
    log = TransitionLog.objects.filter(transition="start").latest("pk")
    columns = [f for f in TransitionLog._meta.concrete_fields if f.name != "id"]
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    insert = f"INSERT INTO {TransitionLog._meta.db_table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    update = f"UPDATE {AssistanceRequest._meta.db_table} SET state = %s, updated_at = %s WHERE id = %s"  # noqa: S608

    def raw_sql(request) -> None:
        values = [
            f.get_db_prep_save(request.pk if f.name == "object_id" else getattr(log, f.attname), connection)
            for f in columns
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(update, [log.target, timezone.now(), request.pk])
            cursor.execute(insert, values)

    kinds = {
        "start": lambda request: fire_transition(request, "start", actor=handler, reason="按规定办理"),
        "accept": lambda request: fire_transition(request, "accept", actor=head, reason="按规定办理"),
        "raw": raw_sql,
    }
    rows = {"start": starting, "accept": accepting, "raw": raw}
    seconds = dict.fromkeys(kinds, 0.0)
    done = dict.fromkeys(kinds, 0)
    profile = cProfile.Profile() if options.profile else None
    # Interleaved in small rounds, so a change in the machine's load weighs on all three alike.
    for offset in range(0, n, ROUND):
        for kind, run in kinds.items():
            batch = rows[kind][offset : offset + ROUND]
            if profile and kind == "start":
                profile.enable()
            started = time.perf_counter()
            for request in batch:
                run(request)
            seconds[kind] += time.perf_counter() - started
            if profile:
                profile.disable()
            done[kind] += len(batch)
    start_rate, accept_rate, raw_rate = (done[kind] / seconds[kind] for kind in kinds)
    if profile:
        profile.dump_stats(options.profile)

    assert AssistanceRequest.objects.filter(pk__in=[r.pk for r in starting], state=log.target).count() == n
    print(f"Transitions on {connection.vendor}: {n:,} of each, one client")
    print(f"  开始办理 through the door (full audit)          {start_rate:8.1f} /s")
    print(f"  受理 through the door (audit + its effects)     {accept_rate:8.1f} /s")
    print(f"  raw SQL (UPDATE + INSERT per transaction)       {raw_rate:8.1f} /s")
    share = start_rate / raw_rate
    print(
        f"  door ÷ raw SQL {share:.0%} (target ≥ 50 %: {'met' if share >= 0.5 else 'MISSED'}); with effects {accept_rate / raw_rate:.0%}"
    )
    return 0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
