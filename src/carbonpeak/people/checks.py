"""Deploy checks of our own (`carbonpeak manage check --deploy`), beside Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Keys printed in this repository's history: whoever reads the source could forge sessions with them.
PUBLIC_KEYS = frozenset({"carbonpeak-development-key-do-not-use-in-production"})


@register(Tags.security, deploy=True)
def check_secret_key_is_private(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.SECRET_KEY in PUBLIC_KEYS:
        return [Warning(
            "SECRET_KEY 是公开的开发密钥 / SECRET_KEY is the public development key.",
            hint="Unset CARBONPEAK_SECRET_KEY (a private key is then generated in the data directory) "
                 "or set it to a long random value.",
            id="carbonpeak.W001",
        )]
    return []


@register(Tags.security, deploy=True)
def check_demo_users_off(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.CARBONPEAK_DEMO_USERS:
        return [Warning(
            "演示账号（公开密码）已启用 / demo users with a public password are enabled.",
            hint="Set CARBONPEAK_DEMO_USERS=0 on a real installation: demo accounts left over must then "
                 "change their password at first login.",
            id="carbonpeak.W002",
        )]
    return []
