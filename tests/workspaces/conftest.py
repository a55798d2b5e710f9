import pytest

from tests.escalations.conftest import *  # noqa: F403  (org, now, post, mql, sql, opportunity, sweep…)


# The managers' workspace: breaches the sweep opens, the way they happen in production.
@pytest.fixture
def unanswered(now, post):
    """`make(count)`: that many Tier 1 leads nobody called, posted a minute apart (routed to
    sdr1 and sdr2 in turn, sdrmgr's team); the sweep two business hours on opens a first-touch
    breach for each. The breaches, oldest first."""
    from datetime import timedelta

    from escalations.models import Breach
    from tests.escalations.conftest import sweep

    def make(count: int) -> list:
        for n in range(count):
            now.shift(timedelta(minutes=1))
            assert post(email=f"lead{n}@acme.example", external_id=f"map-{n}").status_code == 201
        now.shift(timedelta(hours=3))
        sweep()
        return list(Breach.objects.filter(code="sdr_first_touch_t1").order_by("breached_at"))

    return make
