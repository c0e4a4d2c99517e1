"""Partner agencies of joint punishment (联合惩戒成员单位) sign in with the same accounts system but
have no place in the staff UI: they ask the partner API whether a party is on the
serious-dishonesty list. Signed in to the staff UI, they are sent to one page that says so and how
to use the API, instead of an empty shell."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

# Staff pages a partner may still reach: signing in and out, the health check and the page itself.
PARTNER_ALLOWED = {"login", "logout", "healthz", "partner-access"}


def _is_partner(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "is_partner", False))


class PartnerGateMiddleware:
    """Every other staff page ("web" namespace) sends a partner account to web:partner-access."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or "web" not in match.namespaces or match.url_name in PARTNER_ALLOWED:
            return None
        if not _is_partner(getattr(request, "user", None)):
            return None
        return redirect("web:partner-access")


@require_safe
def partner_access(request):
    """What a partner agency's account can do here (200 for a partner; others go to the staff home)."""
    if not _is_partner(request.user):
        return redirect("web:home")
    return render(
        request,
        "web/partner_access.html",
        {"partner": request.user, "token_hours": settings.PARTNER_API_TOKEN_HOURS},
    )
