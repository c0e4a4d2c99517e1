from django.db import models
from django.db.models import Q


class Party(models.Model):
    """当事人: one row per organisation (by 统一社会信用代码) or person (by resident ID number)."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", "法人或其他组织"
        INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
        PERSON = "person", "自然人"

    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    name = models.CharField("名称/姓名", max_length=200, db_index=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    legal_representative = models.CharField("法定代表人/经营者", max_length=60, blank=True)
    is_minor = models.BooleanField("未成年人", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="party_unique_credit_code"
            ),
            models.UniqueConstraint(fields=["id_number"], condition=~Q(id_number=""), name="party_unique_id_number"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    @property
    def identifier(self) -> str:
        return self.id_number if self.is_person else self.credit_code


class StaffRelation(models.Model):
    """A declared relation between a staff member and a party: grounds for 回避 (recusal)."""

    class Relation(models.TextChoices):
        RELATIVE = "relative", "近亲属"
        EMPLOYMENT = "employment", "现任或曾任职"
        AGENT = "agent", "曾担任代理人或顾问"
        INVESTMENT = "investment", "持股或投资"
        OTHER = "other", "其他利害关系"

    user = models.ForeignKey(
        "org.User", verbose_name="工作人员", on_delete=models.CASCADE, related_name="party_relations"
    )
    party = models.ForeignKey(Party, verbose_name="当事人", on_delete=models.CASCADE, related_name="staff_relations")
    relation = models.CharField("关系", max_length=20, choices=Relation.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "利害关系申报"
        verbose_name_plural = "利害关系申报"
        constraints = [models.UniqueConstraint(fields=["user", "party", "relation"], name="staff_relation_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.party}（{self.get_relation_display()}）"
