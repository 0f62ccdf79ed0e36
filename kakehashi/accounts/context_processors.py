"""What the page header needs to show staff links."""

from django.utils.functional import SimpleLazyObject

from kakehashi.core.services.permissions import is_administrator


def staff(request):
    # Lazy: public pages for anonymous readers never query memberships.
    return {"is_kakehashi_administrator": SimpleLazyObject(lambda: is_administrator(request.user))}
