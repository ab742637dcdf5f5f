from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ResidenceImportForm(forms.Form):
    KIND_CHOICES = [
        ("spreadsheet", _("Operator spreadsheet of residences (CSV or XLSX)")),
        ("opendata", _("CNOUS open-data list of residences (CSV)")),
    ]

    kind = forms.ChoiceField(label=_("File kind"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("File"))
    dry_run = forms.BooleanField(label=_("Check only, change nothing"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in {"csv", "xlsx", "txt"}:
            raise forms.ValidationError(
                _("“%(name)s” is not a CSV or XLSX file; save it as .csv or .xlsx and try again."),
                params={"name": upload.name},
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it into several files."))
        return upload
