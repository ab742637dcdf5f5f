from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, languages=None):
    """List (code, name, url) for the language selector, as plain links.

    Links instead of a form so the selector works in captive mini-browsers
    without JavaScript or cookies.
    """
    request = context["request"]
    allowed = languages.split(",") if languages else [code for code, _ in settings.LANGUAGES]
    path = request.get_full_path()
    return [
        (code, name, translate_url(path, code))
        for code, name in settings.LANGUAGES
        if code in allowed
    ]
