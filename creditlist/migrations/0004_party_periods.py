"""The party's own periods already open are marked as such; those that ran out lapsed."""

from django.db import migrations

KINDS = ["credit_statement_window"]


def mark(apps, schema_editor):
    Deadline = apps.get_model("calendar", "Deadline")
    periods = Deadline.objects.filter(content_type__app_label="creditlist", kind__in=KINDS)
    periods.update(party_period=True)
    periods.filter(status="overdue").update(status="lapsed")


def unmark(apps, schema_editor):
    Deadline = apps.get_model("calendar", "Deadline")
    periods = Deadline.objects.filter(content_type__app_label="creditlist", kind__in=KINDS)
    periods.filter(status="lapsed").update(status="overdue")
    periods.update(party_period=False)


class Migration(migrations.Migration):
    dependencies = [
        ("creditlist", "0003_catalogue_texts_without_verify_marks"),
        ("calendar", "0003_deadline_party_period"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mark, unmark)]
