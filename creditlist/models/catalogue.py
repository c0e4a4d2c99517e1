"""The two catalogues the list is built from, kept as data (administrators edit them; nothing
about a ground or a measure is code): the grounds for listing, each with its legal basis and
listing period, and the joint measures of the national basic list. Seeded by migration 0002."""

from django.db import models

from ..choices import AutoRule


class CreditGround(models.Model):
    """列入事由: why a party may be put on the list."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("列入事由", max_length=200)
    description = models.TextField("认定标准", blank=True)
    legal_basis = models.TextField("法律依据")
    listing_years = models.PositiveSmallIntegerField("列入期限（年）", default=3)
    needs_penalty_decision = models.BooleanField(
        "须依据行政处罚决定", default=True, help_text="勾选表示提出列入时须关联一份行政处罚决定。"
    )
    auto_rule = models.CharField(
        "自动识别规则",
        max_length=40,
        choices=AutoRule.choices,
        blank=True,
        help_text="作出行政处罚决定时据以自动提出拟列入的规则；留空表示只能由信用管理人员提出。",
    )
    rule_parameters = models.JSONField(
        "规则参数", default=dict, blank=True, help_text='例如 {"min_fine": "50000.00"}（罚款达到该数额视为较重处罚）。'
    )
    active = models.BooleanField("启用", default=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "列入事由"
        verbose_name_plural = "列入事由"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(listing_years__gte=1) & models.Q(listing_years__lte=10), name="credit_ground_years"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JointMeasure(models.Model):
    """联合惩戒措施 from the national basic list of measures."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("措施", max_length=200)
    description = models.TextField("说明", blank=True)
    legal_basis = models.TextField("依据")
    implementing_agencies = models.CharField("实施单位", max_length=300, blank=True)
    applies_by_default = models.BooleanField(
        "默认适用", default=True, help_text="作出列入决定时未另行选择的，适用全部默认措施。"
    )
    active = models.BooleanField("启用", default=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "联合惩戒措施"
        verbose_name_plural = "联合惩戒措施"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
