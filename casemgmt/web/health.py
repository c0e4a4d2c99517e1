"""GET /healthz: is the database, the search backend and the task queue usable, and has each
periodic job run on time?"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # report, never raise: health must answer
        return f"error: {exc.__class__.__name__}"


def _search() -> str:
    try:
        from casemgmt.search.backends import get_backend

        return "ok" if get_backend().ping() else "unavailable"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _tasks() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from casemgmt.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _periodic(eager: bool) -> tuple[dict, bool]:
    """Each beat job's last run; with tasks run eagerly no beat runs them, and none is late."""
    try:
        from casemgmt.jobs.periodic import periodic_jobs_report

        return periodic_jobs_report(scheduled=not eager)
    except Exception as exc:
        return {"error": exc.__class__.__name__}, True


def _task_outbox() -> dict:
    try:
        from casemgmt.jobs.outbox import task_outbox_pending

        return task_outbox_pending()
    except Exception as exc:
        return {"error": exc.__class__.__name__}


def _tasks_set_aside() -> int:
    from casemgmt.jobs.deliveries import redeliveries_set_aside

    return redeliveries_set_aside().count()


@never_cache
@require_safe
def healthz(request):
    report = {"database": _database(), "search": _search(), "tasks": _tasks()}
    healthy = report["database"] == "ok"
    periodic, late = _periodic(report["tasks"] == "eager") if healthy else ({}, False)
    report["periodic"] = periodic
    report["task_outbox"] = _task_outbox() if healthy else {}
    # Tasks set aside after killing their worker again and again wait for an administrator.
    report["tasks_set_aside"] = _tasks_set_aside() if healthy else 0
    degraded = (
        not healthy
        or late
        or report["tasks_set_aside"]
        or report["search"] != "ok"
        or report["tasks"] not in ("ok", "eager")
    )
    report = {"status": "degraded" if degraded else "ok", **report}
    return JsonResponse(report, status=200 if healthy else 503)
