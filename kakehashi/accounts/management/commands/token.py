"""`kakehashi token create USERNAME` prints a new API key as the last word of its output."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kakehashi.accounts.models import ApiToken
from kakehashi.accounts.services import context, tokens


class Command(BaseCommand):
    help = _("Create, list or revoke personal API tokens.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("Create a token; prints its key."))
        create.add_argument("username")
        create.add_argument("--name", default="command line")
        create.add_argument("--days", type=int, default=None)
        listing = actions.add_parser("list", help=_("List a user's tokens."))
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help=_("Revoke a token by its id."))
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, action, **options):
        with context.command(f"token {action}"):
            getattr(self, f"_{action}")(**options)

    @staticmethod
    def _user(username):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("No user %(name)s.") % {"name": username}) from error

    def _create(self, username, name, days, **options):
        token, key = tokens.create(self._user(username), name, days)
        self.stdout.write(
            _("Token %(id)d for %(user)s, valid until %(expires)s. Key (shown once):")
            % {"id": token.pk, "user": username, "expires": token.expires.date().isoformat()}
        )
        self.stdout.write(key)

    def _list(self, username, **options):
        for token in tokens.for_user(self._user(username)):
            state = "revoked" if token.revoked else ("active" if token.is_active else "expired")
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.name}\t{token.expires:%Y-%m-%d}\t{state}"
            )

    def _revoke(self, token_id, **options):
        token = ApiToken.objects.filter(pk=token_id).select_related("user").first()
        if token is None:
            raise CommandError(_("No token %(id)d.") % {"id": token_id})
        tokens.revoke(token)
        self.stdout.write(_("Token %(id)d revoked.") % {"id": token_id})
