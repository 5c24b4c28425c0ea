import datetime as dt

from ocr.normalize import add_years, age_on, clean_chinese, clean_name, parse_date, to_halfwidth


def test_halfwidth():
    assert to_halfwidth("ＡＢＣ１２３，（）") == "ABC123,()"


def test_parse_date_forms():
    assert parse_date("1985年3月2日") == dt.date(1985, 3, 2)
    assert parse_date("1985 年 3 月 2 日") == dt.date(1985, 3, 2)
    assert parse_date("2019.01.07") == dt.date(2019, 1, 7)
    assert parse_date("２０１９－０１－０７") == dt.date(2019, 1, 7)
    assert parse_date("20190107") == dt.date(2019, 1, 7)
    assert parse_date("2019.02.30") is None
    assert parse_date("no date") is None


def test_clean_chinese_punctuation_and_spaces():
    assert (
        clean_chinese("日用百货销售; 食品销售(仅销售预包装食品)")
        == "日用百货销售；食品销售（仅销售预包装食品）"
    )
    assert clean_chinese("“江苏省 南通市") == "江苏省南通市"


def test_clean_name_middle_dot():
    assert clean_name("阿依古丽・买买提") == "阿依古丽·买买提"
    assert clean_name("阿依古丽.买买提") == "阿依古丽·买买提"
    assert clean_name("张 伟") == "张伟"


def test_dates_arithmetic():
    assert add_years(dt.date(2000, 2, 29), 5) == dt.date(2005, 2, 28)
    assert age_on(dt.date(1985, 3, 2), dt.date(2016, 3, 1)) == 30
    assert age_on(dt.date(1985, 3, 2), dt.date(2016, 3, 2)) == 31
