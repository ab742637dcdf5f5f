import pytest
from django.core.management import CommandError, call_command

from planetcampus.estate.models import Crous, Residence


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_several_files_all_or_nothing(tmp_path):
    good = write(tmp_path, "good.csv", "Code;Nom;CROUS\nlyon-g;G;Lyon\n")
    bad = write(tmp_path, "bad.csv", "Code;Nom;CROUS\nlyon-h;H;Atlantide\n")

    with pytest.raises(CommandError) as failure:
        call_command("estate", "import", str(good), str(bad))

    assert "bad.csv, line 2" in str(failure.value)
    assert not Residence.objects.filter(code="lyon-g").exists()


@pytest.mark.django_db
def test_dry_run_keeps_crous_edits(tmp_path):
    Crous.objects.filter(code="limoges").update(name="Limoges (renommé)", in_market=False)
    good = write(tmp_path, "good.csv", "Code;Nom;CROUS\nlyon-g;G;Lyon\n")

    call_command("estate", "import", str(good), "--dry-run")
    call_command("estate", "import", str(good))

    limoges = Crous.objects.get(code="limoges")
    assert limoges.name == "Limoges (renommé)"
    assert not limoges.in_market


@pytest.mark.django_db
def test_crous_exist_after_migrations():
    assert Crous.objects.filter(in_market=True).count() == 23


@pytest.mark.django_db
def test_missing_file_named(tmp_path):
    with pytest.raises(CommandError) as failure:
        call_command("estate", "import", str(tmp_path / "absent.csv"))

    assert "absent.csv not found" in str(failure.value)
