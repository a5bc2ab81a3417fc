from django.db import migrations


def groups_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from roles.groups import groups_sync

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    groups_sync(apps=apps)


def groups_delete(apps, schema_editor):
    from roles.groups import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0002_locales"),
        ("syndication", "0003_destinations"),
    ]

    operations = [migrations.RunPython(groups_create, groups_delete)]
