"""Celery tasks of the branch centre's workflows (thin: load by id, call a service)."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    name="cases.tasks.send_applicant_mail",
    ignore_result=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_applicant_mail(request_id: int, log_id: int) -> None:
    """E-mail the applicant about one step of their application (cases.applicant_mail); a mail
    server that is down is retried with backoff, the transition behind it stays as it is."""
    from .applicant_mail import applicant_mail_send

    applicant_mail_send(request_id, log_id)
