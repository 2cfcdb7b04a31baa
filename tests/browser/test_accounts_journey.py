import re

from django.core import mail
from playwright.sync_api import expect

PASSWORD = "a calm and steady passphrase"


def test_visitor_signs_up_verifies_logs_out_and_back_in(site, artifacts_dir, browser):
    page = site.go("/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill("journey@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    link = re.search(r"http://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.go(link)
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()

    page.go("/accounts/logout/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.go("/accounts/login/")
    page.get_by_label("Email").fill("journey@example.com")
    page.get_by_label("Password").fill("not the right one")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("password you specified are not correct")).to_be_visible()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()

    # A phone-sized look at the signed-in home page, kept as a test artifact.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    phone.add_cookies(page.context.cookies())
    phone_page = phone.new_page()
    phone_page.goto(page.site_url + "/")
    expect(phone_page.get_by_role("link", name="Need help now?")).to_be_visible()
    phone_page.screenshot(path=str(artifacts_dir / "home-iphone.png"), full_page=True)
    phone.close()
    assert (artifacts_dir / "home-iphone.png").stat().st_size > 10_000
