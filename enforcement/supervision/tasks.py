"""Celery tasks of agency supervision (thin: load by id, call a service)."""

from celery import shared_task


@shared_task(name="enforcement.supervision.tasks.run_spot_check_draw", ignore_result=True)
def run_spot_check_draw(spot_check_id: int) -> None:
    """Run a started 双随机 draw and record it (services.spot_checks.spot_check_draw_run)."""
    from .services.spot_checks import spot_check_draw_run

    spot_check_draw_run(spot_check_id)
