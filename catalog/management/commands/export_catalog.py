import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.transfer.exporting import CatalogExport, csv_stream, xlsx_write


class Command(BaseCommand):
    help = _("Export products to CSV or XLSX in the layout import_catalog reads (one row per variant).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help=_("File format (default csv)."))
        parser.add_argument("--output", required=True, metavar="PATH", help=_("The file to write."))
        parser.add_argument("--status", action="append", choices=Product.Status.values,
                            help=_("Only products with this status (repeat for several)."))
        parser.add_argument("--family", action="append", metavar="CODE",
                            help=_("Only products of this family (repeat for several)."))

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        products = Product.objects.all()
        if options["status"]:
            products = products.filter(status__in=options["status"])
        if options["family"]:
            products = products.filter(family__code__in=options["family"])
        export = CatalogExport(products)
        try:
            with open(options["output"], "wb") as stream:
                if options["format"] == "csv":
                    for piece in csv_stream(export):
                        stream.write(piece)
                else:
                    xlsx_write(export, stream)
        except OSError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Exported to %(path)s (%(seconds).1f s).")
                          % {"path": options["output"], "seconds": time.monotonic() - started})
