"""
ASGI config for claimtracker project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
# A server needs its own DJANGO_SECRET_KEY; settings refuse to start one without it.
os.environ.setdefault("CLAIMTRACKER_SERVING", "1")

application = get_asgi_application()
