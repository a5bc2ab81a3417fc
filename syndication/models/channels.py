import secrets
import string

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history.records import PimHistoricalRecords
from catalog.models import Category, Locale, Location, PriceList, Product
from syndication.formats.registry import format_choices

LINK_PLACEHOLDERS = frozenset({"code", "slug", "sku", "locale"})

channel_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,49}$", message=_("Use 1-50 lower-case letters, digits or dashes."), code="invalid_code",
)
country_validator = RegexValidator(
    r"^[A-Z]{2}$", message=_("Use an ISO 3166-1 alpha-2 country code such as PL or US."), code="invalid_country",
)


def feed_token_generate() -> str:
    return secrets.token_urlsafe(32)


def statuses_default() -> list[str]:
    return [Product.Status.ACTIVE]


def link_template_check(template: str) -> None:
    """An absolute http(s) URL whose only placeholders are {code}, {slug}, {sku} and {locale}."""
    try:
        names = {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name is not None}
    except ValueError:
        raise ValidationError(
            _("%(value)s has an unbalanced { or }."), code="invalid_template", params={"value": template},
        ) from None
    unknown = sorted(name for name in names if name not in LINK_PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("%(value)s uses unknown placeholders %(unknown)s; use {code}, {slug}, {sku} or {locale}."),
            code="unknown_placeholder", params={"value": template, "unknown": ", ".join(unknown)},
        )
    sample = template.format(code="CODE", slug="slug", sku="SKU", locale="en")
    try:
        URLValidator(schemes=["http", "https"])(sample)
    except ValidationError:
        raise ValidationError(
            _("%(value)s is not an absolute http(s) URL."), code="not_absolute", params={"value": template},
        ) from None


class Channel(models.Model):
    """A sales channel: what it gets (scope), in which shape (format), language, currency and stock."""

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[channel_code_validator])
    name = models.CharField(_("name"), max_length=200)
    format = models.CharField(_("format"), max_length=32, choices=format_choices)
    locale = models.ForeignKey(Locale, verbose_name=_("locale"), on_delete=models.PROTECT, related_name="+")
    price_list = models.ForeignKey(PriceList, verbose_name=_("price list"), on_delete=models.PROTECT,
                                   related_name="channels")
    country = models.CharField(_("country"), max_length=2, validators=[country_validator],
                               help_text=_("ISO 3166-1 alpha-2, e.g. PL."))
    stock_locations = models.ManyToManyField(
        Location, verbose_name=_("stock locations"), blank=True, related_name="channels",
        help_text=_("Availability is computed from the stock of these locations."),
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="channels",
        help_text=_("Products in these categories or below them. Empty means every category."),
    )
    statuses = models.JSONField(_("product statuses included"), default=statuses_default)
    link_template = models.CharField(
        _("link template"), max_length=500, validators=[link_template_check],
        help_text=_("Absolute URL on the shop, e.g. https://shop.example.com/{locale}/p/{slug}?sku={sku}. "
                    "Placeholders: {code}, {slug}, {sku}, {locale}."),
    )
    utm_source = models.CharField(_("utm_source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("utm_medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("utm_campaign"), max_length=100, blank=True)
    utm_content = models.CharField(_("utm_content"), max_length=100, blank=True)
    image_size = models.PositiveIntegerField(
        _("image size (px)"), default=1200, validators=[MinValueValidator(100)],
        help_text=_("Longest edge of the images sent to the channel."),
    )
    feed_token = models.CharField(_("feed token"), max_length=64, default=feed_token_generate, editable=False)
    active = models.BooleanField(_("active"), default=True)
    keep_runs = models.PositiveSmallIntegerField(
        _("feed files kept"), default=3, validators=[MinValueValidator(1)],
        help_text=_("Files of older runs are deleted after each successful run."),
    )
    follows_catalog = models.BooleanField(
        _("follow the catalog"), default=True,
        help_text=_("Regenerate the feed by itself after products in the channel's scope change."),
    )
    debounce_seconds = models.PositiveIntegerField(
        _("wait after a change (seconds)"), default=60, validators=[MinValueValidator(5)],
        help_text=_("A burst of edits within this window makes one run, started when the window ends."),
    )
    # Set by the first catalog change of a burst; the run starts when it passes (see syndication.following).
    regenerate_after = models.DateTimeField(_("regenerate after"), null=True, blank=True, editable=False)
    # Held by the worker generating this channel's feed and renewed every chunk; a crashed worker's lease expires.
    run_lease_until = models.DateTimeField(_("run lease until"), null=True, blank=True, editable=False)
    current_run = models.ForeignKey(
        "syndication.FeedRun", verbose_name=_("current feed"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = set(Product.Status.values)
        if not isinstance(self.statuses, list) or not self.statuses or any(
                status not in allowed for status in self.statuses):
            raise ValidationError({"statuses": ValidationError(
                _("%(value)s is not a non-empty list of product statuses (%(allowed)s)."), code="invalid_statuses",
                params={"value": self.statuses, "allowed": ", ".join(sorted(allowed))},
            )})

    @property
    def file_name(self) -> str:
        from syndication.formats.registry import format_get

        spec, _writer = format_get(self.format)
        return spec.file_name(self.code)


class ChannelListing(models.Model):
    """A product in one channel: left out or not, and the texts and labels the channel gets instead."""

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE,
                                related_name="listings")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="channel_listings")
    excluded = models.BooleanField(_("excluded"), default=False, help_text=_("Leave the product out of this feed."))
    title = models.CharField(_("title override"), max_length=150, blank=True)
    description = models.TextField(_("description override"), max_length=5000, blank=True)
    custom_label_0 = models.CharField(_("custom label 0"), max_length=100, blank=True)
    custom_label_1 = models.CharField(_("custom label 1"), max_length=100, blank=True)
    custom_label_2 = models.CharField(_("custom label 2"), max_length=100, blank=True)
    custom_label_3 = models.CharField(_("custom label 3"), max_length=100, blank=True)
    custom_label_4 = models.CharField(_("custom label 4"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = PimHistoricalRecords(no_db_index=["channel"])

    CUSTOM_LABEL_FIELDS = ("custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3", "custom_label_4")

    class Meta:
        ordering = ("channel", "product")
        constraints = [models.UniqueConstraint(fields=("channel", "product"), name="channel_listing_unique")]
        verbose_name = _("channel listing")
        verbose_name_plural = _("channel listings")

    def __str__(self) -> str:
        return f"{self.channel_id}/{self.product_id}"
