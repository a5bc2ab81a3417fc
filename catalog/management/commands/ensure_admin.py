import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _

USERNAME = "admin"


class Command(BaseCommand):
    help = _(
        "For local use (make run): create the superuser 'admin' with a generated password, kept in var/, and print "
        "how to log in. In production mode it only says to use createsuperuser."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            # A generated password printed to a server's log would be a leak; production admins choose their own.
            self.stdout.write(_("Production mode: create an administrator with `manage.py createsuperuser`."))
            return
        password_file = Path(settings.VAR_DIR) / "admin_password"
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: USERNAME}).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(USERNAME, email="admin@example.com", password=password)
            _password_store(password_file, password)
            self._print_login(password)
            return
        stored = password_file.read_text().strip() if password_file.exists() else ""
        if stored and user.check_password(stored):
            self._print_login(stored)
        else:
            self.stdout.write(_(
                "The password of '%(username)s' was changed (or set elsewhere), so it is not shown here. "
                "To set a new one, run: manage.py changepassword %(username)s"
            ) % {"username": USERNAME})

    def _print_login(self, password: str) -> None:
        self.stdout.write(_("Admin:    %(url)s") % {"url": f"{settings.SITE_URL}/admin/"})
        self.stdout.write(_("Username: %(username)s") % {"username": USERNAME})
        self.stdout.write(_("Password: %(password)s") % {"password": password})
        self.stdout.write(_("API docs: %(url)s (tokens: admin, Integrations -> API tokens)")
                          % {"url": f"{settings.SITE_URL}{reverse('api-docs')}"})


def _password_store(path: Path, password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with mode 0600 from the start, so the password is never readable by others, not even briefly.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    path.chmod(0o600)  # an older file keeps its mode through O_CREAT; make sure
