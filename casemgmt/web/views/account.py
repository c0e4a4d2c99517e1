from django.contrib.auth import views as auth_views

from casemgmt.api.tokens import tokens_revoke


class LoginView(auth_views.LoginView):
    """Sign-in. Password guessing is braked by the one lockout policy of every way in (django-axes,
    settings LOGIN_FAILURES_ALLOWED / LOGIN_LOCKOUT_MINUTES): after repeated failures for one
    account name from one client address, the form refuses for a while, even the right password."""

    template_name = "web/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule), so a link or an image cannot sign anyone out. Signing out
    also revokes the user's API tokens: leaving is leaving everywhere."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            tokens_revoke(request.user)
        return super().post(request, *args, **kwargs)
