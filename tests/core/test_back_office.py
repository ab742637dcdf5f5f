"""The back office covers every model and every list page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse


def platform_models():
    return [model for model in apps.get_models() if model.__module__.startswith("planetcampus.")]


def test_every_model_in_back_office():
    missing = [model._meta.label for model in platform_models() if model not in admin.site._registry]

    assert missing == []


@pytest.mark.parametrize("model", platform_models(), ids=lambda model: model._meta.label)
def test_back_office_list_opens(client_for, model, estate):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = client_for("operator").get(url, {"q": "Lyon"})

    assert response.status_code == 200
