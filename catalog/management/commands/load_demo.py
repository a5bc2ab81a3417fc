import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from catalog.demo import demo_catalog_load
from catalog.models import Location, PriceList, Product, Variant


class Command(BaseCommand):
    help = _("Load the multilingual demo catalog (en, pl, it, ru). Running it again changes nothing.")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        summary = demo_catalog_load(sender=type(self))
        self.stdout.write(str(summary))
        self.stdout.write(
            f"The catalog now holds {Product.objects.count()} products, {Variant.objects.count()} variants, "
            f"{PriceList.objects.count()} price lists and {Location.objects.count()} locations "
            f"({time.monotonic() - started:.1f} s)."
        )
