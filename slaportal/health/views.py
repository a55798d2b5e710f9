from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from health_check.views import HealthCheckView

from .checks import BeatCheck, BrokerCheck, DatabaseCheck, WorkerCheck


@method_decorator(login_not_required, name="dispatch")
class HealthView(HealthCheckView):
    """Database, broker, worker and beat: 200 when all are healthy, else 503 naming them.

    Open without login, for load balancers and monitors; it shows no data, only status.
    """

    template_name = "health/status.html"
    checks = (DatabaseCheck, BrokerCheck, WorkerCheck, BeatCheck)

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        # The library answers 500 for an unhealthy system; monitors expect 503.
        if response.status_code == 500:
            response.status_code = 503
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.report()}

    def render_to_response_json(self, status):
        report = self.report()
        return JsonResponse(
            {
                **report,
                "beat_last_heartbeat": report["beat_last_heartbeat"]
                and report["beat_last_heartbeat"].isoformat(),
            },
            status=status,
        )

    def report(self) -> dict:
        checks = {
            result.check.name: {
                "healthy": result.error is None,
                "detail": "OK" if result.error is None else result.error.message,
            }
            for result in self.results
        }
        beat = next(result.check for result in self.results if isinstance(result.check, BeatCheck))
        return {
            "healthy": all(check["healthy"] for check in checks.values()),
            "unhealthy": [name for name, check in checks.items() if not check["healthy"]],
            "checks": checks,
            "beat_last_heartbeat": beat.last_heartbeat and beat.last_heartbeat.executed_at,
        }
