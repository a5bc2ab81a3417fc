import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catalog.models import ImportJob
from catalog.transfer.applying import PLAN
from catalog.transfer.outcome import Outcome, reason_text, rejected_rows_write
from catalog.transfer.planning import file_import
from catalog.transfer.reading import ImportFileError

SHOWN_REJECTIONS = 50


class Command(BaseCommand):
    help = _(
        "Import products, translations, variants, prices and stock from a CSV or XLSX file (the layout of the "
        "product export). Without --apply it is a dry run: it shows what would be created, updated and rejected, "
        "and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The CSV (UTF-8) or .xlsx file."))
        parser.add_argument("--apply", action="store_true", help=_("Save the changes (default: dry run only)."))
        parser.add_argument("--mode", choices=ImportJob.Mode.values, default=ImportJob.Mode.SKIP_BAD_ROWS,
                            help=_("all_or_nothing: save nothing if any row is rejected; skip_bad_rows (default): "
                                   "save the good rows."))
        parser.add_argument("--rejected-out", metavar="PATH",
                            help=_("Write the rejected rows (original columns, line, reason) to this CSV file."))

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        mode = options["mode"] if options["apply"] else PLAN
        try:
            table, outcome = file_import(path=options["file"], mode=mode, progress=self._progress(options))
        except FileNotFoundError:
            raise CommandError(_("There is no file %(path)s.") % {"path": options["file"]}) from None
        except ImportFileError as error:
            raise CommandError(_("The file cannot be imported; nothing was changed:\n%(problems)s")
                               % {"problems": "\n".join(f"- {problem}" for problem in error.problems)}) from None
        elapsed = time.monotonic() - started
        self._summary(outcome, mode=mode, elapsed=elapsed)
        if options["rejected_out"] and outcome.rejected:
            with open(options["rejected_out"], "w", encoding="utf-8", newline="") as stream:
                count = rejected_rows_write(table=table, outcome=outcome, stream=stream)
            self.stdout.write(_("%(count)s rejected rows written to %(path)s.")
                              % {"count": count, "path": options["rejected_out"]})
        if options["apply"] and not outcome.saved:
            raise CommandError(_("Nothing was saved: rows were rejected and the mode is all_or_nothing."))

    def _progress(self, options: dict):
        if options["verbosity"] < 2:
            return None

        def report(outcome: Outcome, in_transaction: bool) -> None:
            sys.stderr.write(f"\r{outcome.rows_done}/{outcome.total_rows}")
            sys.stderr.flush()

        return report

    def _summary(self, outcome: Outcome, *, mode: str, elapsed: float) -> None:
        summary = outcome.summary()
        if mode == PLAN:
            heading = _("Dry run (nothing was saved)")
        elif outcome.saved:
            heading = _("Import applied")
        else:
            heading = _("Nothing was saved (all or nothing)")
        rate = outcome.total_rows / elapsed if elapsed else 0
        self.stdout.write(_("%(heading)s: %(rows)s rows, %(created)s created, %(updated)s updated, "
                            "%(unchanged)s unchanged, %(rejected)s rejected (%(seconds).1f s, %(rate).0f rows/s).")
                          % {"heading": heading, "rows": outcome.total_rows, "seconds": elapsed, "rate": rate,
                             **summary})
        for line in sorted(outcome.rejected)[:SHOWN_REJECTIONS]:
            self.stdout.write(_("line %(line)s: %(reason)s") % {"line": line,
                                                                 "reason": reason_text(outcome.rejected[line])})
        if len(outcome.rejected) > SHOWN_REJECTIONS:
            self.stdout.write(_("... and %(count)s more rejected rows (see --rejected-out).")
                              % {"count": len(outcome.rejected) - SHOWN_REJECTIONS})
