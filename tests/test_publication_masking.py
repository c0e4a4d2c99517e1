"""Masking personal data before publication (casemgmt/publication/masking.py, DOMAIN §3c): each
category, what must stay readable, and the check that the published text equals the decision
apart from the masked spans."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from casemgmt.parties.codes import make_credit_code
from casemgmt.publication.masking import (
    ADDRESS,
    BANK_ACCOUNT,
    HEALTH,
    ID_NUMBER,
    OTHER,
    PERSON_NAME,
    PHONE,
    PLACEHOLDERS,
    apply_masks,
    id_check_digit,
    mask_personal_data,
    published_equals_source_apart_from_masks,
)

from .identifiers import valid_id_number

_rng = random.Random(20261128)


def masked(text: str, **kwargs) -> tuple[str, list]:
    result = mask_personal_data(text, **kwargs)
    assert published_equals_source_apart_from_masks(text, result.text, result.spans)
    return result.text, [(text[s:e], category) for s, e, category in result.spans]


# --- resident ID numbers --------------------------------------------------------------------------


def test_an_18_digit_id_number_with_its_check_digit_is_masked():
    number = valid_id_number(_rng)
    assert id_check_digit(number[:17]) == number[17]
    text, spans = masked(f"身份证号码：{number}，")
    assert number not in text and PLACEHOLDERS[ID_NUMBER] in text
    assert spans == [(number, ID_NUMBER)]


def test_an_id_number_ending_in_x_or_with_a_mistyped_check_digit_is_still_masked():
    typo = "14050219900101123" + ("5" if id_check_digit("14050219900101123") != "5" else "6")
    text, _ = masked(f"甲{typo}乙，乙14050219900101124x。")
    assert typo not in text and "14050219900101124x" not in text


def test_a_15_digit_old_id_number_is_masked_but_a_15_digit_registration_number_is_not():
    text, spans = masked("旧身份证140502900101123；营业执照注册号140500100012345。")
    assert spans == [("140502900101123", ID_NUMBER)]
    assert "140500100012345" in text


def test_full_width_id_digits_are_masked_too():
    number = valid_id_number(_rng)
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    text, _ = masked(f"身份证{wide}。")
    assert wide not in text


def test_credit_codes_amounts_dates_and_document_numbers_stay_readable():
    code = make_credit_code(_rng)
    source = (
        f"统一社会信用代码{code}，晋市监罚〔2026〕12号，2026年3月15日，罚款人民币50,000.00元，商标注册第12345678号。"
    )
    text, spans = masked(source)
    assert spans == [] and text == source


# --- phone numbers ---------------------------------------------------------------------------------


def test_mobile_numbers_in_every_usual_spelling_are_masked():
    for number in ("13903561234", "139-0356-1234", "139 0356 1234", "+86 139 0356 1234", "8613903561234"):
        text, spans = masked(f"联系人手机{number}。" if number[0] == "+" else f"号码{number}。")
        assert number not in text, number
        assert [category for _, category in spans] == [PHONE], number


def test_landlines_with_area_code_and_extension_are_masked():
    for number in (
        "0356-2221234",
        "（0356）2221234",
        "(0356) 2221234",
        "03562221234",
        "010-88881234",
        "0356-2221234转8",
    ):
        text, spans = masked(f"座机为{number}，")
        assert [category for _, category in spans] == [PHONE], number
        assert text == f"座机为{PLACEHOLDERS[PHONE]}，", number


def test_a_short_number_after_a_phone_keyword_is_masked():
    text, spans = masked("联系电话：2221234。")
    assert spans == [("2221234", PHONE)]
    assert text == f"联系电话：{PLACEHOLDERS[PHONE]}。"


# --- bank accounts -----------------------------------------------------------------------------------


def test_bank_card_numbers_of_16_to_19_digits_are_masked_plain_or_grouped():
    for number in ("6222020400001234567", "6222 0204 0000 1234 567", "6217-0000-1234-5678"):
        text, spans = masked(f"通过{number}收款")
        assert spans == [(number, BANK_ACCOUNT)], number


def test_an_organisations_shorter_account_after_the_word_account_is_masked():
    text, spans = masked("开户银行：中国工商银行晋城分行，账号：05020 1234 5678 9。")
    assert spans == [("05020 1234 5678 9", BANK_ACCOUNT)]
    assert "中国工商银行晋城分行" in text


# --- addresses -----------------------------------------------------------------------------------------


def test_a_persons_registered_address_is_masked_wherever_it_appears():
    address = "晋城市泽州县南村镇南村街12号"
    text, spans = masked(f"经查，{address}存放侵权商品。", person_addresses=[address])
    assert spans == [(address, ADDRESS)]


def test_what_follows_address_words_is_masked_up_to_the_next_punctuation():
    source = "住址：晋城市城区凤台东街1号，家住阳城县凤城镇东关村，现住泽州县金村镇。户籍地高平市米山镇"
    text, spans = masked(source)
    assert [value for value, _ in spans] == [
        "晋城市城区凤台东街1号",
        "阳城县凤城镇东关村",
        "泽州县金村镇",
        "高平市米山镇",
    ]
    assert text.startswith("住址：［住址已隐去］，家住［住址已隐去］")


def test_an_organisations_registered_address_given_as_a_keep_term_stays_readable():
    source = "当事人住所：晋城市城区凤台东街88号。"
    text, spans = masked(source, keep_terms=["晋城市城区凤台东街88号"])
    assert spans == [] and text == source


# --- names of other natural persons --------------------------------------------------------------------


def test_other_persons_names_become_surname_and_mou():
    text, spans = masked("投诉人赵六、证人欧阳明月和赵六的同事到场。", other_person_names=["赵六", "欧阳明月"])
    assert text == "投诉人赵某、证人欧阳某和赵某的同事到场。"
    assert [category for _, category in spans] == [PERSON_NAME] * 3


def test_a_name_inside_the_partys_own_name_is_kept_and_one_character_names_are_ignored():
    text, spans = masked(
        "当事人李四光眼镜店，投诉人李四，经办人王。",
        other_person_names=["李四", "王"],
        keep_terms=["李四光眼镜店"],
    )
    assert text == "当事人李四光眼镜店，投诉人李某，经办人王。"


# --- health data ---------------------------------------------------------------------------------------


def test_a_clause_describing_a_persons_health_is_masked_as_a_whole():
    source = "当事人称其患有糖尿病，长期住院治疗，请求从轻处罚。"
    text, spans = masked(source)
    assert text == f"{PLACEHOLDERS[HEALTH]}，{PLACEHOLDERS[HEALTH]}，请求从轻处罚。"
    assert {category for _, category in spans} == {HEALTH}


def test_products_named_after_medicine_are_not_health_data():
    source = "当事人销售假冒注册商标的医疗器械和诊断试剂，违法经营额10,000.00元。"
    text, spans = masked(source)
    assert spans == [] and text == source


# --- reviewer's terms and overlaps -------------------------------------------------------------------------


def test_extra_terms_are_masked_and_keep_terms_release_a_false_hit():
    source = "涉案商品标注“保持健康状况”字样；其亲属张某某知情。"
    text, spans = masked(source, extra_terms=["张某某"], keep_terms=["涉案商品标注“保持健康状况”字样"])
    assert text == f"涉案商品标注“保持健康状况”字样；其亲属{PLACEHOLDERS[OTHER]}知情。"


def test_kept_terms_never_release_an_id_number_phone_or_bank_account():
    id_number = valid_id_number(_rng)
    source = f"当事人对外服务电话0356-2021234，手机13903561234，账号6222020400001234567，身份证号码{id_number}。"
    text, spans = masked(source, keep_terms=["0356-2021234", "手机13903561234", "账号6222020400001234567", source[:-1]])
    assert {category for _, category in spans} == {PHONE, BANK_ACCOUNT, ID_NUMBER}
    for value in ("0356-2021234", "13903561234", "6222020400001234567", id_number):
        assert value not in text


def test_a_natural_persons_address_stays_masked_when_a_company_shares_it():
    """Issue 13: 刘玉梅's address equalled a complainant company's, which was kept: the mask lost."""
    address = "山西省晋城市晋城市"
    source = f"当事人：刘玉梅，住址：{address}，联系电话：13935661234。投诉人：某公司，住所：{address}。"
    text, spans = masked(source, person_addresses=[address], keep_terms=["刘玉梅", "某公司", address])
    assert address not in text
    assert ("13935661234", PHONE) in spans


def test_a_persons_home_keywords_are_masked_even_inside_a_kept_term():
    # No person's address given: the word 住址 alone says it is a home.
    source = "当事人：王某，住址：晋城市城区凤台东街88号，投诉人：晋城市某公司，住所：晋城市城区凤台东街88号。"
    text, _ = masked(source, keep_terms=["晋城市城区凤台东街88号"])
    assert text == (
        f"当事人：王某，住址：{PLACEHOLDERS[ADDRESS]}，投诉人：晋城市某公司，住所：晋城市城区凤台东街88号。"
    )


def test_a_company_at_a_persons_building_keeps_its_address_the_persons_flat_is_masked():
    company, home = "晋城市城区凤台东街88号", "晋城市城区凤台东街88号3单元502室"
    source = f"当事人：晋城市某公司，住所：{company}。投诉人：赵六，住址：{home}。"
    text, _ = masked(source, person_addresses=[home], keep_terms=[company])
    assert text == f"当事人：晋城市某公司，住所：{company}。投诉人：赵六，住址：{PLACEHOLDERS[ADDRESS]}。"


def test_an_all_digit_credit_code_given_as_public_is_not_masked_as_a_bank_account():
    code = "911405001234567890"
    source = f"当事人：晋城市某公司，统一社会信用代码：{code}，账号6222020400001234567。"
    text, spans = masked(source, public_codes=[code])
    assert code in text and spans == [("6222020400001234567", BANK_ACCOUNT)]
    # As a mere kept term (a reviewer's), it would not be released.
    text, _ = masked(source, keep_terms=[code])
    assert code not in text


def test_overlapping_hits_merge_into_one_span_of_the_longest_category():
    text, spans = masked("赵六患有高血压，", other_person_names=["赵六"])
    assert spans == [("赵六患有高血压", HEALTH)]
    assert text == f"{PLACEHOLDERS[HEALTH]}，"


def test_the_registered_values_of_persons_are_masked_whatever_their_shape():
    text, spans = masked("微信号 zhao-13903561234-x 联系", personal_values=[("zhao-13903561234-x", PHONE)])
    assert spans == [("zhao-13903561234-x", PHONE)]


# --- the invariant -----------------------------------------------------------------------------------------


def test_the_invariant_holds_for_what_masking_produces_and_fails_for_any_other_change():
    source = "投诉人赵六，电话13903561234，反映情况属实。"
    result = mask_personal_data(source, other_person_names=["赵六"])
    assert published_equals_source_apart_from_masks(source, result.text, result.spans)
    # A change outside the masked spans.
    assert not published_equals_source_apart_from_masks(source, result.text.replace("属实", "不实"), result.spans)
    # A change inside a masked span: the placeholder is not what the category prescribes.
    assert not published_equals_source_apart_from_masks(
        source, result.text.replace(PLACEHOLDERS[PHONE], "139****1234"), result.spans
    )
    # Text dropped at the end, or added.
    assert not published_equals_source_apart_from_masks(source, result.text[:-1], result.spans)
    assert not published_equals_source_apart_from_masks(source, result.text + "。", result.spans)


def test_malformed_spans_never_pass_the_check():
    source = "abcdefghij"
    good = [[1, 3, PHONE], [5, 7, ID_NUMBER]]
    published = apply_masks(source, good)
    assert published_equals_source_apart_from_masks(source, published, good)
    for spans in (
        [[5, 7, ID_NUMBER], [1, 3, PHONE]],  # unsorted
        [[1, 6, PHONE], [5, 7, ID_NUMBER]],  # overlapping
        [[1, 3, PHONE], [5, 11, ID_NUMBER]],  # past the end
        [[3, 3, PHONE]],  # empty
        [[1, 3, "secret"]],  # unknown category
        [[1, 3]],  # not a triple
        [[True, 3, PHONE]],
        "1,3,phone",
        None,
    ):
        assert not published_equals_source_apart_from_masks(source, published, spans), spans
    assert not published_equals_source_apart_from_masks(None, published, good)


TEXT = st.text(alphabet=st.sampled_from("当事人销售假冒商标的镜片经查属实，。；：0123456789abc（）\n "), max_size=80)


@st.composite
def text_and_spans(draw):
    text = draw(st.text(min_size=1, max_size=80))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end:
            spans.append([start, end, draw(st.sampled_from(sorted(PLACEHOLDERS)))])
    return text, spans


@settings(max_examples=200, deadline=None)
@given(text_and_spans(), st.data())
def test_property_apply_masks_satisfies_the_check_and_any_edit_outside_breaks_it(case, data):
    source, spans = case
    published = apply_masks(source, spans)
    assert published_equals_source_apart_from_masks(source, published, spans)
    position = data.draw(st.integers(0, len(published) - 1)) if published else None
    if position is not None:
        replacement = "\uffff" if published[position] != "\uffff" else "\ufffe"
        edited = published[:position] + replacement + published[position + 1 :]
        assert not published_equals_source_apart_from_masks(source, edited, spans)


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.randoms(use_true_random=False))
def test_property_an_id_number_between_any_words_never_survives_masking(before, after, rng):
    number = valid_id_number(rng)
    source = f"{before}，身份证{number}，{after}"
    result = mask_personal_data(source)
    assert number not in result.text
    assert published_equals_source_apart_from_masks(source, result.text, result.spans)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_property_a_mobile_number_between_punctuation_never_survives_masking(words, number):
    source = f"{words}，电话{number}。{words}"
    assert number not in mask_personal_data(source).text
