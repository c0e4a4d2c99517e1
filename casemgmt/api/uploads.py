"""Request bodies shared by the apps' upload endpoints (one schema component each)."""

from rest_framework import serializers


class SheetUploadSerializer(serializers.Serializer):
    """An .xlsx sheet to import (multipart field `file`)."""

    file = serializers.FileField(label=".xlsx 文件")


class CaseImportResultSerializer(serializers.Serializer):
    """What an all-or-nothing import of historical cases wrote (casemgmt.imports)."""

    created = serializers.IntegerField(label="导入件数")
    sha256 = serializers.CharField(label="文件 SHA-256")
    file_name = serializers.CharField(label="文件名")
    rows = serializers.ListField(
        child=serializers.DictField(), label="逐行结果 [{row, id, label, state}]（row 为 Excel 行号）"
    )
