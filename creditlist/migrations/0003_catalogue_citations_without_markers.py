"""The catalogues' texts are printed in the 列入告知书 and 列入决定书 served on the party and on the
public list. 0002 seeded them with "（verify）" after each citation not yet checked against the
current text: a working note, not part of a citation. This takes the marker out of the texts
(administrators check and correct the citations in the admin; DOMAIN.md keeps the list of figures
and citations to verify)."""

from django.db import migrations

MARKERS = ("（verify）", "(verify)")


def _clean(text: str) -> str:
    for marker in MARKERS:
        text = text.replace(marker, "")
    return text


def strip_markers(apps, schema_editor):
    for model, fields in (("CreditGround", ("description", "legal_basis")), ("JointMeasure", ("legal_basis",))):
        for row in apps.get_model("creditlist", model).objects.all():
            changed = {
                name: _clean(getattr(row, name)) for name in fields if getattr(row, name) != _clean(getattr(row, name))
            }
            if changed:
                for name, value in changed.items():
                    setattr(row, name, value)
                row.save(update_fields=list(changed))


class Migration(migrations.Migration):
    dependencies = [("creditlist", "0002_catalogues")]

    operations = [migrations.RunPython(strip_markers, migrations.RunPython.noop)]
