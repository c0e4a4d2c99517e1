from django.contrib.auth.models import AbstractUser
from django.db import models


class Jurisdiction(models.Model):
    """An administrative area (GB/T 2260 code). The city sees its counties; a county sees itself."""

    class Level(models.TextChoices):
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    code = models.CharField("区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=40)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_city(self) -> bool:
        return self.level == self.Level.CITY


class Department(models.Model):
    class Kind(models.TextChoices):
        ASSISTANCE_CENTRE = "assistance_centre", "维权援助分中心"
        MARKET_SUPERVISION = "market_supervision", "市场监督管理局"

    name = models.CharField("名称", max_length=80, unique=True)
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.PROTECT)
    # Issuer abbreviation used in official document numbers, e.g. 晋市监.
    abbreviation = models.CharField("文号机关代字", max_length=20, blank=True)
    # What a penalty decision must tell the party (《行政处罚法》第五十九条): where to pay, and where
    # to seek administrative review (60 days) or sue (6 months). A bureau without them cannot issue one.
    payment_method = models.TextField(
        "罚没款缴纳方式",
        blank=True,
        help_text="写入处罚决定书，例如：到中国农业银行晋城分行各营业网点或通过山西省非税收入电子缴款系统缴纳。",
    )
    review_body = models.CharField("行政复议机关", max_length=100, blank=True, help_text="例如：晋城市人民政府")
    court = models.CharField("行政诉讼管辖法院", max_length=100, blank=True, help_text="例如：晋城市城区人民法院")

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["jurisdiction_id", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    INTAKE_CLERK = "intake_clerk", "受理员"
    HANDLER = "handler", "承办人/调解员"
    CENTRE_HEAD = "centre_head", "分中心负责人"
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    AGENCY_HEAD = "agency_head", "机关负责人"
    CREDIT_OFFICER = "credit_officer", "信用管理人员"
    AUDITOR = "auditor", "审计监督（只读）"
    ADMINISTRATOR = "administrator", "系统管理员"
    # A partner agency of joint punishment (联合惩戒): asks only whether a party is on the
    # serious-dishonesty list, through the partner API; it sees no case, party or deadline.
    PARTNER = "partner", "联合惩戒成员单位"


# Roles whose work requires reading personal data unmasked (full resident ID numbers, mobile numbers,
# bank accounts); everyone else sees them masked. The rule itself is casemgmt.privacy.
ROLES_SEEING_ID_NUMBERS = frozenset(
    {
        Role.INTAKE_CLERK,
        Role.HANDLER,
        Role.CENTRE_HEAD,
        Role.OFFICER,
        Role.LEGAL_REVIEWER,
        Role.AGENCY_HEAD,
        Role.CREDIT_OFFICER,
    }
)


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=40, blank=True)
    role = models.CharField("角色", max_length=30, choices=Role.choices, default=Role.AUDITOR)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="所属区划", null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT)
    certificate_number = models.CharField("执法证号", max_length=30, blank=True)
    phone = models.CharField("电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_partner(self) -> bool:
        """A partner agency's account: outside the programme's staff, whatever its jurisdiction."""
        return self.role == Role.PARTNER

    @property
    def sees_whole_city(self) -> bool:
        if self.is_partner:
            return False
        if self.is_superuser or self.role == Role.ADMINISTRATOR:
            return True
        return self.jurisdiction is not None and self.jurisdiction.is_city

    @property
    def may_see_id_numbers(self) -> bool:
        from casemgmt.privacy import may_see_personal_data

        return may_see_personal_data(self)
