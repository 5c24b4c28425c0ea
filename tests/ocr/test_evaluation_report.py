"""The evaluation's report: the sealed renderer measures, it is never shown failing."""

from __future__ import annotations

from devtools.ocr_evaluation import SEALED, Job, Outcome, format_report, score
from ocr.reading import KIND_FIELDS, FieldReading, Reading


def _outcome(index: int, renderer: str) -> Outcome:
    dates = {"valid_from": "2016-05-20", "valid_until": "2036-05-20"}
    truth = {"issuing_authority": "宁波市公安局鄞州分局", **dates}
    fields = {"issuing_authority": FieldReading("宁波市公安局勤州分局", 0.8),
              **{name: FieldReading(value, 0.99) for name, value in dates.items()}}  # fmt: skip
    return Outcome(Job(index, renderer, "cn_id_card_back", "tight"), "combined", truth,
                   Reading("cn_id_card_back", fields))  # fmt: skip


def test_misreadings_are_listed_for_development_renderers_but_never_for_the_sealed_one():
    sealed = SEALED[0]
    report = format_report(1, [_outcome(1, "noto"), _outcome(2, sealed)], show_failures=10)
    listed = report.split("misread fields", 1)[1]
    assert "#1 noto/cn_id_card_back/tight issuing_authority" in listed
    assert f"{sealed}/" not in listed
    # ...while its figures are in the tables.
    assert sealed in report.split("misread fields", 1)[0]


NUMBER = "110101199003078515"


def _reading_of_number(confidence: float, value: str = NUMBER, address: float = 0.0) -> Outcome:
    truth = {name: "-" for name in KIND_FIELDS["cn_id_card_front"]} | {"id_number": NUMBER}
    fields = {"id_number": FieldReading(value, confidence)}
    if address:
        fields["address"] = FieldReading("misread", address)
    job = Job(1, "noto", "cn_id_card_front", "tight")
    return Outcome(job, "x", truth, Reading("cn_id_card_front", fields))


def test_engines_are_ranked_first_against_false_approvals_then_by_what_they_let_decide():
    sure = score([_reading_of_number(0.98)])
    hedging = score([_reading_of_number(0.85)])
    confidently_wrong = score([_reading_of_number(0.98, NUMBER[:-1] + "0"), _reading_of_number(0.98)])
    assert sure.objective() > hedging.objective()
    assert hedging.objective() > confidently_wrong.objective()
    # A sure reading of what decides outweighs a confident misreading of what does not.
    sure_but_misled = score([_reading_of_number(0.98, address=0.96)])
    hedging_on_both = score([_reading_of_number(0.85, address=0.85)])
    assert sure_but_misled.objective() > hedging_on_both.objective()


def test_fields_not_read_at_all_are_told_apart_from_misreadings():
    unread = _reading_of_number(0.98, address=0.9)
    del unread.reading.fields["id_number"]
    s = score([unread, _reading_of_number(0.98, NUMBER[:-1] + "0")])
    assert s.unread["id_card_front.id_number"].right == 1
    assert s.per_field["id_card_front.id_number"].right == 0
    table = format_report(1, [unread]).split("field not read at all", 1)[1].split("condition", 1)[0]
    assert "id_card_front.id_number" in table
    assert "id_card_front.address" not in table  # a field read (if wrongly) is not listed


def test_a_code_under_the_finger_is_counted_apart_from_codes_in_view():
    """A finger over the printed number leaves nothing to read: the report says how many codes
    a finger hid and how the codes in view were read, besides the rate over all of them."""
    covered = _reading_of_number(0.98)
    del covered.reading.fields["id_number"]
    covered.hidden = frozenset({"id_number"})
    misread = _reading_of_number(0.8, NUMBER[:-1] + "0")
    outcomes = [covered, misread, _reading_of_number(0.98)]
    s = score(outcomes)
    assert s.under_finger["id_number"] == 1
    assert (s.visible["id_number"].right, s.visible["id_number"].total) == (1, 2)
    assert "id_number 0.500 (1 under a finger)" in format_report(1, outcomes)


def test_a_finger_photo_tells_which_fields_the_finger_lies_over():
    """The finger framing's mask against where fields are printed: a drawn licence whose
    finger lies over its credit code (the top left corner), and the reading of the same photo
    without the finger finds it there."""
    import random

    from devtools.ocr_evaluation import _hidden_fields
    from devtools.synthetic.capture import capture_framing, finger_photo
    from devtools.synthetic.people import make_varied_business
    from devtools.synthetic.renderers import RENDERERS

    rng = random.Random("3102:12")  # evaluation seed 3102, job 12: hei, its code's start covered
    business = make_varied_business(rng)
    licence = RENDERERS["hei"].licence(business, rng)
    state = rng.getstate()
    shot = finger_photo(licence, rng, "cn_business_licence")
    rng.setstate(state)
    assert shot.data == capture_framing(licence, "finger", rng, "cn_business_licence")
    hidden = _hidden_fields(shot)
    assert "credit_code" in hidden
    assert not hidden & {"name", "operator", "scope", "address"}


def test_a_both_sides_page_counts_towards_the_fields_of_the_card_it_shows():
    """The contract's fields are a front's and a back's: a both-sides page's name is the front's
    name, pooled with the fronts' for the "every field" figure, and also shown on its own."""
    front = _reading_of_number(0.98)
    page_truth = front.truth | {"issuing_authority": "宁波市公安局", "valid_from": "-", "valid_until": "-"}
    misread = {"id_number": FieldReading(NUMBER[:-1] + "0", 0.5)}
    page = Outcome(Job(2, "noto", "cn_id_card_both_sides", "both_sides"), "x", page_truth,
                   Reading("cn_id_card_both_sides", misread))  # fmt: skip
    s = score([front, page])
    assert (s.per_contract_field["id_card_front.id_number"].right,
            s.per_contract_field["id_card_front.id_number"].total) == (1, 2)  # fmt: skip
    assert s.per_contract_field["id_card_back.issuing_authority"].total == 1
    assert "id_card_both_sides.id_number" not in s.per_contract_field
    assert s.per_field["id_card_both_sides.id_number"].total == 1
    report = format_report(1, [front, page])
    assert "worst contract field" in report and "worst field of one upload kind" in report
