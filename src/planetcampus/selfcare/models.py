"""Private WiFi subscriptions, the devices bound to them, and the FAQ.

A subscription gives one resident one WPA passphrase and one VLAN of their
own on the private SSID of their residence. The access points find whose
key a device uses either from its MAC address (a device the resident
registered, or one matched before) or from the 4-way handshake (see
selfcare.handshake); docs/selfcare.md explains both per NAS vendor.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PrivateWifiSubscription(models.Model):
    """One resident's private WiFi option: their key, VLAN and validity."""

    class ValiditySource(models.TextChoices):
        HOUSING = "housing", _("housing contract")
        MANAGER = "manager", _("set by the manager")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE,
        related_name="private_wifi",
    )
    residence = models.ForeignKey(
        "estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
        related_name="private_wifi_subscriptions",
    )
    key = models.CharField(_("WiFi key"), max_length=63)
    vlan = models.PositiveSmallIntegerField(_("VLAN"))
    subscribed_at = models.DateTimeField(_("subscribed"))
    key_changed_at = models.DateTimeField(_("key changed"))
    # Last day of validity (inclusive, Europe/Paris); None while the housing
    # record gives no departure date.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    validity_source = models.CharField(
        _("validity from"), max_length=10, choices=ValiditySource.choices, default=ValiditySource.HOUSING,
    )
    renewed_at = models.DateTimeField(_("renewed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("private WiFi subscription")
        verbose_name_plural = _("private WiFi subscriptions")
        ordering = ["residence", "user__email"]
        constraints = [
            # The access point tells residents apart by their key, so two
            # residents of one residence (one private SSID) never share one.
            models.UniqueConstraint(fields=["residence", "key"], name="private_wifi_unique_key"),
            models.UniqueConstraint(fields=["residence", "vlan"], name="private_wifi_unique_vlan"),
        ]

    def __str__(self):
        return f"{self.user} ({self.residence})"


class PairwiseMasterKey(models.Model):
    """The PMK of a subscription's key on one private SSID.

    PMK = PBKDF2-HMAC-SHA1(key, SSID, 4096, 32): computed once when the key
    changes, because checking a handshake against every key of a residence
    must not run PBKDF2 per candidate.
    """

    subscription = models.ForeignKey(PrivateWifiSubscription, on_delete=models.CASCADE, related_name="pmks")
    ssid = models.CharField(_("SSID"), max_length=32)
    pmk = models.BinaryField(_("PMK"), max_length=32)

    class Meta:
        verbose_name = _("pairwise master key")
        verbose_name_plural = _("pairwise master keys")
        constraints = [models.UniqueConstraint(fields=["subscription", "ssid"], name="pmk_unique_per_ssid")]


class BoundDevice(models.Model):
    """A MAC address known to belong to a subscription on the private SSID.

    Registered by the resident in self-care before the device first joins
    (for access points that ask by MAC address), or learned when a
    handshake matched the resident's key, so the next request needs no
    search.
    """

    class Source(models.TextChoices):
        REGISTERED = "registered", _("registered by the resident")
        LEARNED = "learned", _("recognised from its WiFi handshake")

    subscription = models.ForeignKey(PrivateWifiSubscription, on_delete=models.CASCADE, related_name="bound_devices")
    residence = models.ForeignKey("estate.Residence", on_delete=models.CASCADE, related_name="+")
    mac = models.CharField(_("MAC address"), max_length=17)
    name = models.CharField(_("name"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    created_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("device bound to a private WiFi key")
        verbose_name_plural = _("devices bound to a private WiFi key")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["residence", "mac"], name="bound_device_unique_mac")]

    def __str__(self):
        return self.mac


class FaqEntry(models.Model):
    """A question of the self-care FAQ; its text lives in one translation per language."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=True)
    slug = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["position", "id"]

    def __str__(self):
        return self.slug

    def text_for(self, language: str | None = None):
        """Return the translation for `language`, else French, else any."""
        language = (language or get_language() or "fr").lower()
        by_language = {translation.language: translation for translation in self.translations.all()}
        return by_language.get(language) or by_language.get("fr") or next(iter(by_language.values()), None)


class FaqTranslation(models.Model):
    entry = models.ForeignKey(FaqEntry, verbose_name=_("FAQ entry"), on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    question = models.CharField(_("question"), max_length=255)
    answer = models.TextField(_("answer"), help_text=_("Plain text; a blank line starts a new paragraph."))

    class Meta:
        verbose_name = _("FAQ translation")
        verbose_name_plural = _("FAQ translations")
        ordering = ["entry", "language"]
        constraints = [models.UniqueConstraint(fields=["entry", "language"], name="faq_unique_language")]

    def __str__(self):
        return f"{self.entry.slug} [{self.language}]"
