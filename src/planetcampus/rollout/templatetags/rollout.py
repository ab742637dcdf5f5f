from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def comparison_sentence(headline) -> str:
    """Return "58 % vs 41 % in March 2020" (or the count alone when no percentage was known)."""
    now, earlier, point = headline.now, headline.earlier, headline.earlier_point
    values = {"label": headline.label, "now": _figure(now)}
    if earlier is None or point is None:
        return _("%(label)s: %(now)s") % values
    values["then"] = _figure(earlier)
    if point.precision == "month":
        values["period"] = date_format(point.on, "YEAR_MONTH_FORMAT").lower()
        return _("%(label)s: %(now)s vs %(then)s in %(period)s") % values
    values["period"] = date_format(point.on, "SHORT_DATE_FORMAT")
    return _("%(label)s: %(now)s vs %(then)s on %(period)s") % values


def _figure(figure) -> str:
    if figure.percent is None:
        return str(figure.count or 0)
    if figure.count is None:
        return _("%(percent)s %%") % {"percent": figure.percent}
    return _("%(percent)s %% (%(count)s)") % {"percent": figure.percent, "count": figure.count}


@register.filter
def percent_text(value) -> str:
    return "–" if value is None else _("%(percent)s %%") % {"percent": value}
