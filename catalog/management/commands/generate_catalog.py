import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catalog.demo import synthetic_catalog_generate


class Command(BaseCommand):
    help = _(
        "Make sure at least N synthetic products (codes GEN-0000001...) exist, adding only the missing ones with "
        "bulk inserts: for benchmarks and feed tests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, required=True, help=_("Number of synthetic products wanted."))
        parser.add_argument("--variants-per-product", type=int, default=3, help=_("Variants of each new product."))
        parser.add_argument("--batch-size", type=int, default=1000,
                            help=_("Products written per transaction; bounds the memory used."))
        parser.add_argument("--no-progress", action="store_true", help=_("Do not show the progress bar."))

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            summary = synthetic_catalog_generate(
                products=options["products"], variants_per_product=options["variants_per_product"],
                batch_size=options["batch_size"], progress=not options["no_progress"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{summary} ({time.monotonic() - started:.1f} s)")
