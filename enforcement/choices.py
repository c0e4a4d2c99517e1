"""Choices shared by the enforcement models, their rules and their API."""

from django.db import models


class Procedure(models.TextChoices):
    PENALTY = "penalty", "行政处罚案件"
    ADJUDICATION = "adjudication", "专利侵权纠纷行政裁决"


class State(models.TextChoices):
    # Administrative penalty procedure (DOMAIN §3a)
    CLUE = "clue", "线索登记"
    VERIFYING = "verifying", "线索核查"
    NOT_FILED = "not_filed", "不予立案"
    FILED = "filed", "已立案"
    INVESTIGATING = "investigating", "调查取证"
    SUSPENDED = "suspended", "已中止"
    INVESTIGATION_CLOSED = "investigation_closed", "调查终结"
    INVESTIGATION_TERMINATED = "investigation_terminated", "终止调查"
    UNDER_REVIEW = "under_review", "法制审核"
    NOTIFIED = "notified", "已事先告知"
    HEARING_REQUESTED = "hearing_requested", "已申请听证"
    HEARING_HELD = "hearing_held", "已举行听证"
    COLLECTIVE_DISCUSSION = "collective_discussion", "集体讨论"
    DECIDED = "decided", "已作出决定"
    SERVED = "served", "已送达"
    EXECUTING = "executing", "执行中"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"
    TRANSFER_PENDING = "transfer_pending", "涉嫌犯罪移送审批"
    TRANSFER_APPROVED = "transfer_approved", "已批准移送司法"
    TRANSFERRED_TO_POLICE = "transferred_to_police", "已移送公安机关"
    # Patent-infringement dispute adjudication (DOMAIN §3b); shares filed/suspended/decided/served
    REQUESTED = "requested", "已提出请求"
    EXAMINED = "examined", "已审查"
    REJECTED = "rejected", "不予受理"
    SERVED_ON_RESPONDENT = "served_on_respondent", "已送达被请求人"
    ANSWERED = "answered", "答辩期届满"
    ORAL_HEARING = "oral_hearing", "已口头审理"
    MEDIATING = "mediating", "调解中"
    WITHDRAWN = "withdrawn", "已撤回"
    TERMINATED = "terminated", "已终止"
    FINAL = "final", "已生效"
    COURT_ENFORCEMENT_APPLIED = "court_enforcement_applied", "已申请法院强制执行"


class Kind(models.TextChoices):
    PATENT_COUNTERFEITING = "patent_counterfeiting", "假冒专利"
    TRADEMARK_INFRINGEMENT = "trademark_infringement", "商标侵权"
    AGENCY_VIOLATION = "agency_violation", "知识产权代理违法"


# 违法行为类型 of a case, as search facets and filters it: a penalty case's kind (fixed when the
# clue is registered), or for every adjudication the dispute it decides.
PATENT_INFRINGEMENT_DISPUTE = "专利侵权纠纷"
VIOLATION_TYPES = (*Kind.labels, PATENT_INFRINGEMENT_DISPUTE)


def violation_type_label(procedure: str, kind: str) -> str:
    if procedure == Procedure.ADJUDICATION:
        return PATENT_INFRINGEMENT_DISPUTE
    return str(Kind(kind).label) if kind in Kind.values else ""


class ClueSource(models.TextChoices):
    COMPLAINT = "complaint", "投诉举报"
    ASSISTANCE_REFERRAL = "assistance_referral", "维权援助中心移送"
    SPOT_CHECK = "spot_check", "双随机抽查发现"
    OTHER_AGENCY = "other_agency", "其他机关移送"
    ECOMMERCE_PLATFORM = "ecommerce_platform", "电子商务平台报送"
    OTHER = "other", "其他"


class LimitationInterest(models.TextChoices):
    """《行政处罚法》第三十六条: five years instead of two where the violation harmed these."""

    LIFE_HEALTH = "life_health", "涉及公民生命健康安全且有危害后果"
    FINANCIAL = "financial", "涉及金融安全且有危害后果"


