from django.db import models
from django.urls import reverse

from casemgmt.jobs.models import LongJob, long_job_upload_to


class ReportRun(LongJob):
    """A monthly report for the leading group (issue 15 item 4), a long job: for which month and
    county, and the workbook and PDF it produced (each with its SHA-256). The figures are the
    requester's own dashboard for that month, so the report holds only what the requester may see."""

    job_kind = "report"
    upload_dir = "reports"

    period = models.CharField("统计月份", max_length=10)
    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", verbose_name="区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField("PDF 文件", upload_to=long_job_upload_to, blank=True, max_length=200)
    pdf_sha256 = models.CharField("PDF 的 SHA-256", max_length=64, blank=True)

    class Meta(LongJob.Meta):
        verbose_name = "月度报表"
        verbose_name_plural = "月度报表"

    def __str__(self) -> str:
        return f"{self.period} 月度报表"

    @property
    def place(self) -> str:
        return self.jurisdiction.name if self.jurisdiction else "全部区划"

    def get_absolute_url(self) -> str:
        return reverse("web:dashboard-report", kwargs={"pk": self.pk})

    def downloads(self) -> list[tuple[str, str]]:
        links = [("下载报表（.xlsx）", reverse("web:dashboard-report-download", kwargs={"pk": self.pk}))]
        if self.pdf:
            links.append(("下载报表（PDF）", reverse("web:dashboard-report-pdf", kwargs={"pk": self.pk})))
        return links
