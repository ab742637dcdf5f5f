"""The self-care space in a real browser: every tab in French and Chinese, subscribe, copy, reset."""

import os

import pytest

from tests.support.browser import PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's sync API keeps an asyncio loop open in this thread; the ORM
# calls here run between browser steps, never inside it (as in tests/center).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TABS = {
    "fr": {"home": "Accueil", "wifi": "WiFi privé", "account": "Compte", "help": "Aide",
           "subscribe": "Souscrire gratuitement", "copy": "Copier", "copied": "Clé copiée.",
           "manage": "Gérer mon option", "reset": "Réinitialiser ma clé WiFi", "signout": "Se déconnecter",
           "account_title": "Mon compte", "help_title": "Questions fréquentes"},
    "zh-hans": {"home": "首页", "wifi": "私人 WiFi", "account": "账户", "help": "帮助",
                "subscribe": "免费订阅", "copy": "复制", "copied": "密钥已复制。",
                "manage": "管理我的选项", "reset": "重置我的 WiFi 密钥", "signout": "退出登录",
                "account_title": "我的账户", "help_title": "常见问题"},
}


def _signed_in_page(chromium, client, live_server, user, *, locale, size=None, javascript=True):
    client.force_login(user)
    context = chromium.new_context(viewport=size or {"width": 1280, "height": 900}, locale=locale,
                                   java_script_enabled=javascript)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


@pytest.mark.parametrize("language", ["fr", "zh-hans"])
def test_tabs_subscribe_copy_reset(chromium, client, live_server, resident, language):
    words = TABS[language]
    page = _signed_in_page(chromium, client, live_server, resident, locale="zh-CN" if language == "zh-hans" else "fr-FR")
    page.goto(f"{live_server.url}/{language}/selfcare/")
    nav = page.locator("nav.selfcare-nav")
    for tab in ("home", "wifi", "account", "help"):
        assert nav.get_by_role("link", name=words[tab], exact=True).is_visible()
    assert nav.get_by_role("button", name=words["signout"]).is_visible()
    screenshot(page, f"selfcare-home-{language}")

    page.get_by_role("link", name=words["subscribe"]).click()
    page.locator("#id_accept_contract").check()
    page.get_by_role("button", name=words["subscribe"]).click()
    resident.refresh_from_db()
    key = resident.private_wifi.key
    assert page.locator("#wifi-key").input_value() == key
    assert page.locator("figure.qr svg").count() == 1

    page.get_by_role("button", name=words["copy"]).click()
    page.locator(f"text={words['copied']}").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == key
    screenshot(page, f"selfcare-wifi-{language}")

    page.locator("#manage summary").click()
    page.get_by_role("link", name=words["reset"]).click()
    page.locator("#id_confirm").check()
    page.get_by_role("button", name=words["reset"]).click()
    resident.private_wifi.refresh_from_db()
    new_key = resident.private_wifi.key
    assert new_key != key
    assert page.locator("#wifi-key").input_value() == new_key

    nav.get_by_role("link", name=words["account"], exact=True).click()
    assert page.get_by_role("heading", name=words["account_title"]).is_visible()
    nav.get_by_role("link", name=words["help"], exact=True).click()
    assert page.get_by_role("heading", name=words["help_title"]).is_visible()
    nav.get_by_role("link", name=words["home"], exact=True).click()
    assert page.locator("[data-status=active]").is_visible()

    nav.get_by_role("button", name=words["signout"]).click()
    assert page.url.startswith(f"{live_server.url}/{language}/portal/")
    page.goto(f"{live_server.url}/{language}/selfcare/wifi/")
    assert "/accounts/login/" in page.url
    page.context.close()


def test_the_key_page_works_without_javascript_on_a_phone(chromium, client, live_server, resident):
    from planetcampus.selfcare import services

    subscription = services.subscribe(resident)
    page = _signed_in_page(chromium, client, live_server, resident, locale="fr-FR", size=PHONE, javascript=False)
    page.goto(f"{live_server.url}/fr/selfcare/wifi/")

    assert page.locator("#wifi-key").input_value() == subscription.key
    assert not page.get_by_role("button", name="Copier").is_visible()
    assert page.locator("figure.qr svg").is_visible()
    assert page.locator("svg.usage-chart").count() == 1
    screenshot(page, "selfcare-wifi-phone-nojs")
    page.context.close()
