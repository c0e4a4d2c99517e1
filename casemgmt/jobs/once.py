"""Effects that must happen once although their task may run twice.

Tasks are acknowledged late and redelivered when their worker dies (settings: acks_late,
reject_on_worker_lost), so a task can run again after it already did its work. Database effects
are made idempotent by re-reading what they work on; an effect outside the database (a mail) is
done through `once`: its key is recorded in the same transaction as the effect runs in, so

* a run that finds the key does nothing;
* a run that fails or is killed before its commit leaves no key, and the next run does the effect;
* two runs at the same time queue on the key's unique index: the second waits for the first's
  commit and then finds the key (or, if the first failed, records it and does the effect).

The one gap left is a process killed after the effect and before the commit (a mail handed to the
server, then the machine lost): then the effect happens twice, the narrowest window there is
without the remote side taking an idempotency key.
"""

from collections.abc import Callable

from django.db import transaction

from .models import EffectDone


def once(key: str, effect: Callable[[], object]) -> bool:
    """Run `effect()` unless an effect with this key already happened; True if it ran now."""
    with transaction.atomic():
        _record, created = EffectDone.objects.get_or_create(key=key)
        if not created:
            return False
        effect()
    return True
