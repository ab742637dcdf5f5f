"""Staff pages of the switch-over: the plan, a residence's checklist, a wave's communications, the trajectory."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.scoping import is_operator, scope_by_crous, scope_by_residence, visible_residences
from planetcampus.core import clock
from planetcampus.core.models import AuditEvent
from planetcampus.messaging.models import Job
from planetcampus.switchover import checklist, exports, selection
from planetcampus.switchover.forms import HoldForm, StepForm
from planetcampus.switchover.models import Entry, Hold, Notice, Step, Wave
from planetcampus.switchover.planning import Standing, next_open_switch, plans_for
from planetcampus.switchover.trajectory import svg_geometry, trajectory


def _residences(request):
    return visible_residences(request.user).select_related("crous").order_by("crous__name", "name")


@staff_required
def home(request):
    residences = _residences(request)
    crous_code = request.GET.get("crous", "")
    if crous_code:
        residences = residences.filter(crous__code=crous_code)
    plans = sorted(plans_for(residences).values(),
                   key=lambda plan: (plan.switch_on or date.max, plan.residence.crous.name, plan.residence.name))
    waves = Wave.objects.filter(switch_on__gte=clock.local_today()).order_by("switch_on")[:3]
    runs = Job.objects.filter(kind__startswith="switchover.").order_by("-due_at")[:12] if is_operator(request.user) else []
    return render(request, "switchover/home.html", {
        "plans": plans, "waves": waves, "runs": runs, "crous_code": crous_code,
        "next_open": next_open_switch(clock.local_today()), "standings": Standing.LABELS,
        "in_process": [plan for plan in plans if plan.standing in {Standing.SELECTED, Standing.PLANNED}],
    })


@staff_required
def residence(request, code):
    item = get_object_or_404(_residences(request), code=code)
    plan = plans_for([item])[item.pk]
    return render(request, "switchover/residence.html", {
        "residence": item, "plan": plan, "steps": checklist.steps_for(item),
        "confirmed_by_people": checklist.CONFIRMED_BY_PEOPLE,
        "holds": Hold.objects.filter(residence=item).select_related("created_by", "released_by"),
        "notices": Notice.objects.filter(residence=item).select_related("message", "wave").order_by("-created_at")[:200],
        "events": AuditEvent.objects.filter(target_type="estate.residence", target_id=str(item.pk),
                                            action__startswith="switchover.").select_related("actor")[:50],
        "hold_form": HoldForm(), "step_form": StepForm(), "can_act": is_operator(request.user),
    })


@operator_required
@require_POST
def step(request, code, kind, action):
    item = get_object_or_404(_residences(request), code=code)
    if kind not in Step.Kind.values or action not in {"do", "undo"}:
        raise Http404("Unknown checklist step.")
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "do":
            checklist.do_step(item, kind, actor=request.user, note=note)
        else:
            checklist.undo_step(item, kind, actor=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("switchover:residence", code=item.code)


@operator_required
@require_POST
def hold(request, code):
    item = get_object_or_404(_residences(request), code=code)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            selection.hold(item, reason=form.cleaned_data["reason"], until=form.cleaned_data["until"],
                           actor=request.user)
            messages.success(request, _("The residence is held or postponed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect("switchover:residence", code=item.code)


@operator_required
@require_POST
def release(request, pk):
    item = get_object_or_404(scope_by_residence(request.user, Hold.objects.all()), pk=pk)
    selection.release(item, actor=request.user)
    messages.success(request, _("The hold is released."))
    return redirect("switchover:residence", code=item.residence.code)


def _wave(request, day):
    try:
        switch_on = date.fromisoformat(day)
    except ValueError:
        raise Http404("Not a date.") from None
    return get_object_or_404(Wave, switch_on=switch_on)


@staff_required
def wave(request, day):
    item = _wave(request, day)
    entries = scope_by_residence(request.user, item.entries.select_related("residence__crous"))
    notices = scope_by_crous(request.user, item.notices.select_related("message", "residence", "crous"))
    if not is_operator(request.user):
        notices = notices.exclude(kind=Notice.Kind.OPERATOR_ALERT)
    return render(request, "switchover/wave.html", {"wave": item, "entries": entries, "notices": notices,
                                                     "kinds": Notice.Kind})


@staff_required
def wave_list(request, day, extension):
    item = _wave(request, day)
    entries = scope_by_residence(request.user, item.entries.exclude(status=Entry.Status.WITHDRAWN)
                                 .select_related("residence__crous", "wave"))
    if extension == "csv":
        response = HttpResponse(exports.as_csv(entries), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.as_xlsx(entries), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bascule-{item.switch_on:%Y-%m}.{extension}"'
    return response


@staff_required
def trajectory_svg(request):
    points = trajectory(_residences(request))
    response = render(request, "switchover/trajectory.svg", {"chart": svg_geometry(points), "points": points},
                      content_type="image/svg+xml")
    return response
