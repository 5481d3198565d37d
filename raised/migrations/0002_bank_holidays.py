from django.db import migrations

from raised.working_days import bank_holidays_from_file


def holidays_load(apps, schema_editor):
    BankHoliday = apps.get_model("raised", "BankHoliday")
    for day, name in bank_holidays_from_file():
        BankHoliday.objects.update_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("raised", "0001_matters")]

    operations = [migrations.RunPython(holidays_load, migrations.RunPython.noop)]
