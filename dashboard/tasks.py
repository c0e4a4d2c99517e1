from celery import shared_task

from .services import report_build


@shared_task(name="dashboard.tasks.build_monthly_report")
def build_monthly_report(run_id: int) -> str:
    """Build a requested monthly report (dashboard.services.report_build)."""
    return report_build(run_id)
