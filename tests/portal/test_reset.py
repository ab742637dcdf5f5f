"""“Mot de passe oublié ?”: the same response whether or not the account exists."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from planetcampus.accounts.models import User
from planetcampus.core.clock import now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def memory_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def deliver():
    """Run the outbox worker's delivery step once, as `planetcampus worker` does."""
    from planetcampus.messaging.delivery import deliver_due

    return deliver_due("portal-test")


def test_reset_response_same_for_unknown_address(client, personas):
    known = client.post("/fr/portal/password/", {"email": "student@etu.test"})
    unknown = client.post("/fr/portal/password/", {"email": "nobody@etu.test"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert deliver() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["student@etu.test"]


def test_reset_link_sets_new_password(client, personas):
    client.post("/fr/portal/password/", {"email": "student@etu.test"})
    deliver()
    link = re.search(r"http://127\.0\.0\.1:8000(/fr/portal/password/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Nouveau-Velo-2027", "new_password2": "Nouveau-Velo-2027"})

    assert response.status_code == 302
    assert User.objects.get(email="student@etu.test").check_password("Nouveau-Velo-2027")
    assert "n'est plus valable" in client.get(link, follow=True).content.decode()


def test_reset_mail_in_account_language(client, personas):
    User.objects.filter(email="student@etu.test").update(language="de")

    client.post("/fr/portal/password/", {"email": "student@etu.test"})
    deliver()

    assert "Passwort" in mail.outbox[0].subject


def test_reset_rate_limited_per_address(client, personas):
    start = now()
    for minute in range(3):
        # A minute apart: requests within one second share a token and one outbox message.
        with time_machine.travel(start + timedelta(minutes=minute)):
            client.post("/fr/portal/password/", {"email": "student@etu.test"})

    with time_machine.travel(start + timedelta(minutes=4)):
        response = client.post("/fr/portal/password/", {"email": "student@etu.test"})

    from planetcampus.messaging.models import Message

    assert response.status_code == 429
    assert Message.objects.filter(to="student@etu.test").count() == 3


def test_reset_link_ignores_forged_host(client, personas, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PUBLIC_BASE_URL = "https://portail.planetcampus.test"

    client.post("/fr/portal/password/", {"email": "student@etu.test"}, HTTP_HOST="evil.example")
    deliver()

    assert "https://portail.planetcampus.test/fr/portal/password/" in mail.outbox[0].body
    assert "evil.example" not in mail.outbox[0].body
