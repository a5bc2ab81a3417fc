from django.db import models
from django.utils.translation import gettext_lazy as _
from tree_queries.models import TreeNode

from .attributes import LabelledMixin, code_validator


class Brand(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=70)  # Google's brand limit
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class Category(TreeNode, LabelledMixin):
    """A node of the merchant's own category tree; may map to Google's product taxonomy."""

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    position = models.PositiveIntegerField(_("position"), default=0)
    google_product_category = models.PositiveIntegerField(
        _("Google product category id"), null=True, blank=True,
        help_text=_("The numeric id from Google's product taxonomy, e.g. 212 for Shirts & Tops."),
    )

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name
