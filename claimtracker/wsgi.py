"""
WSGI config for claimtracker project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
# A server needs its own DJANGO_SECRET_KEY; settings refuse to start one without it.
os.environ.setdefault("CLAIMTRACKER_SERVING", "1")

application = get_wsgi_application()
