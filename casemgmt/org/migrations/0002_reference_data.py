from django.db import migrations


def load(apps, schema_editor):
    from casemgmt.org.reference import load_reference_data

    load_reference_data(apps.get_model("org", "Jurisdiction"), apps.get_model("org", "Department"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
