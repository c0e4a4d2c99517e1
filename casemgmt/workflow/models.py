from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("流转记录只能追加，不能修改。")

    def delete(self):
        raise PermissionError("流转记录只能追加，不能删除。")


class TransitionLog(models.Model):
    """Append-only history of an object: every state change, every other write (a step, a field
    edit, a child record) and its creation — who, when, why, from where to where, what changed.

    The actor is kept as they were at the time (username, name, role), so renaming or removing a
    user never rewrites the past; the system acting by a rule has no user and names the rule.
    On PostgreSQL a trigger refuses UPDATE and DELETE of rows (migration 0002)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    jurisdiction = models.ForeignKey("org.Jurisdiction", null=True, on_delete=models.PROTECT)
    transition = models.CharField("操作", max_length=60)
    transition_label = models.CharField("操作名称", max_length=60, blank=True)
    source = models.CharField("原状态", max_length=40)
    target = models.CharField("新状态", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField("操作人账号", max_length=150, blank=True)
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    actor_role = models.CharField("操作人角色", max_length=30, blank=True)
    system_rule = models.CharField("系统依据的规则", max_length=200, blank=True)
    reason = models.TextField("理由", blank=True)
    changes = models.JSONField("修改内容", default=list, blank=True, encoder=DjangoJSONEncoder)
    payload = models.JSONField("附带数据", default=dict, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.transition}: {self.source} → {self.target}"

    @property
    def actor_display(self) -> str:
        if self.actor_role == "system":
            return f"系统（{self.system_rule}）" if self.system_rule else "系统"
        return self.actor_name or "系统"

    @property
    def is_step(self) -> bool:
        """A write that changed no state (a step, an edit, a child record)."""
        return bool(self.source) and self.source == self.target

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("流转记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("流转记录只能追加，不能删除。")


class WorkflowModel(ConcurrentTransitionMixin, models.Model):
    """Base of every case-like object: a protected `state` FSMField, a jurisdiction, timestamps.

    Concrete models declare `state = FSMField(default=..., choices=..., protected=True)` and
    transitions with `casemgmt.workflow.transitions.workflow_transition`.
    """

    jurisdiction = models.ForeignKey("org.Jurisdiction", verbose_name="区划", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Set on each concrete model: the key used in search, the registry and URLs.
    workflow_type: str = ""

    class Meta:
        abstract = True

    @property
    def state_label(self) -> str:
        return self.get_state_display()

    @property
    def display_title(self) -> str:
        return str(self)

    def get_absolute_url(self) -> str:
        try:
            return reverse("web:object-detail", args=[self.workflow_type, self.pk])
        except NoReverseMatch:
            return ""

    @classmethod
    def mine_filter(cls, user):
        """A Q for "my cases": by default what the user registered; models add assignments."""
        return models.Q(created_by=user)

    @classmethod
    def awaiting_filter(cls, user):
        """A Q narrowing the objects awaiting this user (e.g. assigned to them), or None for all."""
        return None
