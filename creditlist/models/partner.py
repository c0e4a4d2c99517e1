from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from ..choices import PartnerEndpoint


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("查询日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("查询日志只能追加，不能删除。")


class PartnerQueryLog(models.Model):
    """Every question a partner agency asked the list: who (as they were), what, and which
    entries were answered. Append-only; on PostgreSQL a trigger refuses UPDATE and DELETE."""

    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查询单位账号", null=True, on_delete=models.PROTECT, related_name="+"
    )
    caller_username = models.CharField("账号", max_length=150)
    caller_name = models.CharField("单位", max_length=150)
    endpoint = models.CharField("接口", max_length=20, choices=PartnerEndpoint.choices)
    params = models.JSONField("查询条件", default=dict, encoder=DjangoJSONEncoder)
    outcome = models.CharField("结果", max_length=20, default="ok")
    result_ids = models.JSONField("返回的名单条目", default=list, encoder=DjangoJSONEncoder)
    result_count = models.PositiveIntegerField("返回条数", default=0)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "联合惩戒查询日志"
        verbose_name_plural = "联合惩戒查询日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.caller_name} {self.get_endpoint_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("查询日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("查询日志只能追加，不能删除。")
