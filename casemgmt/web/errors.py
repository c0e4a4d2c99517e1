"""The HTML views' one mapping of the kernel's domain errors (the API has its own in
casemgmt.api.errors).

A form view catches the refusals it can show next to its inputs (`form_refusal`: bad input →
400 with field errors, a state that does not allow it → 409 with the reason) and re-renders
itself. Everything else reaches `DomainErrorMiddleware`: NotFound → the 404 page, Forbidden →
the 403 page, and an Invalid or Conflict no form caught → the 400 page with its message.
`DatabaseUnavailableMiddleware` turns a view's failure to reach the database into the 503 page
(casemgmt.unavailable)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.shortcuts import render

from casemgmt import errors as domain
from casemgmt import unavailable
from casemgmt.api.errors import database_unavailable

NOT_FOUND = "未找到，或您无权查看。"


@dataclass(frozen=True)
class Refusal:
    status: int
    errors: dict  # {field: [messages]}

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


def form_refusal(exc: domain.DomainError) -> Refusal:
    """What a form shows for a refusal it can display: 400 with field errors, 409 with the reason.
    NotFound and Forbidden are not a form's to show: they are raised again for the middleware."""
    if isinstance(exc, domain.Invalid):
        return Refusal(400, exc.field_errors())
    if isinstance(exc, domain.Conflict):
        return Refusal(409, {"non_field_errors": [exc.message]})
    raise exc


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, domain.NotFound):
            return response_for_exception(request, Http404(NOT_FOUND))
        if isinstance(exc, domain.Forbidden):
            return response_for_exception(request, PermissionDenied(exc.message))
        if isinstance(exc, domain.Invalid | domain.Conflict):
            refusal = form_refusal(exc)
            return render(request, "400.html", {"messages_list": refusal.messages}, status=refusal.status)
        return None


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 (the page, or JSON under /api/), not 500.
    What fails before the view (the session loaded by a middleware) reaches the same answer
    through handler500 (casemgmt.api.errors.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not unavailable.database_unavailable(exc):
            return None
        return database_unavailable(request)
