from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from catalog.history.records import history_baseline_write, history_model_for, history_tracked_models

CHUNK = 2000


class Command(BaseCommand):
    help = _(
        "Record the current state of every product, translation, variant, price, stock level and channel listing "
        "that has no history yet (rows from before the history was installed), so their versions can be compared "
        "and restored. Safe to run again: rows with history are skipped."
    )

    def handle(self, *args, **options) -> None:
        reason = _("State when the history was started")
        for model in history_tracked_models():
            history = history_model_for(model)
            pending = model._default_manager.filter(~Exists(history.objects.filter(id=OuterRef("pk"))))
            written, last_id = 0, 0
            # Keyset chunks, each in its own transaction: memory stays flat on a large catalog.
            while chunk := list(pending.filter(pk__gt=last_id).order_by("pk")[:CHUNK]):
                with transaction.atomic():
                    written += history_baseline_write(model=model, instances=chunk, reason=reason)
                last_id = chunk[-1].pk
            self.stdout.write(_("%(model)s: %(count)s rows recorded.") % {
                "model": model._meta.verbose_name_plural, "count": written})
