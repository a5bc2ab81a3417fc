from django.db import migrations

# The four languages the project ships for; each falls back to English. More can be added in the admin.
LOCALES = [("en", "English", None, 0), ("pl", "Polski", "en", 1), ("it", "Italiano", "en", 2), ("ru", "Русский", "en", 3)]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("catalog", "Locale")
    for code, name, fallback, position in LOCALES:
        Locale.objects.get_or_create(
            code=code,
            defaults={"name": name, "position": position,
                      "fallback": Locale.objects.get(code=fallback) if fallback else None},
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
