import io
from datetime import date

import pytest
import time_machine
from openpyxl import Workbook

from planetcampus.access.models import ConnectionCode, Resident
from planetcampus.center.services.housing_import import HousingExportImporter
from planetcampus.core.imports import ImportFailed
from planetcampus.estate.models import Dwelling

NOON = "2026-09-01 12:00:00+02:00"
HEADER = "Identifiant;Nom;Prénom;Logement;Date d'arrivée;Date de départ;Téléphone;Email;Langue\n"
ROWS = [
    "H-1;MARTIN;Léa;B12;01/09/2026;30/06/2027;06 12 34 56 78;lea.martin@etu.test;fr\n",
    "H-2;NGUYEN;Bao;B14;01/09/2026;30/06/2027;+33 6 98 76 54 32;bao.nguyen@etu.test;anglais\n",
]


def run(residence, text, *, name="export.csv", dry_run=False):
    return HousingExportImporter(residence, name, text.encode("utf-8")).run(dry_run=dry_run)


@time_machine.travel(NOON, tick=False)
def test_import_creates_residents_dwellings_and_codes(estate):
    report = run(estate["lyon_a"], HEADER + "".join(ROWS))

    assert (report.created, report.updated, report.unchanged, report.codes_created) == (2, 0, 0, 2)
    lea = Resident.objects.get(external_id="H-1")
    assert (lea.last_name, lea.first_name, lea.phone, lea.email, lea.language) == (
        "MARTIN", "Léa", "+33612345678", "lea.martin@etu.test", "fr")
    assert (lea.arrival_on, lea.departure_on) == (date(2026, 9, 1), date(2027, 6, 30))
    assert lea.dwelling.number == "B12"
    assert lea.source == "export.csv"
    assert Resident.objects.get(external_id="H-2").language == "en"
    code = lea.code
    assert code.kind == "resident"
    assert code.residence == estate["lyon_a"]
    assert code.valid_until.isoformat() == "2027-06-30T22:00:00+00:00"  # end of 30 June in Paris
    assert set(Dwelling.objects.values_list("number", flat=True)) == {"B12", "B14"}


def test_same_export_twice_changes_nothing(estate):
    run(estate["lyon_a"], HEADER + "".join(ROWS))
    codes = dict(ConnectionCode.objects.values_list("resident_id", "code"))

    report = run(estate["lyon_a"], HEADER + "".join(ROWS))

    assert (report.created, report.updated, report.unchanged, report.codes_created) == (0, 0, 2, 0)
    assert dict(ConnectionCode.objects.values_list("resident_id", "code")) == codes


def test_new_departure_moves_code_end(estate):
    run(estate["lyon_a"], HEADER + "".join(ROWS))
    before = Resident.objects.get(external_id="H-1").code.code

    report = run(estate["lyon_a"], HEADER + ROWS[0].replace("30/06/2027", "31/01/2027") + ROWS[1])

    lea = Resident.objects.get(external_id="H-1")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert lea.departure_on == date(2027, 1, 31)
    assert lea.code.code == before
    assert lea.code.valid_until.isoformat() == "2027-01-31T23:00:00+00:00"


def test_every_bad_row_is_named_and_nothing_changes(estate):
    bad = (HEADER + ROWS[0]
           + "H-3;;Hugo;B15;01/09/2026;30/06/2027;;;\n"
           + "H-4;DURAND;Zoé;B16;31/02/2026;30/06/2027;;;\n"
           + "H-5;PETIT;Ana;B17;01/09/2026;01/08/2026;;;\n"
           + "H-6;ROUX;Eli;B18;;;0612;pas-une-adresse;klingon\n"
           + "H-1;MARTIN;Léa;B12;;;;;\n")

    with pytest.raises(ImportFailed) as failure:
        run(estate["lyon_a"], bad)

    found = [(problem.line, problem.column, problem.value) for problem in failure.value.problems]
    assert found == [
        (3, "Nom", ""),
        (4, "Date d'arrivée", "31/02/2026"),
        (5, "Date de départ", "01/08/2026"),
        (6, "Téléphone", "0612"),
        (6, "Email", "pas-une-adresse"),
        (6, "Langue", "klingon"),
        (7, "Identifiant", "H-1"),
    ]
    assert "ligne 2" in failure.value.problems[-1].message or "line 2" in failure.value.problems[-1].message
    assert Resident.objects.count() == 0
    assert ConnectionCode.objects.count() == 0
    assert Dwelling.objects.count() == 0


