"""The managers' workspace (being built)."""

from django.shortcuts import render

from .who import who_context


def workspace(request, role):
    return render(request, "org/workspace.html", who_context(request, role))
