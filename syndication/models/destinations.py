"""Where a channel's feed is pushed after each successful run (Destination), and each push attempt (Delivery)."""

import posixpath
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from syndication.encryption import secret_decrypt, secret_encrypt

from .channels import Channel
from .runs import FeedRun

# Write-only credentials: stored encrypted in "<name>_encrypted", never rendered back (see admin_destinations).
SECRET_FIELDS = ("password", "private_key", "token", "secret_access_key")
FINGERPRINT_PATTERN = re.compile(r"^SHA256:[A-Za-z0-9+/]{43}$")


def fingerprint_normalise(value: str) -> str:
    """``ssh-keygen -lf`` prints "256 SHA256:abc… host (ED25519)"; keep the "SHA256:…" part, without '=' padding."""
    for word in value.split():
        if word.upper().startswith("SHA256:"):
            return "SHA256:" + word[len("SHA256:"):].rstrip("=")
    return value.strip()


def remote_path_check(value: str) -> None:
    if ".." in value.replace("\\", "/").split("/") or "\0" in value:
        raise ValidationError(_("%(value)s may not contain '..'."), code="remote_path_parent", params={"value": value})


def remote_name_check(value: str) -> None:
    if "/" in value or "\\" in value or value in {".", ".."} or "\0" in value:
        raise ValidationError(_("%(value)s must be a file name without folders."), code="remote_name_invalid",
                              params={"value": value})


