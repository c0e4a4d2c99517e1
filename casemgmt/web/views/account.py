from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache

# Failed sign-ins allowed per address and account name within the window, before the form refuses.
LOGIN_FAILURES_ALLOWED = getattr(settings, "LOGIN_FAILURES_ALLOWED", 10)
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60


def _failure_key(request) -> str:
    username = (request.POST.get("username") or "").strip().lower()[:150]
    return f"login-failures:{request.META.get('REMOTE_ADDR', '')}:{username}"


class LoginView(auth_views.LoginView):
    """Sign-in with a brake on password guessing: after repeated failures for one account name from
    one address the form refuses for a while, even with the right password."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if cache.get(_failure_key(request), 0) >= LOGIN_FAILURES_ALLOWED:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, "登录失败次数过多，请15分钟后再试。")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _failure_key(self.request)
        cache.add(key, 0, LOGIN_FAILURE_WINDOW_SECONDS)
        cache.incr(key)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule), so a link or an image cannot sign anyone out."""
