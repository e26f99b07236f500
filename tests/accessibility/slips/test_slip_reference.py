"""The QR reference: signed, dated, reopens the request, never carries the elder's id; a
scanner opens it with one call (open_reference) that fails only with typed, speakable errors."""
import base64
import io
from datetime import datetime, timedelta, timezone

import pytest
import qrcode
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from accessibility.slips.qr import qr_image
from accessibility.slips.reference import (REFERENCE_DAYS, ReferenceExpired, ReferenceMalformed, ReferenceTampered,
                                           SlipReferenceError, open_reference, reopen_url, sign_reference,
                                           verify_reference)

SHANGHAI = timezone(timedelta(hours=8))
PRINTED = datetime(2026, 11, 24, 10, 3, tzinfo=SHANGHAI)


def test_round_trip_and_tampering():
    token = sign_reference("req_20261124_0042", "s3cret", PRINTED)
    assert token.startswith("req_20261124_0042.")
    ref = open_reference(token, "s3cret", now=PRINTED)
    assert ref.record_id == "req_20261124_0042" and ref.issued_on == PRINTED.date()
    assert verify_reference(token, "s3cret", PRINTED) == "req_20261124_0042"
    with pytest.raises(ReferenceTampered):
        open_reference(token, "other-secret", now=PRINTED)
    with pytest.raises(ReferenceTampered):
        open_reference(token.replace("0042", "0043"), "s3cret", now=PRINTED)
    record, day, sig = token.split(".")
    with pytest.raises(ReferenceTampered):  # a later printing day to outlive the expiry
        open_reference(f"{record}.{int(day, 36) + 1:x}.{sig}", "s3cret", now=PRINTED)


@pytest.mark.parametrize("junk", ["", "no-dot", "a.b", "a.b.c.d", "~%%%.1.abc", "req.!!.abc", "req.1.!!!!",
                                  "https://h5.onekey.test/r/", "https://example.com/?ref=x.y"])
def test_what_is_not_a_reference_is_malformed(junk):
    with pytest.raises(ReferenceMalformed) as err:
        open_reference(junk, "s3cret", now=PRINTED)
    assert err.value.status == 400 and "二维码" in err.value.message


def test_an_old_slip_expires_with_its_own_error():
    token = sign_reference("req_1", "k", PRINTED)
    assert open_reference(token, "k", now=PRINTED + timedelta(days=REFERENCE_DAYS)).record_id == "req_1"
    with pytest.raises(ReferenceExpired) as err:
        open_reference(token, "k", now=PRINTED + timedelta(days=REFERENCE_DAYS + 1))
    assert err.value.status == 410 and err.value.issued_on == PRINTED.date() and "过期" in err.value.message


def test_the_whole_scanned_url_opens_too():
    url = reopen_url("https://h5.onekey.test/r/", "req_7", "k", PRINTED)
    assert open_reference(url, "k", now=PRINTED).record_id == "req_7"
    query = reopen_url("https://h5.example/open?ref=", "req_7", "k", PRINTED)
    assert open_reference(query, "k", now=PRINTED).record_id == "req_7"


@given(st.text(max_size=80))
def test_any_scan_gives_a_reference_or_a_typed_error(scanned):
    try:
        open_reference(scanned, "k", now=PRINTED)
    except SlipReferenceError as exc:
        assert exc.code.startswith("reference_") and exc.status in (400, 403, 410)


@given(st.text(min_size=1, max_size=40))
def test_every_id_round_trips(record_id):
    assert open_reference(sign_reference(record_id, "k", PRINTED), "k", now=PRINTED).record_id == record_id


def test_ids_with_other_characters_are_encoded():
    token = sign_reference("请求/1.2", "k", PRINTED)
    assert "/" not in token and "请" not in token
    assert verify_reference(token, "k", PRINTED) == "请求/1.2"


def test_url_uses_the_configured_base():
    assert reopen_url("https://h5.example/r", "r1", "k").startswith("https://h5.example/r/r1.")
    assert reopen_url("https://h5.example/open?ref=", "r1", "k").startswith("https://h5.example/open?ref=r1.")


def test_qr_png_holds_exactly_the_url():
    url = reopen_url("https://h5.onekey.test/r/", "req_20261124_0042", "k")
    image = qr_image(url)
    header, payload = image.data_uri.split(",", 1)
    assert header == "data:image/png;base64"
    png = Image.open(io.BytesIO(base64.b64decode(payload))).convert("1")
    assert png.size == (image.modules, image.modules)
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    expected.add_data(url)
    expected.make(fit=True)
    matrix = expected.get_matrix()
    assert len(matrix) == image.modules
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (png.getpixel((x, y)) == 0) == dark
    # 6 dots per module at 203 dpi: every module is a whole number of printer dots
    assert abs(image.width_mm(6) * 203 / 25.4 - image.modules * 6) < 1e-6
