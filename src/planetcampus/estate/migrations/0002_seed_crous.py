from django.db import migrations


def seed(apps, schema_editor):
    """Create the CROUS reference list so imports always find their CROUS."""
    from planetcampus.estate.naming import normalise_crous_name
    from planetcampus.estate.reference import CROUS_REFERENCE

    Crous = apps.get_model("estate", "Crous")
    CrousAlias = apps.get_model("estate", "CrousAlias")
    for code, name, in_market, _domains, aliases in CROUS_REFERENCE:
        crous, _ = Crous.objects.get_or_create(
            code=code, defaults={"name": name, "in_market": in_market, "web_domain": f"crous-{code}.fr"}
        )
        for alias in {normalise_crous_name(a) for a in aliases + [name, code]}:
            CrousAlias.objects.get_or_create(alias=alias, defaults={"crous": crous})


class Migration(migrations.Migration):
    dependencies = [("estate", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
