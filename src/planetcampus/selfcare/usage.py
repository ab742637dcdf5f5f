"""Consumption per device and per day, read from the AAA back end's daily usage."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum

from planetcampus.core.clock import PARIS, local_today

# A chart of more than a year of days is unreadable on a phone; older days
# stay in the totals of the data download.
MAX_DAYS = 366


@dataclass
class DeviceUsage:
    device_id: int
    label: str
    mac: str
    randomised: bool
    by_day: dict[date, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_day.values())


@dataclass
class Consumption:
    start: date
    end: date
    devices: list[DeviceUsage]

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range((self.end - self.start).days + 1)]

    def day_total(self, day: date) -> int:
        return sum(device.by_day.get(day, 0) for device in self.devices)

    @property
    def total(self) -> int:
        return sum(device.total for device in self.devices)


def period_for(subscription, today: date | None = None) -> tuple[date, date]:
    """Return the option's period so far: subscription day to today (or the end of validity)."""
    today = today or local_today()
    start = subscription.subscribed_at.astimezone(PARIS).date()
    end = today
    if subscription.valid_until is not None and subscription.valid_until < today:
        end = subscription.valid_until
    start = max(start, end - timedelta(days=MAX_DAYS - 1))
    return min(start, end), end


def consumption(user, start: date, end: date) -> Consumption:
    """Sum received and sent octets per device and day, both directions together."""
    from planetcampus.aaa.models import DailyUsage

    rows = (DailyUsage.objects.filter(user=user, day__range=(start, end))
            .values("device_id", "device__name", "device__mac", "device__randomised", "day")
            .annotate(received=Sum("input_octets"), sent=Sum("output_octets"))
            .order_by("device__first_seen", "device_id", "day"))
    devices: dict[int, DeviceUsage] = {}
    for row in rows:
        device = devices.get(row["device_id"])
        if device is None:
            device = devices[row["device_id"]] = DeviceUsage(
                row["device_id"], row["device__name"] or row["device__mac"], row["device__mac"],
                row["device__randomised"])
        device.by_day[row["day"]] = device.by_day.get(row["day"], 0) + (row["received"] or 0) + (row["sent"] or 0)
    return Consumption(start, end, list(devices.values()))

