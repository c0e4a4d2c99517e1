"""Kinds of intellectual-property right, shared by every workflow."""

from django.db import models


class IPType(models.TextChoices):
    PATENT = "patent", "专利"
    TRADEMARK = "trademark", "商标"
    COPYRIGHT = "copyright", "著作权"
    GEOGRAPHICAL_INDICATION = "geographical_indication", "地理标志"
    TRADE_SECRET = "trade_secret", "商业秘密"
    OTHER = "other", "其他"
