"""The seeded catalogues carried the team's "(verify)" marks inside the legal texts; those texts are
printed in the listing notice and decision served on the party and on the public list, where an
English working note has no place. The marks come out of the rows (which citations still need
checking is recorded in 0002's source and DOMAIN.md); rows an administrator rewrote keep their text
apart from the marks."""

import re

from django.db import migrations

# "（verify）", "(verify)", and a trailing "，verify" / " verify" inside a bracket: "（期限依本地设置，verify）".
WHOLE_MARK = re.compile(r"\s*[（(]\s*verify\s*[)）]")
TRAILING_MARK = re.compile(r"[，,、\s]*verify\s*(?=[)）])")


def without_marks(text: str) -> str:
    return TRAILING_MARK.sub("", WHOLE_MARK.sub("", text))


def clean(apps, schema_editor):
    for model_name in ("CreditGround", "JointMeasure"):
        model = apps.get_model("creditlist", model_name)
        for row in model.objects.all():
            changed = {}
            for field in ("legal_basis", "description"):
                text = getattr(row, field)
                if "verify" in text:
                    changed[field] = without_marks(text)
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("creditlist", "0002_catalogues")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
