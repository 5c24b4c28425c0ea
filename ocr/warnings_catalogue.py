"""Warning codes and their texts for the applicant (Chinese) and for logs and reviewers (English).

Capture problems say what to do about them; informational codes say what was found.
"""

from __future__ import annotations

from ocr.reading import ReadingWarning

MESSAGES: dict[str, tuple[str, str]] = {
    "too_small": (
        "图片分辨率太低，无法看清文字。请靠近证件拍摄，让证件占满画面，或上传原始大图。",
        "The image is too small to read. Move closer so the document fills the frame, or upload "
        "the original full-size photo.",
    ),
    "blurred": (
        "图片模糊。请保持手机稳定，对焦清晰后重新拍摄。",
        "The image is blurred. Hold the phone steady and let it focus, then take the photo again.",
    ),
    "too_dark": (
        "图片过暗。请在光线充足的地方重新拍摄。",
        "The image is too dark. Take the photo again in good light.",
    ),
    "glare": (
        "证件上有反光，部分文字看不清。请避开灯光直射，调整角度后重新拍摄。",
        "Glare on the document hides some of the text. Avoid direct light and change the angle, "
        "then take the photo again.",
    ),
    "cut_off": (
        "证件没有拍全。请把证件四个角都拍进画面后重新上传。",
        "Part of the document is cut off. Make sure all four corners are in the picture and upload it again.",
    ),
    "not_a_document": (
        "图片中没有识别到身份证或营业执照。请上传证件原件的照片或扫描件。",
        "No ID card or business licence was found in the image. Upload a photo or scan of the "
        "original document.",
    ),
    "occluded": (
        "证件被手指或其他物体遮挡。请将证件平放，确保证件完整、无遮挡后重新拍摄。",
        "A finger or another object covers part of the document. Lay the document flat so "
        "nothing covers it, and take the photo again.",
    ),
    "both_sides": (
        "上传的是身份证正反面复印在同一页上的图片，已分别识别正面和背面。",
        "Both sides of the ID card are on one page; the front and the back were read from it.",
    ),
    "photocopy": (
        "图片是黑白复印件。请上传证件原件的彩色照片或彩色扫描件。",
        "The image is a black-and-white copy. Upload a colour photo or colour scan of the original document.",
    ),
    "screen": (
        "图片疑似翻拍自电脑或手机屏幕。请直接拍摄证件原件。",
        "The image appears to be a photo of a screen. Photograph the original document itself.",
    ),
    "rotated": (
        "图片方向不正，已自动旋转识别。",
        "The image was not upright; it was turned before reading.",
    ),
    "corrected": (
        "{field}中有一个易混淆的字符（如 O/0、I/1）已按校验码自动更正，请核对。",
        "One easily confused character (such as O/0 or I/1) in {field} was corrected using its "
        "check character; please verify it.",
    ),
    "check_covered": (
        "{field}的最后一位（校验码）被遮挡，已按前17位推算，请核对。",
        "The last character of {field} (its check character) is covered; it was worked out from "
        "the first 17. Please verify it.",
    ),
    "region_era": (
        "身份证号码中的地区代码在出生年份尚未启用（可能因行政区划调整），仅作提示。",
        "The ID number's region code was not in use in the holder's birth year (usually an "
        "administrative change); for information only.",
    ),
    "inconsistent": (
        "证件上的信息前后不一致：{detail}。请核对证件或重新拍摄。",
        "Information on the document does not agree: {detail_en}. Please check the document or "
        "take the photo again.",
    ),
    "engine_error": (
        "证件识别服务暂时出错，请稍后重试。",
        "The document reader failed; please try again later.",
    ),
}

FIELD_TITLES = {
    "id_number": ("公民身份号码", "the ID number"),
    "credit_code": ("统一社会信用代码", "the credit code"),
    "birth_date": ("出生日期", "the birth date"),
    "sex": ("性别", "the sex"),
    "valid_until": ("有效期限", "the validity"),
    "valid_from": ("有效期限", "the validity"),
}


def warning(code: str, field: str | None = None, detail: str = "", detail_en: str = "",
            ) -> ReadingWarning:  # fmt: skip
    zh, en = MESSAGES[code]
    title_zh, title_en = FIELD_TITLES.get(field or "", (field or "", field or ""))
    return ReadingWarning(
        code=code,
        message=zh.format(field=title_zh, detail=detail),
        message_en=en.format(field=title_en, detail_en=detail_en or detail),
        field=field,
    )
