from . import calendars, versions  # noqa: F401  (registers the admin classes)
