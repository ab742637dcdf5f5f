from django.db import migrations


def add_templates(apps, schema_editor):
    # The texts are copied as they are today, so editing defaults.py later
    # never changes what an operator already has.
    from planetcampus.switchover.defaults import DEFAULT_TEMPLATES

    Template = apps.get_model("switchover", "Template")
    for (kind, language), (subject, body) in DEFAULT_TEMPLATES.items():
        Template.objects.get_or_create(kind=kind, language=language, defaults={"subject": subject, "body": body})


class Migration(migrations.Migration):
    dependencies = [("switchover", "0002_step_data")]

    operations = [migrations.RunPython(add_templates, migrations.RunPython.noop)]
