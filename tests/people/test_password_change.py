"""Changing one's password, and the forced change of a password someone else chose."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.people.demo import DEMO_PASSWORD, ensure_demo_users
from carbonpeak.people.models import Profile
from tests.conftest import ClientFactory, UserGetter

PAGE = "/accounts/password/"
NEW = "Tide-Harbour-58"


def _flag(username: str, value: bool = True) -> None:
    Profile.objects.filter(user__username=username).update(must_change_password=value)


def _change(client: Client, new: str = NEW, old: str = DEMO_PASSWORD, **extra: str) -> object:
    return client.post(PAGE, {"old_password": old, "new_password1": new, "new_password2": new, **extra})


def test_password_page_is_in_chinese(client_as: ClientFactory) -> None:
    content = client_as("eco").get(PAGE).content.decode()
    assert "修改密码" in content
    assert 'name="new_password1"' in content


def test_user_changes_password_and_stays_logged_in(client_as: ClientFactory, user: UserGetter) -> None:
    client = client_as("eco")
    response = _change(client)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert user("eco").check_password(NEW)
    assert client.get("/plan/tasks/").status_code == 200
    assert ChangeRecord.objects.filter(entity="account", entity_key="eco", after__event="password_changed").exists()


def test_weak_new_password_is_refused_with_the_reason(client_as: ClientFactory, user: UserGetter) -> None:
    response = _change(client_as("eco"), new="12345678")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'data-field="new_password2"' in response.content.decode()  # type: ignore[attr-defined]
    assert user("eco").check_password(DEMO_PASSWORD)


def test_the_old_password_again_is_refused(client_as: ClientFactory, user: UserGetter) -> None:
    eco = user("eco")
    eco.set_password(NEW)
    eco.save()
    client = client_as("eco")
    assert _change(client, new=NEW, old=NEW).status_code == 400  # type: ignore[attr-defined]


def test_flagged_user_is_sent_to_the_password_page_from_any_page(client_as: ClientFactory) -> None:
    _flag("eco")
    client = client_as("eco")
    response = client.get("/plan/tasks/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?next=%2Fplan%2Ftasks%2F"
    page = client.get(PAGE).content.decode()
    assert 'data-testid="must-change"' in page
    # The API answers in its error shape rather than redirecting a script.
    api = client.get("/api/v1/plan")
    assert api.status_code == 403
    assert api.json()["errors"][0]["field"] == "password"


def test_flag_is_cleared_by_changing_the_password(client_as: ClientFactory) -> None:
    _flag("eco")
    client = client_as("eco")
    response = _change(client, next="/plan/tasks/")
    assert response["Location"] == "/plan/tasks/"  # type: ignore[index]
    assert not Profile.objects.get(user__username="eco").must_change_password
    assert client.get("/plan/tasks/").status_code == 200


def test_flagged_user_may_still_log_out(client_as: ClientFactory) -> None:
    _flag("eco")
    client = client_as("eco")
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_next_to_another_site_is_not_followed(client_as: ClientFactory) -> None:
    response = _change(client_as("eco"), next="https://evil.example/")
    assert response["Location"] == "/"  # type: ignore[index]


@override_settings(CARBONPEAK_DEMO_USERS=False)
def test_demo_account_on_a_real_installation_must_change_at_first_login(client_as: ClientFactory) -> None:
    client = client_as(None)
    response = client.post("/accounts/login/", {"username": "greening", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert Profile.objects.get(user__username="greening").must_change_password
    assert client.get("/").status_code == 302
    assert ChangeRecord.objects.filter(entity_key="greening", after__event="must_change_password").exists()


@override_settings(CARBONPEAK_DEMO_USERS=False)
def test_demo_account_with_its_own_password_is_left_alone(client_as: ClientFactory, user: UserGetter) -> None:
    greening = user("greening")
    greening.set_password(NEW)
    greening.save()
    client_as(None).post("/accounts/login/", {"username": "greening", "password": NEW})
    assert not Profile.objects.get(user__username="greening").must_change_password


@override_settings(CARBONPEAK_DEMO_USERS=False)
def test_demo_accounts_made_on_a_real_installation_start_flagged(db: None) -> None:
    get_user_model().objects.filter(username="leader").delete()
    ensure_demo_users()
    assert Profile.objects.get(user__username="leader").must_change_password
    assert not Profile.objects.get(user__username="office").must_change_password  # existed already


def test_demo_installation_does_not_force_a_change(client_as: ClientFactory) -> None:
    client = client_as(None)
    client.post("/accounts/login/", {"username": "greening", "password": DEMO_PASSWORD})
    assert client.get("/").status_code == 200


def _admin(user: UserGetter) -> Client:
    """The office as it uses the Django admin: a superuser (the demo office has no model permissions)."""
    me = user("office")
    me.is_superuser = True  # type: ignore[attr-defined]
    me.save()
    client = Client()
    client.force_login(me)
    return client


def test_password_the_office_sets_in_the_admin_must_be_changed(client_as: ClientFactory, user: UserGetter) -> None:
    office = _admin(user)
    eco = user("eco")
    response = office.post(f"/admin/auth/user/{eco.pk}/password/",
                           {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302
    assert Profile.objects.get(user=eco).must_change_password
    record = ChangeRecord.objects.get(entity_key="eco", after__event="password_set_by_office")
    assert record.actor_label == "office"
    client = client_as(None)
    client.post("/accounts/login/", {"username": "eco", "password": NEW})
    assert client.get("/plan/tasks/")["Location"].startswith(PAGE)


def test_office_changing_its_own_password_in_the_admin_is_not_forced(client_as: ClientFactory,
                                                                     user: UserGetter) -> None:
    office = _admin(user)
    me = user("office")
    office.post(f"/admin/auth/user/{me.pk}/password/", {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert not Profile.objects.get(user=me).must_change_password


def test_profile_the_office_adds_starts_with_the_forced_change(user: UserGetter) -> None:
    page = _admin(user).get("/admin/people/profile/add/").content.decode()
    [checkbox] = re.findall(r"<input[^>]*name=\"must_change_password\"[^>]*>", page)
    assert "checked" in checkbox


def _age_password(username: str, days: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Profile.objects.filter(user__username=username).update(password_changed=timezone.now() - timedelta(days=days))


@override_settings(CARBONPEAK_PASSWORD_MAX_AGE_DAYS=90)
def test_password_older_than_the_maximum_age_must_be_changed(client_as: ClientFactory) -> None:
    _age_password("eco", 91)
    client = client_as("eco")
    assert client.get("/plan/tasks/")["Location"].startswith(PAGE)
    assert "90 天" in client.get(PAGE).content.decode()
    _change(client)
    assert client.get("/plan/tasks/").status_code == 200


@override_settings(CARBONPEAK_PASSWORD_MAX_AGE_DAYS=90)
def test_password_younger_than_the_maximum_age_is_left_alone(client_as: ClientFactory) -> None:
    _age_password("eco", 89)
    assert client_as("eco").get("/plan/tasks/").status_code == 200


def test_no_maximum_age_by_default_outside_production(client_as: ClientFactory) -> None:
    _age_password("eco", 3650)
    assert client_as("eco").get("/plan/tasks/").status_code == 200


def test_first_login_starts_counting_the_password_age(db: None) -> None:
    Profile.objects.filter(user__username="eco").update(password_changed=None)
    Client().post("/accounts/login/", {"username": "eco", "password": DEMO_PASSWORD})
    assert Profile.objects.get(user__username="eco").password_changed is not None


def test_password_page_in_english_has_no_chinese(client_as: ClientFactory) -> None:
    content = client_as("eco", language="en").get(PAGE).content.decode()
    assert "Change password" in content
    assert not re.search(r"[\u4e00-\u9fff]", content.replace("简体中文", ""))
