from kakehashi.api.tests.conftest import _fast_and_fresh, token_for, world  # noqa: F401
