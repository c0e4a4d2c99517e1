"""The party's own periods already open are marked as such; those that ran out lapsed."""

from django.db import migrations

KINDS = ["statement_window", "answer_period", "administrative_review_period", "lawsuit_period"]


def mark(apps, schema_editor):
    Deadline = apps.get_model("calendar", "Deadline")
    periods = Deadline.objects.filter(content_type__app_label="enforcement", kind__in=KINDS)
    periods.update(party_period=True)
    periods.filter(status="overdue").update(status="lapsed")


def unmark(apps, schema_editor):
    Deadline = apps.get_model("calendar", "Deadline")
    periods = Deadline.objects.filter(content_type__app_label="enforcement", kind__in=KINDS)
    periods.filter(status="lapsed").update(status="overdue")
    periods.update(party_period=False)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0005_hearing_end"),
        ("calendar", "0003_deadline_party_period"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mark, unmark)]
