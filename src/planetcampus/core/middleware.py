from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation

# URL prefixes (after the language) of the pages used by staff, which exist in
# French and English only.
STAFF_PREFIXES = (
    "/operator/", "/center/", "/rollout/", "/switchover/", "/reporting/", "/eduroam/", "/admin/", "/selfcare/staff/",
)


class StaffLanguageMiddleware:
    """Send staff pages asked for in a students-only language to English.

    Staff strings are translated to French and English only. Serving them in
    German would mix English and German on one page, so the request is
    redirected to the English page instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language()
        if language not in settings.STAFF_LANGUAGES:
            prefix = f"/{language}"
            path = request.path_info
            if path.startswith(prefix) and path[len(prefix):].startswith(STAFF_PREFIXES):
                target = "/en" + path[len(prefix):]
                if request.META.get("QUERY_STRING"):
                    target += "?" + request.META["QUERY_STRING"]
                return HttpResponseRedirect(target)
        return self.get_response(request)
