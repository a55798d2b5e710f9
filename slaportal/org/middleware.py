"""Pages show times in the viewer's zone: their own if they chose one, else the company's."""

from zoneinfo import ZoneInfo

from django.utils import timezone

from slaportal import company


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        chosen = user.time_zone if user.is_authenticated else ""
        timezone.activate(ZoneInfo(chosen) if chosen else company.time_zone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
