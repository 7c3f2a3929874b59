"""Importing a spreadsheet on a phone, from the directory's button to the result; exporting on a desktop."""

from sqlalchemy import select

from app.auth.models import Role
from app.directory.models import Organization
from app.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_fits, log_in
from tests.spreadsheets import read_xlsx, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_list(organization):
    return xlsx_bytes(
        [
            ["ชื่อองค์กร", "ประเภทองค์กร", "เลขที่หนังสือรับรอง", "อำเภอ", "ตำบล", "โทรศัพท์", "ไลน์กลุ่ม"],
            [organization.name, "องค์กรสาธารณประโยชน์", "พล ๑๒/๒๕๖๑", "เมืองพิษณุโลก", "ในเมือง", "055-999999", ""],
            [
                "ชมรมผู้สูงอายุบางระกำ",
                "องค์กรสวัสดิการชุมชน",
                "พล 40/2562",
                "บางระกำ",
                "บางระกำ",
                812345678,
                "@elders",
            ],
            ["กลุ่มออมทรัพย์บ้านนา", "องค์กรสวัสดิการชุมชน", "", "อำเภอที่ไม่มีจริง", "", "", ""],
            ["มูลนิธิเพื่อการศึกษาวัดโบสถ์", "องค์กรสาธารณประโยชน์", "พล 41/2562", "วัดโบสถ์", "", "", "@edu"],
        ]
    )


def test_upload_preview_and_import_the_good_rows_on_a_phone(
    live_server, phone, create_user, organization, screenshot
):
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD, next_path="/directory/")
    phone.wait_for_url(f"{live_server}/directory/")
    screenshot(phone, "import-0-directory-phone")
    phone.click("[data-testid=import-link]")
    phone.wait_for_url(f"{live_server}/directory/import")
    assert_fits(phone)
    screenshot(phone, "import-1-upload-phone")

    phone.set_input_files(
        "input[type=file]", {"name": "รายชื่อองค์กร.xlsx", "mimeType": XLSX, "buffer": office_list(organization)}
    )
    phone.click("button[type=submit]:has-text('อัปโหลด')")
    phone.wait_for_selector("[data-testid=mapping-form]")
    assert phone.inner_text("[data-testid=count-create] .count-number") == "2"
    assert phone.inner_text("[data-testid=count-update] .count-number") == "1"
    assert phone.inner_text("[data-testid=count-error] .count-number") == "1"
    error = phone.locator("[data-testid=import-error]")
    assert error.count() == 1 and error.get_attribute("data-row") == "4"
    assert "อำเภอที่ไม่มีจริง" in error.inner_text()
    assert_fits(phone)
    screenshot(phone, "import-2-preview-phone")

    # The unknown column is read as the LINE ID once chosen; the preview follows at once.
    line = phone.locator("select[data-header=ไลน์กลุ่ม]")
    assert line.input_value() == ""
    with phone.expect_navigation():
        line.select_option("line_id")
    assert phone.locator("select[data-header=ไลน์กลุ่ม]").input_value() == "line_id"

    phone.click("[data-testid=import-good-rows]")
    phone.wait_for_selector("[data-testid=import-done]")
    assert phone.inner_text("[data-testid=result-created] .count-number") == "2"
    assert phone.inner_text("[data-testid=result-updated] .count-number") == "1"
    assert phone.locator("[data-testid=import-error]").count() == 1
    assert_fits(phone)
    screenshot(phone, "import-3-result-phone")

    db.session.expire_all()
    stored = {o.name: o for o in db.session.scalars(select(Organization))}
    assert sorted(stored) == sorted([organization.name, "ชมรมผู้สูงอายุบางระกำ", "มูลนิธิเพื่อการศึกษาวัดโบสถ์"])
    assert stored[organization.name].phone == "055-999999"
    assert stored["ชมรมผู้สูงอายุบางระกำ"].phone == "0812345678"
    assert stored["ชมรมผู้สูงอายุบางระกำ"].line_id == "@elders"


def test_a_file_over_the_limit_is_refused_before_it_is_sent(live_server, phone, create_user, screenshot):
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD, next_path="/directory/")
    phone.wait_for_url(f"{live_server}/directory/")
    phone.goto(f"{live_server}/directory/import")
    big = b"a,b\n" * (6 * 1024 * 1024 // 4)
    phone.set_input_files("input[type=file]", {"name": "big.csv", "mimeType": "text/csv", "buffer": big})
    feedback = phone.locator("[data-testid=upload-error]")
    feedback.wait_for(state="visible")  # the page's script shows it on the file's change event
    assert "MB" in feedback.inner_text()
    phone.click("button[type=submit]:has-text('อัปโหลด')")
    assert phone.url == f"{live_server}/directory/import"
    screenshot(phone, "import-too-large-phone")


def test_preview_and_export_on_a_desktop(
    live_server, desktop, create_user, organization, screenshot, tmp_path
):
    user = create_user(Role.ORGANIZER)
    log_in(desktop, live_server, user.email, PASSWORD, next_path="/directory/")
    desktop.wait_for_url(f"{live_server}/directory/")
    desktop.click("[data-testid=export-menu]")
    screenshot(desktop, "import-0-export-menu-desktop")
    with desktop.expect_download() as download:
        desktop.click("[data-testid=export-xlsx]")
    assert download.value.suggested_filename.startswith("ทำเนียบองค์กร-")
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    rows, _ = read_xlsx(path.read_bytes())
    assert [r[0] for r in rows[1:]] == [organization.name]

    desktop.goto(f"{live_server}/directory/import")
    screenshot(desktop, "import-1-upload-desktop")
    desktop.set_input_files(
        "input[type=file]", {"name": "list.xlsx", "mimeType": XLSX, "buffer": office_list(organization)}
    )
    desktop.click("button[type=submit]:has-text('อัปโหลด')")
    desktop.wait_for_selector("[data-testid=mapping-form]")
    screenshot(desktop, "import-2-preview-desktop")
    desktop.click("[data-testid=import-all-or-nothing]")
    desktop.wait_for_selector("[data-testid=import-refused]")
    screenshot(desktop, "import-3-refused-desktop")
    db.session.expire_all()
    assert db.session.scalars(select(Organization.name)).all() == [organization.name]


def test_the_server_refuses_a_file_over_the_limit_with_a_message(live_server, phone, create_user, screenshot):
    """Also without the page's own check (an old browser, scripts off), the answer is a page, not a reset."""
    user = create_user(Role.ORGANIZER)
    log_in(phone, live_server, user.email, PASSWORD, next_path="/directory/")
    phone.wait_for_url(f"{live_server}/directory/")
    phone.goto(f"{live_server}/directory/import")
    big = b"a,b\n" * (6 * 1024 * 1024 // 4)
    phone.set_input_files("input[type=file]", {"name": "big.csv", "mimeType": "text/csv", "buffer": big})
    with phone.expect_navigation() as navigation:
        # submit() skips the page's own check, as a browser without scripts would.
        phone.evaluate("document.querySelector('[data-testid=upload-form]').submit()")
    assert navigation.value.status == 413
    assert "5 MB" in phone.inner_text("[data-testid=upload-error]")
    screenshot(phone, "import-too-large-server-phone")
