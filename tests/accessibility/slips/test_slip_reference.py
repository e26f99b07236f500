"""The QR reference: signed, reopens the request, never carries the elder's id."""
import base64
import io

import qrcode
from PIL import Image

from accessibility.slips.qr import qr_image
from accessibility.slips.reference import reopen_url, sign_reference, verify_reference


def test_round_trip_and_tampering():
    token = sign_reference("req_20261124_0042", "s3cret")
    assert token.startswith("req_20261124_0042.")
    assert verify_reference(token, "s3cret") == "req_20261124_0042"
    assert verify_reference(token, "other-secret") is None
    assert verify_reference(token.replace("0042", "0043"), "s3cret") is None
    for junk in ("", "no-dot", "a.b.c", "~%%%.abc", "req.!!!!"):
        assert verify_reference(junk, "s3cret") is None


def test_ids_with_other_characters_are_encoded():
    token = sign_reference("请求/1.2", "k")
    assert "/" not in token and "请" not in token
    assert verify_reference(token, "k") == "请求/1.2"


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
