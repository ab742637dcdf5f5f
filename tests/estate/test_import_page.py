from django.core.files.uploadedfile import SimpleUploadedFile

from planetcampus.core.models import AuditEvent
from planetcampus.estate.models import Residence

CSV = "Code;Nom;CROUS;Nombre de logements\nlyon-z;Résidence Z;Lyon;12\nlyon-y;Résidence Y;Lyon;douze\n"


def upload(client, text, dry_run):
    data = {"kind": "spreadsheet", "file": SimpleUploadedFile("parc.csv", text.encode()), "dry_run": "on" if dry_run else ""}
    return client.post("/fr/operator/residences/import/", data)


def test_import_page_lists_problems_and_changes_nothing(client_for):
    response = upload(client_for("operator"), CSV, dry_run=False)

    assert response.status_code == 200
    [problem] = response.context["problems"]
    assert (problem.line, problem.column, problem.value) == (3, "Nombre de logements", "douze")
    assert "rien n’a été modifié" in response.content.decode() or "rien n'a été modifié" in response.content.decode()
    assert not Residence.objects.filter(code__in=["lyon-z", "lyon-y"]).exists()


def test_import_page_dry_run_then_import(client_for):
    client = client_for("operator")
    good = CSV.replace("douze", "12")

    checked = upload(client, good, dry_run=True)
    assert checked.context["report"].created == 2
    assert not Residence.objects.filter(code="lyon-z").exists()

    imported = upload(client, good, dry_run=False)
    assert imported.context["report"].created == 2
    assert Residence.objects.filter(code="lyon-z").exists()
    assert AuditEvent.objects.filter(action="residences.imported").count() == 1


def test_import_page_rejects_other_file_types(client_for):
    data = {"kind": "spreadsheet", "file": SimpleUploadedFile("parc.pdf", b"%PDF"), "dry_run": "on"}

    response = client_for("operator").post("/fr/operator/residences/import/", data)

    assert "parc.pdf" in response.context["form"].errors["file"][0]


def test_import_page_refused_to_manager(client_for):
    response = client_for("manager").get("/fr/operator/residences/import/")

    assert response.status_code == 403
