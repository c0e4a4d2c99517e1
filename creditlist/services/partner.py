"""The partner query log: every question a partner agency asks is written down (append-only)."""

from casemgmt.client_address import client_address

from ..models import PartnerQueryLog


def _plain(value) -> str:
    return str(value).replace("\x00", "")


def partner_query_log(request, *, endpoint: str, params: dict, result_ids=(), outcome: str = "ok") -> PartnerQueryLog:
    user = request.user
    ids = list(result_ids)
    return PartnerQueryLog.objects.create(
        caller=user,
        caller_username=user.username,
        caller_name=user.display_name,
        endpoint=endpoint,
        params={_plain(key)[:60]: _plain(value)[:300] for key, value in params.items()},
        outcome=outcome,
        result_ids=ids,
        result_count=len(ids),
        remote_addr=client_address(request),
    )
