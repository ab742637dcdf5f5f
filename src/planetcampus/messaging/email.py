"""E-mail delivery over Django's mail back end (SMTP when EMAIL_HOST is set)."""

import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from planetcampus.messaging.sms import SendFailed


def open_connection():
    """Open one SMTP session that the worker reuses for a batch of messages."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed(f"SMTP server unreachable: {error}") from error
    return connection


def send(message, connection) -> str:
    """Send one outbox e-mail with its stored Message-ID; returns that id.

    Raises SendFailed, marked permanent when the server responds with a 5xx code.
    """
    email = EmailMessage(
        subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to], connection=connection,
        headers={"Message-ID": message.external_id, "Content-Language": message.language},
    )
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise SendFailed(f"SMTP server refused the recipient {message.to}: {error.recipients}", permanent=True) from error
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        raise SendFailed(f"SMTP server responded {error.smtp_code} {error.smtp_error!r}", permanent=permanent) from error
    except (smtplib.SMTPException, OSError, socket.timeout) as error:
        raise SendFailed(f"SMTP server unreachable: {error}") from error
    return message.external_id
