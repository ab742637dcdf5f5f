from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from planetcampus.center.models import FLYER_LANGUAGES
from planetcampus.center.services.visitor_codes import MAX_BATCH_SIZE, MAX_DEVICES
from planetcampus.core.clock import local_now

SESSION_CHOICES = [
    (3600, _("1 hour")),
    (4 * 3600, _("4 hours")),
    (12 * 3600, _("12 hours")),
    (24 * 3600, _("24 hours")),
    (7 * 24 * 3600, _("7 days")),
]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitorCodeForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=MAX_BATCH_SIZE, initial=1)
    valid_from = forms.DateTimeField(label=_("Valid from"), widget=DATETIME_WIDGET)
    valid_until = forms.DateTimeField(label=_("Valid until"), widget=DATETIME_WIDGET)
    max_devices = forms.IntegerField(label=_("Devices per code"), min_value=1, max_value=MAX_DEVICES, initial=2)
    session_seconds = forms.TypedChoiceField(label=_("Session length"), choices=SESSION_CHOICES, coerce=int,
                                             initial=24 * 3600,
                                             help_text=_("After this time the visitor signs in again on the portal."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False,
                           help_text=_("For example the visitor's name or the event; printed on the card."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start = local_now().replace(second=0, microsecond=0)
        self.fields["valid_from"].initial = start
        self.fields["valid_until"].initial = start + timedelta(days=1)


class HousingImportForm(forms.Form):
    file = forms.FileField(label=_("Housing export (CSV or XLSX)"),
                           help_text=_("Columns: Nom, Prénom, Logement, Date d'arrivée, Date de départ, Téléphone, Email."))
    dry_run = forms.BooleanField(label=_("Check the file only, change nothing"), required=False)
    send_codes = forms.BooleanField(label=_("Send their codes to new residents"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("“%(name)s” is not a CSV or XLSX file; export the list as .csv or .xlsx.")
                                        % {"name": upload.name})
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB; split it by building."))
        return upload


class BookingForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Phone slot"), queryset=None, empty_label=None,
                                  widget=forms.RadioSelect)
    contact_phone = forms.CharField(label=_("Phone number to call"), max_length=30)
    flyer_quantity = forms.IntegerField(label=_("Printed flyers needed"), min_value=0, max_value=5000, initial=0)
    flyer_languages = forms.MultipleChoiceField(label=_("Flyer languages"), choices=FLYER_LANGUAGES, required=False,
                                                widget=forms.CheckboxSelectMultiple, initial=["fr", "en"])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = _slot_label


def _slot_label(slot) -> str:
    from django.utils import formats
    from django.utils.timezone import localtime

    start = localtime(slot.starts_at)
    text = f"{formats.date_format(start, 'l j F Y')}, {start:%H:%M}–{localtime(slot.ends_at):%H:%M}"
    return f"{text} ({slot.host})" if slot.host else text


class SlotForm(forms.Form):
    first_start = forms.DateTimeField(label=_("First slot starts"), widget=DATETIME_WIDGET)
    minutes = forms.IntegerField(label=_("Length of each slot (minutes)"), min_value=10, max_value=240, initial=30)
    count = forms.IntegerField(label=_("Number of consecutive slots"), min_value=1, max_value=40, initial=4)
    host = forms.CharField(label=pgettext_lazy("onboarding call", "Host"), max_length=150, required=False,
                           help_text=_("Who will call, as shown to managers."))
