from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planetcampus.aaa.macs import normalise_mac

class SubscribeForm(forms.Form):
    accept_contract = forms.BooleanField(
        label=_("I have read the private WiFi contract and accept it."),
        error_messages={"required": _("Tick the box to accept the private WiFi contract.")},
    )

class ConfirmForm(forms.Form):
    """A second step instead of a JavaScript dialog, which captive mini-browsers do not show."""

    confirm = forms.BooleanField(error_messages={"required": _("Tick the box to confirm.")})

class DeviceForm(forms.Form):
    mac = forms.CharField(label=_("MAC address (WiFi address)"), max_length=40,
                          help_text=_("For example 3C:22:FB:12:34:56, written in the device's network settings."))
    name = forms.CharField(label=_("Name"), max_length=60, required=False,
                           help_text=_("For example: games console, printer."))

    def clean_mac(self):
        raw = self.cleaned_data["mac"]
        try:
            mac = normalise_mac(raw)
        except ValueError:
            raise ValidationError(_("%(value)s is not a MAC address: it has 12 hexadecimal digits, for example 3C:22:FB:12:34:56.")
                                  % {"value": raw}) from None
        if mac == "00:00:00:00:00:00" or int(mac[:2], 16) & 0x01:
            raise ValidationError(_("%(value)s is not a device's own address (zero or group address).") % {"value": raw})
        return mac

class RenameDeviceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)

class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language of e-mails and messages"), choices=settings.LANGUAGES)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "phone", "language"]
        # Our own labels: the account model's are translated for staff languages only.
        labels = {"first_name": _("First name"), "last_name": _("Last name"), "phone": _("Mobile phone")}
        help_texts = {"phone": _("For example +33 6 12 34 56 78. We use it only for service messages.")}

    def clean_phone(self):
        from planetcampus.messaging.phone import normalise_phone

        raw = self.cleaned_data["phone"].strip()
        return normalise_phone(raw) if raw else ""

class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New e-mail address"), max_length=254)
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput,
                               help_text=_("To check that it is you."))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = self.cleaned_data["new_email"].strip().lower()
        if email == self.user.email:
            raise ValidationError(_("This is already your e-mail address."))
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Another account uses %(email)s.") % {"email": email})
        return email

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("The password is not right."))
        return self.cleaned_data["password"]

class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("I understand that my account, my private WiFi key and my devices are deleted for good."),
        error_messages={"required": _("Tick the box to confirm.")})

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("The password is not right."))
        return self.cleaned_data["password"]
