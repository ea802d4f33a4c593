"""WSGI entry point for servers (waitress via `carbonpeak serve`, or any WSGI host)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonpeak.settings")
application = get_wsgi_application()
