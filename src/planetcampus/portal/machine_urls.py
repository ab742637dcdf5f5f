"""Unprefixed portal URLs: captive-portal detection probes and the RFC 8908 API."""

from django.urls import path  # noqa: F401

urlpatterns = []
