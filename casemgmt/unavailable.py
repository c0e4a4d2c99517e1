"""The database out of reach (restarting, failing over, out of connections) is no fault of the
request: the API and the pages answer 503 with Retry-After — the API in its `{"detail": …}`
shape (casemgmt.api.errors), pages with templates/503.html — never 500. A write refused this
way did not commit. Once the database is back the next request succeeds;
connections are checked before reuse (CONN_HEALTH_CHECKS), so no process needs restarting."""

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS = (OperationalError, InterfaceError)
MESSAGE = "系统暂时无法访问数据库，您的操作没有保存，请稍后重试。"
RETRY_AFTER_SECONDS = 10


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)
