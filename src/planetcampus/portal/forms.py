from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

TERMS_LABEL = _("I confirm that I have read the terms of use and accept them without reservation.")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Connection code"), max_length=32)


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), max_length=256, strip=False, widget=forms.PasswordInput)


class _PasswordFields(forms.Form):
    password1 = forms.CharField(label=_("Password"), max_length=256, strip=False, widget=forms.PasswordInput,
                                help_text=_("At least 10 characters, not a common password and not only digits."))
    password2 = forms.CharField(label=_("Confirm your password"), max_length=256, strip=False, widget=forms.PasswordInput)
    terms = forms.BooleanField(label=TERMS_LABEL, error_messages={"required": _("Accept the terms of use to create your account.")})

    def identity_for_password_check(self):
        """Names and e-mail the password must not resemble."""
        return {}

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        elif first:
            candidate = get_user_model()(**self.identity_for_password_check())
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CodeAccountForm(_PasswordFields):
    """CRÉEZ VOTRE COMPTE after a connection code: every field is typed."""

    field_order = ["last_name", "first_name", "email", "email2", "password1", "password2", "terms"]
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    email2 = forms.EmailField(label=_("Confirm your e-mail"), max_length=254)

    def identity_for_password_check(self):
        data = self.cleaned_data
        return {"email": data.get("email", ""), "first_name": data.get("first_name", ""), "last_name": data.get("last_name", "")}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already uses this e-mail address. Sign in with it, or use “Forgot your password?” on the portal's first page.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        email, confirmation = cleaned.get("email"), cleaned.get("email2")
        if email and confirmation and email != confirmation.strip().lower():
            self.add_error("email2", _("The two e-mail addresses differ. Type the same address twice."))
        return cleaned


class SsoAccountForm(_PasswordFields):
    """CRÉEZ VOTRE COMPTE after the student SSO: names and e-mail come from the provider."""

    def __init__(self, *args, identity: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity = identity

    def identity_for_password_check(self):
        return {key: self.identity.get(key, "") for key in ("email", "first_name", "last_name")}
