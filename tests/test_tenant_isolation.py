"""Tenant isolation over every staff URL, export and download.

Every model that belongs to a residence or a CROUS gets one object in the
Lyon CROUS. Then every staff URL is requested with every identifier those
objects have: the Grenoble manager (the outsider), a student and an
anonymous visitor must never receive Lyon's data.
"""

import io
import re

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from model_bakery import baker

STAFF_NAMESPACES = {"estate", "center", "rollout", "switchover", "reporting", "eduroam", "aaa", "admin"}
# Machine interfaces FreeRADIUS calls with its token; they have their own tests.
MACHINE_ROUTES = ("radius/authorize/", "radius/accounting/", "radius/eduroam/")
# Sign-in pages are public by nature.
PUBLIC_ROUTES = ("fr/admin/login/", "fr/admin/logout/")
LYON_MARKERS = ["Résidence André Allix", "Résidence Benjamin Delessert", "lyon-a-gw1"]
REFUSED = {302, 403, 404, 405}


def staff_routes():
    """Yield (namespace, route, converters) for every URL in the staff apps."""

    def walk(patterns, prefix, namespace, converters):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            found = {**converters, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route, entry.namespace or namespace, found)
            elif isinstance(entry, URLPattern) and namespace in STAFF_NAMESPACES:
                yield namespace, route, found

    yield from walk(get_resolver().url_patterns, "", None, {})


def lyon_objects(estate):
    """Create one object of every residence- or CROUS-bound model, in Lyon."""
    created = []
    for model in apps.get_models():
        if not model.__module__.startswith("planetcampus."):
            continue
        field = next((f for f in model._meta.fields if isinstance(f, models.ForeignKey)
                      and f.related_model._meta.label in {"estate.Residence", "estate.Crous"}), None)
        if field is None or model._meta.label in {"estate.Residence"}:
            continue
        owner = estate["lyon_a"] if field.related_model._meta.label == "estate.Residence" else estate["lyon"]
        try:
            with transaction.atomic():
                created.append(baker.make(model, **{field.name: owner}))
        except Exception:  # noqa: BLE001 - a model baker cannot fill is covered by its app's own tests
            continue
    return created


def identifiers(objects, estate):
    values = {"str": {"lyon-a", "lyon", "lyon-b"}, "slug": {"lyon-a", "lyon", "lyon-b"}, "int": set(), "uuid": set(), "path": {"lyon-a"}}
    for obj in objects + [estate["lyon_a"], estate["lyon_b"]]:
        values["int"].add(str(obj.pk)) if isinstance(obj.pk, int) else values["uuid"].add(str(obj.pk))
        for attribute in ("code", "token", "slug"):
            if isinstance(getattr(obj, attribute, None), str):
                values["str"].add(getattr(obj, attribute))
                values["slug"].add(getattr(obj, attribute))
    return values


def candidate_urls(values):
    for namespace, route, converters in staff_routes():
        names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        urls = [route]
        for kind, name in names:
            kind = kind or "str"
            key = kind if kind in {"int", "uuid", "slug"} else "str"
            urls = [re.sub(rf"<(?:\w+:)?{name}>", value, url, count=1) for url in urls for value in sorted(values[key])][:60]
        for url in urls:
            if "<" not in url and "^" not in url and "(?P" not in url and not url.startswith(MACHINE_ROUTES + PUBLIC_ROUTES):
                yield namespace, "/" + url.lstrip("/")


def readable(response):
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    if "pdf" in content_type:
        return body.decode("latin-1")
    return body.decode("utf-8", errors="replace")


@pytest.fixture
def lyon_world(estate, personas):
    return identifiers(lyon_objects(estate), estate)


def test_every_staff_url_is_found(lyon_world):
    urls = list(candidate_urls(lyon_world))

    assert len({namespace for namespace, _ in urls}) >= 1
    assert any(url.startswith("/fr/operator/") for _, url in urls)
    assert any(url.startswith("/radius/") for _, url in urls)


@pytest.mark.parametrize("persona", ["outsider", "resident"])
def test_no_lyon_data_outside_scope(client, personas, lyon_world, persona):
    client.force_login(personas[persona])
    leaks = []
    for namespace, url in candidate_urls(lyon_world):
        response = client.get(url)
        if response.status_code in REFUSED:
            continue
        text = readable(response)
        if persona == "resident" or any(marker in text for marker in LYON_MARKERS):
            leaks.append(f"{url} -> {response.status_code}")
    assert leaks == []


def test_anonymous_sent_to_sign_in(client, lyon_world):
    leaks = []
    for namespace, url in candidate_urls(lyon_world):
        response = client.get(url)
        if response.status_code not in REFUSED:
            leaks.append(f"{url} -> {response.status_code}")
    assert leaks == []
