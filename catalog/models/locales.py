from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

bcp47_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    message=_("Use a BCP 47 language tag such as en, pl or pt-BR."),
    code="invalid_locale",
)


class Locale(models.Model):
    """A content language. Reads of translated text walk the fallback chain (e.g. it -> en)."""

    code = models.CharField(_("code"), max_length=16, unique=True, validators=[bcp47_validator])
    name = models.CharField(_("name"), max_length=64)
    fallback = models.ForeignKey(
        "self", verbose_name=_("fallback locale"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("locale")
        verbose_name_plural = _("locales")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        seen = {self.code}
        cursor = self.fallback
        while cursor is not None:
            if cursor.code in seen:
                raise ValidationError(
                    {"fallback": ValidationError(
                        _("Fallback %(value)s would make a loop back to %(code)s."),
                        code="fallback_loop", params={"value": self.fallback.code, "code": self.code},
                    )}
                )
            seen.add(cursor.code)
            cursor = cursor.fallback
