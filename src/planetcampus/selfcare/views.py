"""The students' self-care space: Home, Private WiFi and Help tabs.

Every page works without JavaScript and without a confirmation dialog, so
it also works in a captive mini-browser; a second form step replaces
`confirm()`. The Account tab lives in account_views.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planetcampus.access.rights import current_right
from planetcampus.selfcare import chart, devices, services, usage
from planetcampus.selfcare.forms import ConfirmForm, DeviceForm, RenameDeviceForm, SubscribeForm
from planetcampus.selfcare.models import FaqEntry
from planetcampus.selfcare.qrcode import wifi_svg

DOCUMENTS = {"terms": "selfcare/documents/terms.html", "private-wifi-contract": "selfcare/documents/contract.html"}


def student_required(view):
    """Let in signed-in residents and visitors; staff accounts get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.kind not in (user.Kind.RESIDENT, user.Kind.VISITOR):
            raise PermissionDenied("Self-care is for students.")
        return view(request, *args, **kwargs)

    return wrapper


def _subscription(user):
    subscription = getattr(user, "private_wifi", None)
    if subscription is not None and subscription.cancelled_at is not None:
        return None
    return subscription


def _page(request, template, tab, **context):
    return render(request, template, {"tab": tab, **context})


@student_required
def home(request):
    user = request.user
    right = current_right(user)
    resident = getattr(user, "resident", None)
    residence = resident.residence if resident is not None else None
    if residence is None and right.residence_id:
        from planetcampus.estate.models import Residence

        residence = Residence.objects.filter(pk=right.residence_id).first()
    subscription = _subscription(user)
    return _page(request, "selfcare/home.html", "home", right=right, residence=residence,
                 subscription=subscription, eligibility=services.eligibility(user),
                 private_active=services.is_active(subscription))


@student_required
def wifi(request):
    user = request.user
    subscription = _subscription(user)
    if subscription is None:
        return _page(request, "selfcare/wifi_subscribe.html", "wifi", eligibility=services.eligibility(user),
                     form=SubscribeForm())
    return _page(request, "selfcare/wifi.html", "wifi", **_wifi_context(subscription))


def _wifi_context(subscription, **extra):
    ssids = services.private_ssids(subscription.residence)
    ssid = ssids[0] if ssids else ""
    start, end = usage.period_for(subscription)
    consumption = usage.consumption(subscription.user, start, end)
    return {
        "subscription": subscription,
        "active": services.is_active(subscription),
        "renewal_open": services.renewal_open(subscription),
        "ssid": ssid,
        "qr_svg": wifi_svg(ssid, subscription.key, _("QR code to join %(ssid)s") % {"ssid": ssid}) if ssid else "",
        "devices": devices.private_devices(subscription),
        "device_form": extra.pop("device_form", DeviceForm()),
        "consumption": consumption,
        "chart_svg": chart.render(consumption),
        "legend": [(chart.colour_for(index), device, chart.format_octets(device.total))
                   for index, device in enumerate(consumption.devices)],
        "daily_rows": [
            (day, [chart.format_octets(device.by_day.get(day, 0)) for device in consumption.devices],
             chart.format_octets(consumption.day_total(day)))
            for day in consumption.days if consumption.day_total(day)
        ],
        "total": chart.format_octets(consumption.total),
        **extra,
    }


@require_POST
@student_required
def subscribe(request):
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _page(request, "selfcare/wifi_subscribe.html", "wifi",
                     eligibility=services.eligibility(request.user), form=form)
    try:
        services.subscribe(request.user)
    except services.SubscriptionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You have subscribed to the private WiFi option. Here is your key."))
    return redirect("selfcare:wifi")


def _with_subscription(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        subscription = _subscription(request.user)
        if subscription is None:
            return redirect("selfcare:wifi")
        return view(request, subscription, *args, **kwargs)

    return student_required(wrapper)


@_with_subscription
def reset_key(request, subscription):
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reset_key(subscription, actor=request.user)
        messages.success(request, _("Your new WiFi key is below. The old key no longer works: type the new one on each device."))
        return redirect("selfcare:wifi")
    return _page(request, "selfcare/confirm_reset.html", "wifi", form=form)


@_with_subscription
def cancel(request, subscription):
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel(subscription, actor=request.user)
        messages.success(request, _("Your private WiFi option has ended and your key no longer works."))
        return redirect("selfcare:wifi")
    return _page(request, "selfcare/confirm_cancel.html", "wifi", form=form)


@require_POST
@_with_subscription
def renew(request, subscription):
    try:
        services.renew(subscription, actor=request.user)
    except services.SubscriptionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your private WiFi option is renewed."))
    return redirect("selfcare:wifi")


@require_POST
@_with_subscription
def add_device(request, subscription):
    form = DeviceForm(request.POST)
    if form.is_valid():
        try:
            services.register_device(subscription, form.cleaned_data["mac"], form.cleaned_data["name"], actor=request.user)
        except services.SubscriptionRefused as refusal:
            form.add_error("mac", str(refusal))
        else:
            messages.success(request, _("Device %(mac)s added: it joins with your key.") % {"mac": form.cleaned_data["mac"].upper()})
            return redirect("selfcare:wifi")
    return _page(request, "selfcare/wifi.html", "wifi", **_wifi_context(subscription, device_form=form, devices_open=True))


@require_POST
@student_required
def rename_device(request, device_id):
    form = RenameDeviceForm(request.POST)
    if form.is_valid():
        try:
            devices.rename(request.user, device_id, form.cleaned_data["name"])
        except LookupError:
            raise Http404 from None
        messages.success(request, _("Device renamed."))
    else:
        messages.error(request, _("Give the device a name of 60 characters at most."))
    return redirect("selfcare:wifi")


@require_POST
@student_required
def remove_device(request, device_id=None, bound_id=None):
    try:
        devices.remove(request.user, device_id=device_id, bound_id=bound_id)
    except LookupError:
        raise Http404 from None
    messages.success(request, _("Device removed. It is disconnected and has to be added again to rejoin."))
    return redirect("selfcare:wifi")


@student_required
def help_page(request):
    entries = FaqEntry.objects.filter(published=True).prefetch_related("translations")
    language = get_language()
    faq = [(entry.slug, entry.text_for(language)) for entry in entries]
    return _page(request, "selfcare/help.html", "help", faq=[item for item in faq if item[1] is not None])


@student_required
def document(request, slug):
    if slug not in DOCUMENTS:
        raise Http404
    return _page(request, DOCUMENTS[slug], "help", slug=slug)
