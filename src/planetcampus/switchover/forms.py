from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
    until = forms.CharField(
        label=_("Postpone to (month)"), required=False, max_length=7,
        help_text=_("YYYY-MM: the residence switches no earlier than the 1st of that month. Leave empty to hold "
                    "it until released."),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2027-05"}),
    )

    def clean_until(self):
        text = self.cleaned_data["until"].strip()
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("“%(value)s” is not a month: write it as YYYY-MM, for example 2027-05."),
                                        params={"value": text}) from None


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
