"""The AE workspace (being built)."""

from django.shortcuts import render

from slaportal.org.roles import Role

from .who import who_context


def workspace(request):
    return render(request, "org/workspace.html", who_context(request, Role.AE))
