"""The remark sentence of the monthly table, generated from an incident."""

from django.utils.translation import gettext as _

from planetcampus.core.clock import PARIS, now


def responsible_party(incident) -> str:
    """Name the party responsible: the operator by its offer's name, else the other party."""
    if incident.responsibility == incident.Responsibility.OPERATOR:
        return incident.residence.get_offer_display()
    return str(incident.get_responsibility_display())


def duration_hours(incident) -> float:
    end = incident.ended_at or now()
    return (end - incident.started_at).total_seconds() / 3600


def incident_remark(incident) -> str:
    """Write the incident as one remark in the format of the CROUS monthly tables.

    In French: "Le 20/02/20 / responsabilité SmartCampus / Site injoignable /
    durée : 1.0 heure(s) : ... Le site a-t-il été informé? non Résultat : ...".
    """
    values = {
        "date": incident.started_at.astimezone(PARIS).strftime("%d/%m/%y"),
        "party": responsible_party(incident),
        "title": incident.title,
        "hours": f"{duration_hours(incident):.1f}",
        "description": incident.description or incident.title,
        "diagnosis": incident.diagnosis or "-",
        "perimeter": incident.perimeter or "-",
        "impact": incident.impact or "-",
        "informed": _("yes") if incident.site_informed else _("no"),
        "outcome": incident.outcome or "-",
    }
    if incident.ended_at is None:
        template = _("On {date} / {party} responsibility / {title} / ongoing for {hours} hour(s): {description} "
                     "Diagnosis: {diagnosis} Incident perimeter: {perimeter} Incident impact: {impact} "
                     "Was the site informed? {informed} Outcome: {outcome}")
    else:
        template = _("On {date} / {party} responsibility / {title} / duration: {hours} hour(s): {description} "
                     "Diagnosis: {diagnosis} Incident perimeter: {perimeter} Incident impact: {impact} "
                     "Was the site informed? {informed} Outcome: {outcome}")
    return template.format(**values)
