"""The licence a counter would print: a PDF (and the same page as a PNG) in the standard layout,
whose QR code opens the licence's verification page."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp

from approval.settings import REPO_ROOT
from tests.support import id_card_images, post_multipart, registration


@pytest.fixture
def licence(client, portal, person) -> dict:  # noqa: ANN001
    case = post_multipart(client, "/v1/cases", portal, registration(person), id_card_images(person)).json()
    assert case["status"] == "approved", case["reasons"]
    return case["result"]


def _qr_of(image: np.ndarray) -> str:
    """What a phone's scanner reads (ZXing, as most scanning apps use)."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return found[0].text if len(found) == 1 else ""


def test_the_printed_licence_carries_its_fields_and_a_qr_code_that_verifies_it(client, licence, person):
    base = urlsplit(licence["licence"])
    pdf = client.get(f"{base.path}/licence.pdf", params={"verification_code": licence["verification_code"]})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    page = document[0]
    width, height = page.get_size()
    assert width > height  # the 副本, A4 landscape
    text = "".join(page.get_textpage().get_text_range().split())  # the seal's name is one glyph a line
    for printed in ("营", "统一社会信用代码", licence["credit_code"], person.name, "个体工商户", "经营者",
                    "日用百货销售", "南通市海门区市场监督管理局", licence["verification_code"]):  # fmt: skip
        assert printed in text, printed
    image = np.asarray(page.render(scale=150 / 72).to_pil().convert("RGB"))[:, :, ::-1]
    document.close()
    url = _qr_of(np.ascontiguousarray(image))
    assert url == licence["licence"]  # the QR code opens the verification page…
    followed = client.get(urlsplit(url).path + "?" + urlsplit(url).query)
    assert followed.status_code == 200 and person.name in followed.text and "核验有效" in followed.text


def test_the_png_is_the_same_page(client, licence):
    path = urlsplit(licence["licence"]).path
    png = client.get(f"{path}/licence.png", params={"verification_code": licence["verification_code"]})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    if os.environ.get("UPDATE_SCREENSHOTS"):  # the README shows it
        (REPO_ROOT / "docs" / "screenshots" / "licence.png").write_bytes(png.content)
    image = cv2.imdecode(np.frombuffer(png.content, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape[1] > image.shape[0] and _qr_of(image) == licence["licence"]


def test_without_the_verification_code_there_is_no_licence(client, licence):
    path = urlsplit(licence["licence"]).path
    wrong = client.get(f"{path}/licence.pdf", params={"verification_code": "WRONGCODE"})
    missing = client.get(f"{path}/licence.pdf")
    assert wrong.status_code == missing.status_code == 404 and wrong.content == missing.content
    assert client.get(f"{path}/licence.gif", params={"verification_code": licence["verification_code"]}
                      ).status_code == 404  # fmt: skip
