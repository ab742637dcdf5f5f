from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Crous(models.Model):
    """A regional student-housing agency, the platform's tenant."""

    code = models.SlugField(_("code"), max_length=30, unique=True, help_text=_("Short code, for example aix-marseille."))
    name = models.CharField(_("official name"), max_length=120, unique=True)
    # The 23 CROUS of the PlanetCampus market; overseas CROUS exist in the
    # open data but are outside the market.
    in_market = models.BooleanField(_("in the PlanetCampus market"), default=True)
    web_domain = models.CharField(_("web domain"), max_length=80, blank=True, help_text=_("For example crous-lyon.fr"))

    class Meta:
        verbose_name = _("CROUS")
        verbose_name_plural = _("CROUS")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CrousAlias(models.Model):
    """A spelling people write for a CROUS ("BFC", "AIX MARSEILLE")."""

    crous = models.ForeignKey(Crous, verbose_name=_("CROUS"), on_delete=models.CASCADE, related_name="aliases")
    # Stored normalised (see estate.naming.normalise_crous_name) so lookups are exact.
    alias = models.CharField(_("alias"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("CROUS alias")
        verbose_name_plural = _("CROUS aliases")
        ordering = ["alias"]

    def __str__(self):
        return self.alias


class DsiContact(models.Model):
    """A person of a CROUS's IT department (DSI) who receives switch-over lists."""

    crous = models.ForeignKey(Crous, verbose_name=_("CROUS"), on_delete=models.CASCADE, related_name="dsi_contacts")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    receives_switchover_lists = models.BooleanField(_("receives switch-over lists"), default=True)

    class Meta:
        verbose_name = _("DSI contact")
        verbose_name_plural = _("DSI contacts")
        ordering = ["crous", "name"]
        constraints = [models.UniqueConstraint(fields=["crous", "email"], name="dsi_contact_unique_email")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Residence(models.Model):
    class Offer(models.TextChoices):
        PLANETCAMPUS = "planetcampus", "PlanetCampus"
        SMARTCAMPUS = "smartcampus", "SmartCampus"

    class Backhaul(models.TextChoices):
        FIBRE = "fibre", _("fibre")
        ADSL = "adsl", _("ADSL")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    crous = models.ForeignKey(Crous, verbose_name=_("CROUS"), on_delete=models.PROTECT, related_name="residences")
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    offer = models.CharField(_("offer"), max_length=20, choices=Offer.choices, default=Offer.SMARTCAMPUS)
    dwellings = models.PositiveIntegerField(_("dwellings"), null=True, blank=True)
    fibred_dwellings = models.PositiveIntegerField(_("fibred dwellings"), null=True, blank=True)
    backhaul = models.CharField(_("backhaul"), max_length=10, choices=Backhaul.choices, blank=True)
    backhaul_mbps = models.DecimalField(
        _("backhaul bandwidth (Mb/s)"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    target_bandwidth_mbps = models.DecimalField(
        _("target bandwidth (Mb/s)"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    switched_over_on = models.DateField(_("switched over on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    private_wifi_enabled = models.BooleanField(_("private WiFi active"), default=False)
    eduroam_enabled = models.BooleanField(_("eduroam active"), default=False)
    # Where the record came from: "opendata:<id>" or the spreadsheet's name.
    source = models.CharField(_("source"), max_length=120, blank=True)
    dwellings_note = models.CharField(_("note on dwellings"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        ordering = ["crous__name", "name"]

    def __str__(self):
        return self.name

    @property
    def fibred_share(self):
        if not self.dwellings or self.fibred_dwellings is None:
            return None
        return self.fibred_dwellings / self.dwellings


class Dwelling(models.Model):
    residence = models.ForeignKey(Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="dwelling_units")
    number = models.CharField(_("number"), max_length=30)
    fibred = models.BooleanField(_("fibred"), default=False)

    class Meta:
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        ordering = ["residence", "number"]
        constraints = [models.UniqueConstraint(fields=["residence", "number"], name="dwelling_unique_number")]

    def __str__(self):
        return f"{self.residence} – {self.number}"


class Nas(models.Model):
    """A network access server: a gateway, controller or access point that asks RADIUS."""

    class Vendor(models.TextChoices):
        HOSTAPD = "hostapd", "hostapd / OpenWrt"
        COOVACHILLI = "coovachilli", "CoovaChilli"
        OPENNDS = "opennds", "openNDS"
        CISCO = "cisco", "Cisco"
        ARUBA = "aruba", "Aruba"
        RUCKUS = "ruckus", "Ruckus"
        MIKROTIK = "mikrotik", "MikroTik"
        OTHER = "other", _("other")

    class Kind(models.TextChoices):
        GATEWAY = "gateway", _("gateway")
        CONTROLLER = "controller", _("controller")
        ACCESS_POINT = "access_point", _("access point")

    residence = models.ForeignKey(Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="nas_devices")
    # The identifier becomes a FreeRADIUS client name, so it must be one token.
    identifier = models.CharField(
        _("NAS identifier"), max_length=64, unique=True, help_text=_("The NAS-Identifier it sends."),
        validators=[RegexValidator(r"^[A-Za-z0-9._-]+$", _("Use letters, digits, dots, dashes and underscores only, without spaces."))],
    )
    ip_address = models.GenericIPAddressField(_("IP address"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GATEWAY)
    vendor = models.CharField(_("vendor"), max_length=20, choices=Vendor.choices)
    # Name of the secret in the secret store, never the secret itself; the
    # demo store is a file per NAS under var/secrets (see aaa.secrets).
    secret_ref = models.CharField(_("RADIUS secret reference"), max_length=120)
    coa_port = models.PositiveIntegerField(_("CoA port"), default=3799)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("NAS")
        verbose_name_plural = _("NAS")
        ordering = ["residence", "identifier"]

    def __str__(self):
        return self.identifier


class Ssid(models.Model):
    class Purpose(models.TextChoices):
        CAPTIVE = "captive", _("captive portal")
        PRIVATE = "private", _("private WiFi")
        EDUROAM = "eduroam", "eduroam"
        LEGACY = "legacy", _("former offer")

    residence = models.ForeignKey(Residence, verbose_name=_("residence"), on_delete=models.CASCADE, related_name="ssids")
    name = models.CharField(_("SSID"), max_length=32)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SSID")
        verbose_name_plural = _("SSIDs")
        ordering = ["residence", "name"]
        constraints = [models.UniqueConstraint(fields=["residence", "name"], name="ssid_unique_per_residence")]

    def __str__(self):
        return f"{self.name} ({self.residence})"
