from kakehashi.registry.admin import activities, records  # noqa: F401 - registers the admins