class PartyRole(models.TextChoices):
    RESPONDENT = "respondent", "当事人/被请求人"
    COMPLAINANT = "complainant", "举报人/投诉人"
    RIGHT_HOLDER = "right_holder", "权利人/请求人"


class Outcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFERRED = "transferred", "移送其他机关"


class HearingEnd(models.TextChoices):
    """Why a requested hearing ended without being held (《行政处罚法》第六十四条第八项 and withdrawal)."""

    WITHDRAWN = "withdrawn", "当事人撤回听证申请"
    ABSENT = "absent", "当事人无正当理由拒不出席听证"
    LEFT = "left", "当事人未经许可中途退出听证"


class ClosingReason(models.TextChoices):
    EXECUTED = "executed", "执行完毕"
    COURT_CONCLUDED = "court_concluded", "人民法院执行终结"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFERRED = "transferred", "移送其他机关"
    CRIMINAL_TRANSFER = "criminal_transfer", "涉嫌犯罪移送司法机关"
    TERMINATED = "terminated", "终止调查"


class SuspensionGround(models.TextChoices):
    PARTY_UNAVAILABLE = "party_unavailable", "当事人下落不明或无法联系"
    AWAITING_OTHER_CASE = "awaiting_other_case", "须以相关案件的裁判结果或其他行政决定为依据"
    APPRAISAL = "appraisal", "检测、检验、鉴定、认定等专门事项尚未完成"
    INVALIDATION = "invalidation", "被请求人在答辩期内请求宣告专利权无效"
    FORCE_MAJEURE = "force_majeure", "因不可抗力致使案件暂时无法调查"
    OTHER = "other", "其他应当中止的情形"


class ClockPause(models.TextChoices):
    """Work on a clue whose time is not counted in the 15-working-day filing limit."""

    TESTING = "testing", "检测、检验、检疫"
    APPRAISAL = "appraisal", "鉴定"
    RIGHT_HOLDER_IDENTIFICATION = "right_holder_identification", "权利人辨认鉴别"


class ServiceMethod(models.TextChoices):
    ON_THE_SPOT = "on_the_spot", "当场交付"
    DIRECT = "direct", "直接送达"
    LEFT_AT_RESIDENCE = "left_at_residence", "留置送达"
    POST = "post", "邮寄送达"
    ENTRUSTED = "entrusted", "委托送达"
    ELECTRONIC = "electronic", "电子送达（经当事人同意）"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class AgencySubject(models.TextChoices):
    """Who committed an agency violation: it decides the article, the fine range and the
    authority (专利代理条例 arts. 25–27; 商标法 art. 68)."""

    PATENT_AGENCY = "patent_agency", "专利代理机构"
    PATENT_AGENT = "patent_agent", "专利代理师（个人）"
    UNLICENSED = "unlicensed", "擅自开展专利代理业务"
    TRADEMARK_AGENCY = "trademark_agency", "商标代理机构"
    TRADEMARK_AGENCY_PERSON = "trademark_agency_person", "商标代理机构直接负责的主管人员和其他直接责任人员"


class ArrangementKind(models.TextChoices):
    DEFERRAL = "deferral", "暂缓缴纳"
    INSTALMENTS = "instalments", "分期缴纳"


class RemedyKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LAWSUIT = "lawsuit", "行政诉讼"


class RemedyOutcome(models.TextChoices):
    UPHELD = "upheld", "维持/驳回"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销或确认违法、无效"
    WITHDRAWN = "withdrawn", "撤回申请/起诉"
    OTHER = "other", "其他"


class NationalMeasure(models.TextChoices):
    SUSPENSION = "suspension", "停止承接新的代理业务（6至12个月）"
    REVOCATION = "revocation", "吊销执业许可证/资格证"
