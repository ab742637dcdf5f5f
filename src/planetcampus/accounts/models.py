from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required to create a user.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("kind", User.Kind.STAFF)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: students (residents, visitors) and staff.

    The e-mail address is the login. Staff scope (operator, CROUS DSI,
    residence manager) comes from StaffRole rows, not from this model.
    """

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("resident")
        VISITOR = "visitor", _("visitor")
        STAFF = "staff", _("staff")

    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164, for example +33612345678"))
    language = models.CharField(_("language"), max_length=10, default="fr")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RESIDENT)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Subject of the national student account, set on first SSO sign-in.
    sso_subject = models.CharField(_("SSO subject"), max_length=255, blank=True, db_index=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class StaffRole(models.Model):
    """What a staff member may see: everything, one CROUS, or some residences."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("operator staff")
        DSI = "dsi", _("CROUS IT department")
        MANAGER = "manager", _("residence manager")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    crous = models.ForeignKey(
        "estate.Crous", verbose_name=_("CROUS"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="staff_roles",
        help_text=_("Required for a CROUS IT department."),
    )
    residences = models.ManyToManyField(
        "estate.Residence", verbose_name=_("residences"), blank=True, related_name="staff_roles",
        help_text=_("The residences a residence manager looks after."),
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")

    def __str__(self):
        if self.role == self.Role.DSI and self.crous_id:
            return f"{self.get_role_display()} {self.crous}"
        return str(self.get_role_display())
