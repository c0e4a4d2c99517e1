"""Long jobs' pages (casemgmt.jobs.models): the one polling endpoint every long job's page asks
for its progress box, and the page and download of a bulk export or a document batch. A job is its
requester's alone: anyone else gets 404, as for another county's record."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casemgmt.jobs.models import FileJob, LongJob


def _job_models() -> dict[str, type[LongJob]]:
    """Every concrete long job by its kind (apps' jobs, e.g. the monthly report, included)."""
    return {model.job_kind: model for model in apps.get_models() if issubclass(model, LongJob) and model.job_kind}


def own_job(model, user, pk: int):
    job = model.objects.filter(requested_by=user, pk=pk).first()
    if job is None:
        raise Http404("未找到，或您无权查看。")
    return job


@login_required
@require_safe
def job_progress(request, kind: str, pk: int):
    """The progress box alone (templates/web/_job_progress.html), polled while the job runs."""
    model = _job_models().get(kind)
    if model is None:
        raise Http404("没有这类任务。")
    response = render(request, "web/_job_progress.html", {"job": own_job(model, request.user, pk)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def job_list(request):
    """The user's own bulk exports and document batches, newest first."""
    jobs = FileJob.objects.filter(requested_by=request.user)[:50]
    return render(request, "web/jobs.html", {"jobs": jobs})


@login_required
@require_safe
def job_page(request, pk: int):
    job = own_job(FileJob, request.user, pk)
    return render(request, "web/job.html", {"job": job, "back_url": job.params.get("back_url", "")})


@login_required
@require_safe
def job_download(request, pk: int):
    job = own_job(FileJob, request.user, pk)
    if job.status != job.Status.DONE or not job.file:
        raise Http404("文件尚未生成。")
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = job.sha256
    return response
