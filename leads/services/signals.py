"""Account signals: what the intent provider, the event app, the gift platform and product
analytics saw an account do, each starting the account's ABX clock of its kind."""

from datetime import datetime
from uuid import UUID, uuid5

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from slaportal.api.models import person_behind, recorded_time
from slaportal.events import Event, publish_about
from slaportal.fsm import TransitionRefused

from ..models import Account, AccountSignal, SignalKind
from .access import may_post_signals

# A re-posted signal's event has the id of the first one (uuid5 of this and its external id),
# so the event log drops it too.
SIGNAL_EVENTS = UUID("e8d31a3c-f56a-48b5-bd3f-3e52fd8eda6a")

_EVENT_OF = {
    SignalKind.INTENT_SPIKE: Event.ACCOUNT_INTENT_SPIKE,
    SignalKind.EVENT_ATTENDED: Event.ACCOUNT_EVENT_ATTENDED,
    SignalKind.GIFT_ACCEPTED: Event.ACCOUNT_GIFT_ACCEPTED,
    SignalKind.USAGE_SURGE: Event.ACCOUNT_USAGE_SURGE,
}


@transaction.atomic
def record_signal(
    account: Account,
    caller,
    *,
    kind: str,
    occurred_at: datetime | None,
    external_id: str | None = None,
    detail: str = "",
) -> tuple[AccountSignal, bool]:
    """Record the signal (dated by the system reporting it; a person's by the server) and
    publish its event about the account; the signal and whether it is new. Re-posting an
    `external_id` changes nothing and answers the signal it first made."""
    if not may_post_signals(caller):
        raise PermissionDenied(
            "Account signals are posted by Marketing's systems, Marketing Ops or RevOps."
        )
    now = timezone.now()
    fields = {
        "account": account,
        "kind": kind,
        "occurred_at": recorded_time(caller, occurred_at, now),
        "received_at": now,
        "detail": detail,
        "actor": person_behind(caller),
    }
    if external_id is None:
        signal, created = AccountSignal.objects.create(**fields), True
    else:
        # Concurrent re-posts meet at the unique external id: one creates, the others get it.
        signal, created = AccountSignal.objects.get_or_create(
            external_id=external_id, defaults=fields
        )
    if signal.account_id != account.pk:
        raise TransitionRefused(
            "That external id names a signal of another account.",
            [f"an external id not used for another account's signal (“{external_id}” is)"],
        )
    if created:
        publish_about(
            account,
            _EVENT_OF[signal.kind],
            signal.occurred_at,
            signal.actor,
            event_id=uuid5(SIGNAL_EVENTS, f"account-signal:{external_id}") if external_id else None,
            signal=signal.pk,
        )
    return signal, created
