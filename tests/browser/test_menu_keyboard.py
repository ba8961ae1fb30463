"""On a phone-sized screen the main menu folds behind a button that works by keyboard
alone: a person opens it, changes the language and signs out without a mouse (WCAG
2.1.1 keyboard, 1.4.10 reflow)."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import sign_in, sign_out, use_language

PHONE = {"width": 375, "height": 740}


def _tab_to(page, target, *, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def test_menu_by_keyboard_alone_at_375_px(page):
    page.set_viewport_size(PHONE)
    sign_in(page, "tag@demo.example")  # the Vas group's member, in Hungarian
    page.goto("/dashboard")
    menu_button = page.locator("button.nav-toggle")
    groups_link = page.locator("#nav-menu").get_by_role("link", name="Csoportok")
    expect(menu_button).to_be_visible()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(groups_link).to_be_hidden()

    # Open with Enter; Escape closes and gives the focus back to the button.
    _tab_to(page, menu_button)
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(groups_link).to_be_visible()
    page.keyboard.press("Escape")
    expect(groups_link).to_be_hidden()
    expect(menu_button).to_be_focused()

    # Open with Space, then the account's disclosure with Enter; choose English from the
    # language list by typing, send it.
    page.keyboard.press("Space")
    expect(groups_link).to_be_visible()
    account = page.locator("summary.account-name")
    _tab_to(page, account)
    page.keyboard.press("Enter")
    language = page.locator("#language-select")
    _tab_to(page, language)
    page.keyboard.type("English")
    _tab_to(page, page.locator("form.language-form button"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(menu_button).to_have_text("Menu")

    # Sign out: open the menu and the account again and reach the button by Tab.
    _tab_to(page, menu_button)
    page.keyboard.press("Enter")
    _tab_to(page, account)
    page.keyboard.press("Enter")
    sign_out = page.locator("#nav-menu").get_by_role("button", name="Sign out")
    _tab_to(page, sign_out)
    page.keyboard.press("Enter")
    # Signed out: the (folded) menu now offers to sign in.
    expect(page.locator("#nav-menu .nav-account a")).to_have_text(["Sign in"])
    # Nothing on the page is wider than the phone's screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_menu_is_one_row_on_a_desktop_screen_in_every_language(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/events")
    expect(page.locator("button.nav-toggle")).to_be_hidden()
    expect(page.locator("#nav-menu").get_by_role("link", name="Events")).to_be_visible()

    rows = {}
    # The site admin's account menu has one link more (Administration), and a long name.
    for email in ("assistant@demo.example", "admin@demo.example"):
        sign_in(page, email)
        for language in ("cs", "sk", "hu", "lv", "en"):
            use_language(page, language)
            page.goto("/dashboard")
            brand = page.locator(".brand").bounding_box()
            account = page.locator("summary.account-name").bounding_box()
            header = page.locator(".site-header").bounding_box()
            rows[email, language] = brand["y"] < account["y"] + 10 and header["height"] < 70
        sign_out(page)
    assert rows == dict.fromkeys(rows, True)
