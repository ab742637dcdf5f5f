from django.shortcuts import redirect

from planetcampus.accounts.scoping import is_operator, is_staff_member


def home(request):
    """Send each visitor to their own space: operator, center, self-care or portal."""
    user = request.user
    if is_operator(user):
        return redirect("estate:operator-home")
    if is_staff_member(user):
        return redirect("center:home")
    if user.is_authenticated:
        return redirect("selfcare:home")
    return redirect("portal:home")


def placeholder(request):
    from django.http import HttpResponse

    return HttpResponse("This space is being built.", content_type="text/plain", status=503)