def test_missing_name_columns_are_reported(estate):
    with pytest.raises(ImportFailed) as failure:
        run(estate["lyon_a"], "Logement;Email\nB12;a@b.fr\n")

    assert failure.value.problems[0].line == 1
    assert "Nom" in failure.value.problems[0].message


def test_dry_run_reports_and_changes_nothing(estate):
    report = run(estate["lyon_a"], HEADER + "".join(ROWS), dry_run=True)

    assert report.dry_run
    assert report.created == 2
    assert Resident.objects.count() == 0
    assert ConnectionCode.objects.count() == 0


def test_full_name_column_is_split(estate):
    run(estate["lyon_a"], "Résident;Chambre;Courriel\nDUPONT Marie-Claire;A1;mc@etu.test\nLe Goff Yann;A2;\n")

    marie = Resident.objects.get(email="mc@etu.test")
    yann = Resident.objects.get(dwelling__number="A2")
    assert (marie.last_name, marie.first_name) == ("DUPONT", "Marie-Claire")
    assert (yann.last_name, yann.first_name) == ("Le", "Goff Yann")


def test_resident_without_id_found_by_email(estate):
    run(estate["lyon_a"], "Nom;Prénom;Email\nMARTIN;Léa;lea.martin@etu.test\n")

    report = run(estate["lyon_a"], HEADER + ROWS[0])

    assert (report.created, report.updated) == (0, 1)
    assert Resident.objects.get().external_id == "H-1"


def test_xlsx_export_with_real_dates_is_read(estate):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["N° résident", "Nom", "Prénom", "N° logement", "Date d'entrée", "Date de sortie", "Portable"])
    sheet.append(["X-9", "BERNARD", "Tom", 12, date(2026, 9, 1), date(2027, 7, 15), "0698765432"])
    content = io.BytesIO()
    workbook.save(content)

    report = HousingExportImporter(estate["lyon_a"], "export.xlsx", content.getvalue()).run()

    tom = Resident.objects.get(external_id="X-9")
    assert report.created == 1
    assert (tom.dwelling.number, tom.departure_on, tom.phone) == ("12", date(2027, 7, 15), "+33698765432")


def test_residents_of_other_residences_are_not_touched(estate):
    run(estate["grenoble_a"], HEADER + ROWS[0])

    report = run(estate["lyon_a"], HEADER + ROWS[0])

    assert report.created == 1
    assert Resident.objects.filter(external_id="H-1").count() == 2


def test_import_page_names_the_bad_line(client_for, estate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.csv", (HEADER + ROWS[0] + "H-9;;X;;;;;;\n").encode())
    response = client_for("manager").post("/fr/center/residences/lyon-a/residents/import/", {"file": upload})
    page = response.content.decode()

    assert response.status_code == 422
    assert "L’import a échoué avec 1 problème ; rien n’a été modifié." in page
    assert "<td class=\"num\">3</td>" in page
    assert Resident.objects.count() == 0


def test_import_page_can_send_codes_to_new_residents(client_for, estate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from planetcampus.messaging.models import Message

    upload = SimpleUploadedFile("export.csv", (HEADER + "".join(ROWS)).encode())
    response = client_for("manager").post("/fr/center/residences/lyon-a/residents/import/",
                                          {"file": upload, "send_codes": "on"})

    assert response.status_code == 200
    assert Message.objects.filter(channel="sms").count() == 2
    assert Message.objects.filter(channel="email").count() == 2


def test_import_moves_private_wifi_end_to_departure(estate):
    from planetcampus.accounts.models import User
    from planetcampus.selfcare.models import PrivateWifiSubscription
    from planetcampus.selfcare.services import subscribe

    run(estate["lyon_a"], HEADER + ROWS[0])
    lea = Resident.objects.get(external_id="H-1")
    lea.user = User.objects.create_user("lea.martin@etu.test", "Correct-Horse-42", kind=User.Kind.RESIDENT)
    lea.save()
    with time_machine.travel(NOON, tick=False):
        subscription = subscribe(lea.user)

    run(estate["lyon_a"], HEADER + ROWS[0].replace("30/06/2027", "15/02/2027"))

    assert PrivateWifiSubscription.objects.get(pk=subscription.pk).valid_until == date(2027, 2, 15)
