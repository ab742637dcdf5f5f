import pytest

from tests.messaging.servers import SmsGateway, SmtpServer


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def sms_gateway():
    with SmsGateway() as gateway:
        yield gateway


@pytest.fixture
def real_transports(settings, smtp_server, sms_gateway):
    """Point Django's mail and the SMS back end at the test's own servers."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = sms_gateway.url
    settings.SMS_HTTP_TOKEN = sms_gateway.token
    return smtp_server, sms_gateway
