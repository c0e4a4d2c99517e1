"""The refusal reason a public applicant for early removal reads (DOMAIN §5)."""

from creditlist.eligibility import Criterion, refusal_text


def test_a_refusal_for_two_failed_conditions_reads_as_one_sentence_without_doubled_stops():
    failures = [
        Criterion("one_year", "列入满一年", False, "列入满一年后方可申请提前移出。"),
        Criterion("obligations", "已履行行政处罚决定规定的义务", False, "尚欠罚没款，尚未履行完毕。"),
    ]

    text = refusal_text(failures)

    assert text == (
        "不符合提前移出条件：列入满一年——列入满一年后方可申请提前移出；"
        "已履行行政处罚决定规定的义务——尚欠罚没款，尚未履行完毕。"
    )
    assert "。；" not in text and not text.endswith("。。")