class Destination(models.Model):
    """A place the channel's new feed file is pushed to after every successful run."""

    class Kind(models.TextChoices):
        SFTP = "sftp", _("SFTP server")
        HTTP = "http", _("HTTP(S) upload")
        S3 = "s3", _("S3-compatible bucket")
        FILESYSTEM = "filesystem", _("Folder on this server")

    class HttpMethod(models.TextChoices):
        PUT = "PUT", "PUT"
        POST = "POST", "POST"

    class HttpAuth(models.TextChoices):
        NONE = "none", _("None")
        BASIC = "basic", _("Basic (user name and password)")
        BEARER = "bearer", _("Bearer token")

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE,
                                related_name="destinations")
    name = models.CharField(_("name"), max_length=100, help_text=_("For people, e.g. “Google Merchant SFTP”."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SFTP)
    active = models.BooleanField(_("active"), default=True)
    compressed = models.BooleanField(
        _("push the .gz copy"), default=False,
        help_text=_("Send the gzip-compressed copy of the feed instead of the plain file."),
    )
    remote_name = models.CharField(
        _("file name at the destination"), max_length=200, blank=True, validators=[remote_name_check],
        help_text=_("Empty: the feed's own file name (with .gz when the copy is pushed). Google wants the name "
                    "registered for the data source."),
    )
    remote_path = models.CharField(
        _("folder"), max_length=500, blank=True, validators=[remote_path_check],
        help_text=_("SFTP: folder on the server (empty: the login folder). Bucket: key prefix. "
                    "Folder on this server: a sub-folder of PIM_DELIVERY_FILESYSTEM_ROOT."),
    )
    # SFTP
    host = models.CharField(_("host"), max_length=255, blank=True)
    port = models.PositiveIntegerField(_("port"), null=True, blank=True,
                                       validators=[MinValueValidator(1), MaxValueValidator(65535)],
                                       help_text=_("Empty: 22."))
    username = models.CharField(_("user name"), max_length=150, blank=True,
                                help_text=_("SFTP login, or the HTTP Basic user."))
    host_key_fingerprint = models.CharField(
        _("host key fingerprint"), max_length=100, blank=True,
        help_text=_("SHA256:… as printed by ssh-keygen -lf. Empty: the key seen on the first connection is "
                    "trusted and filled in here; a different key later stops the push."),
    )
    atomic_rename = models.BooleanField(
        _("upload under a temporary name, then rename"), default=True,
        help_text=_("The server never shows a half-written file. Turn off if the server refuses renames."),
    )
    # HTTP
    url = models.CharField(_("URL"), max_length=1000, blank=True,
                           help_text=_("http(s)://… the file is sent to; no user name or password in it."))
    http_method = models.CharField(_("HTTP method"), max_length=4, choices=HttpMethod.choices,
                                   default=HttpMethod.PUT)
    http_auth = models.CharField(_("HTTP authentication"), max_length=6, choices=HttpAuth.choices,
                                 default=HttpAuth.NONE)
    # S3-compatible bucket
    endpoint_url = models.CharField(_("endpoint URL"), max_length=500, blank=True,
                                    help_text=_("Empty for AWS; e.g. https://s3.eu-central-003.backblazeb2.com."))
    bucket = models.CharField(_("bucket"), max_length=255, blank=True)
    region = models.CharField(_("region"), max_length=50, blank=True)
    access_key_id = models.CharField(
        _("access key ID"), max_length=128, blank=True,
        help_text=_("Empty: the worker's own credentials (environment or instance role)."),
    )
    # Ciphertext (syndication.encryption); set through secret_set(), read through secret().
    password_encrypted = models.TextField(blank=True, editable=False)
    private_key_encrypted = models.TextField(blank=True, editable=False)
    token_encrypted = models.TextField(blank=True, editable=False)
    secret_access_key_encrypted = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("channel", "id")
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:  # the default would do; spelled out so nobody adds secrets to it
        return f"<Destination {self.pk} {self.kind} {self.name!r}>"

    def secret(self, name: str) -> str:
        """The plain secret; raises SecretUnreadable when it was encrypted with a key this process lacks."""
        return secret_decrypt(getattr(self, f"{self._secret_field(name)}_encrypted"))

    def secret_set(self, name: str, value: str) -> None:
        """Store a new secret (blank clears it); the plain text is never kept on the instance."""
        setattr(self, f"{self._secret_field(name)}_encrypted", secret_encrypt(value))

    def has_secret(self, name: str) -> bool:
        return bool(getattr(self, f"{self._secret_field(name)}_encrypted"))

    @staticmethod
    def _secret_field(name: str) -> str:
        if name not in SECRET_FIELDS:
            raise ValueError(f"unknown secret {name!r}")
        return name

    def clean(self) -> None:
        self.host, self.url, self.endpoint_url = self.host.strip(), self.url.strip(), self.endpoint_url.strip()
        self.host_key_fingerprint = fingerprint_normalise(self.host_key_fingerprint)
        problems: dict[str, ValidationError] = {}

        def required(field: str, present: bool) -> None:
            if not present:
                problems[field] = ValidationError(
                    _("A %(kind)s destination needs this."), code="required", params={"kind": self.get_kind_display()})

        if self.kind == self.Kind.SFTP:
            required("host", bool(self.host))
            required("username", bool(self.username))
            if not (self.has_secret("password") or self.has_secret("private_key")):
                problems["password"] = ValidationError(
                    _("An SFTP destination needs a password or a private key."), code="credentials_required")
            if self.host_key_fingerprint and not FINGERPRINT_PATTERN.match(self.host_key_fingerprint):
                problems["host_key_fingerprint"] = ValidationError(
                    _("%(value)s is not a SHA256 fingerprint (SHA256: and 43 more characters, from ssh-keygen -lf)."),
                    code="invalid_fingerprint", params={"value": self.host_key_fingerprint})
        elif self.kind == self.Kind.HTTP:
            required("url", bool(self.url))
            if self.url:
                self._url_check("url", self.url)
            if self.http_auth == self.HttpAuth.BASIC:
                required("username", bool(self.username))
                required("password", self.has_secret("password"))
            elif self.http_auth == self.HttpAuth.BEARER:
                required("token", self.has_secret("token"))
        elif self.kind == self.Kind.S3:
            required("bucket", bool(self.bucket))
            if self.endpoint_url:
                self._url_check("endpoint_url", self.endpoint_url)
            if bool(self.access_key_id) != self.has_secret("secret_access_key"):
                problems["access_key_id"] = ValidationError(
                    _("Give both the access key ID and the secret access key, or neither."),
                    code="access_key_pair")
        if self.kind in {self.Kind.S3, self.Kind.FILESYSTEM} and self.remote_path.startswith("/"):
            problems["remote_path"] = ValidationError(
                _("%(value)s must be relative (no leading /)."), code="remote_path_absolute",
                params={"value": self.remote_path})
        if problems:
            raise ValidationError(problems)

    def _url_check(self, field: str, value: str) -> None:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError({field: ValidationError(
                _("%(value)s is not an http(s) URL."), code="invalid_url", params={"value": value})}) from None
        if urlsplit(value).username is not None:
            # A URL is shown in the admin and in delivery logs: credentials belong in the write-only fields.
            raise ValidationError({field: ValidationError(
                _("Put the user name and password in their own fields, not in the URL."), code="url_credentials")})

    def remote_file_name(self, run: FeedRun) -> str:
        if self.remote_name:
            return self.remote_name
        return f"{run.file_name}.gz" if self.compressed else run.file_name

    def target_display(self, file_name: str) -> str:
        """Where a file goes, for people and logs: never a secret, never a URL's query string."""
        if self.kind == self.Kind.SFTP:
            folder = posixpath.join(self.remote_path or ".", file_name)
            return f"sftp://{self.username}@{self.host}:{self.port or 22}/{folder.removeprefix('./')}"
        if self.kind == self.Kind.HTTP:
            parts = urlsplit(self.url)
            return f"{self.http_method} {parts.scheme}://{parts.netloc}{parts.path or '/'}"
        key = posixpath.join(self.remote_path, file_name) if self.remote_path else file_name
        if self.kind == self.Kind.S3:
            return f"s3://{self.bucket}/{key}" + (f" ({urlsplit(self.endpoint_url).netloc})" if self.endpoint_url
                                                    else "")
        return f"file:{key}"


class Delivery(models.Model):
    """One attempt to push one run's file to one destination. A failed attempt that will be retried is followed
    by a new row (attempt + 1, ``previous`` pointing back), created at failure time with status SCHEDULED."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        RETRIED = "retried", _("Failed, retry scheduled")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent")

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE,
                                related_name="deliveries")
    destination = models.ForeignKey(Destination, verbose_name=_("destination"), on_delete=models.CASCADE,
                                    related_name="deliveries")
    run = models.ForeignKey(FeedRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    previous = models.OneToOneField("self", verbose_name=_("previous attempt"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="next_attempt")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_for = models.DateTimeField(_("due"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    bytes = models.PositiveBigIntegerField(_("bytes sent"), default=0)
    target = models.CharField(_("sent to"), max_length=1000, blank=True)
    error = models.TextField(_("error"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("-id",)
        constraints = [models.UniqueConstraint(fields=("run", "destination", "attempt"),
                                               name="delivery_one_row_per_attempt")]
        indexes = [
            models.Index(fields=("channel", "-id")),
            models.Index(fields=("destination", "-id")),
            models.Index(fields=("status", "scheduled_for")),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.destination_id}/run {self.run_id} #{self.attempt} {self.status}"
