from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What uses it."))
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.KAKEHASHI_TOKEN_MAX_DAYS,
        initial=settings.KAKEHASHI_TOKEN_DAYS,
    )
