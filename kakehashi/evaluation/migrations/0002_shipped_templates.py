"""Install the shipped evaluation templates, so every install has them."""

from django.db import migrations


def install(apps, schema_editor):
    from kakehashi.evaluation.services.catalogue import install_templates

    install_templates(
        apps.get_model("evaluation", "EvaluationTemplate"),
        apps.get_model("evaluation", "Criterion"),
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
