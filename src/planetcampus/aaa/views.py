"""A status page for operators: the RADIUS interface's recent activity."""

from django.http import HttpResponse

from planetcampus.accounts.decorators import operator_required


@operator_required
def home(request):
    from planetcampus.aaa.models import AccountingSession, DynamicAuthorization

    open_sessions = AccountingSession.objects.filter(stopped_at__isnull=True).count()
    pending = DynamicAuthorization.objects.exclude(outcome="ack").count()
    return HttpResponse(f"open sessions: {open_sessions}\ndynamic authorisation not acknowledged: {pending}\n",
                        content_type="text/plain; charset=utf-8")
