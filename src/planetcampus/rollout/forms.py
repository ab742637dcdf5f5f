from django import forms
from django.utils.translation import gettext_lazy as _

from planetcampus.core.clock import local_today
from planetcampus.rollout.models import STATUS_CHOICES, Meeting, Topic


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, XLSX or text)"), required=False)
    text = forms.CharField(
        label=_("Or paste a table"), required=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_("Copy the table from a slide or a spreadsheet, header line included. Blank cells count as zero."),
    )
    as_of = forms.DateField(label=_("Figures as of"), initial=local_today, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label=_("Year of dates written without one"), required=False, min_value=2000, max_value=2100,
                              help_text=_("For dates such as 22/01; by default the year of the date above."))
    dry_run = forms.BooleanField(label=_("Check only, change nothing"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("Choose a file or paste a table."))
        return cleaned

    def source(self) -> tuple[str, bytes]:
        """Return the file name and content to import."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.name, upload.read()
        return "pasted.txt", self.cleaned_data["text"].encode("utf-8")


class StatusChangeForm(forms.Form):
    """One dated status change of a residence, entered by an operator."""

    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    status = forms.ChoiceField(label=_("Status"), choices=[])
    effective_on = forms.DateField(label=_("Effective on"), initial=local_today,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (choices.label, [(value, label) for value, label in STATUS_CHOICES[topic].choices])
            for topic, choices in ((topic, Topic(topic)) for topic in STATUS_CHOICES)
        ]

    def clean(self):
        cleaned = super().clean()
        topic, status = cleaned.get("topic"), cleaned.get("status")
        if topic and status and status not in STATUS_CHOICES[topic].values:
            self.add_error("status", _("This status does not belong to the chosen topic."))
        effective_on = cleaned.get("effective_on")
        if effective_on and effective_on > local_today():
            self.add_error("effective_on", _("A change cannot take effect in the future; record it on the day it happens."))
        return cleaned


class MeetingForm(forms.Form):
    """A kickoff meeting or steering committee of a CROUS, new, moved or cancelled."""

    kind = forms.ChoiceField(label=_("Meeting"), choices=Meeting.Kind.choices)
    meeting_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    replaces_on = forms.DateField(label=_("Moves the meeting of"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Leave empty for a new steering committee."))
    cancelled = forms.BooleanField(label=_("Cancel the meeting of this date"), required=False)
