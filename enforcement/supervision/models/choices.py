"""Vocabularies of agency supervision (双随机、一公开)."""

from django.db import models


class AgencyKind(models.TextChoices):
    PATENT_AGENCY = "patent_agency", "专利代理机构"
    TRADEMARK_AGENCY = "trademark_agency", "商标代理机构"
    BRANCH = "branch", "分支机构"


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", "正常经营"
    SUSPENDED = "suspended", "停止承接新业务"
    CANCELLED = "cancelled", "已注销或被吊销"


class RiskClass(models.TextChoices):
    """信用风险分类 (市场监管部门企业信用风险分类管理): A low … D high."""

    A = "A", "A类（信用风险低）"
    B = "B", "B类（信用风险一般）"
    C = "C", "C类（信用风险较高）"
    D = "D", "D类（信用风险高）"


class ItemKind(models.TextChoices):
    GENERAL = "general", "一般检查事项"
    KEY = "key", "重点检查事项"


class Rounding(models.TextChoices):
    CEIL = "ceil", "向上取整"
    HALF_UP = "half_up", "四舍五入"
    FLOOR = "floor", "向下取整"


class Finding(models.TextChoices):
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFICATION = "rectification", "发现问题，责令限期整改"
    UNREACHABLE = "unreachable", "通过登记的住所（经营场所）无法联系"
    PENALTY_CASE = "penalty_case", "发现违法行为，转为行政处罚案件"
    REFERRED = "referred", "移送有权机关处理（停止承接新业务、吊销执业许可等）"


class State(models.TextChoices):
    DRAFT = "draft", "草拟"
    DRAWN = "drawn", "已抽取"
    CONFIRMED = "confirmed", "已确认"
    INSPECTING = "inspecting", "检查中"
    RESULTS_ENTERED = "results_entered", "结果已录入"
    PUBLISHED = "published", "已公示"
    FOLLOWED_UP = "followed_up", "后续处置完毕"
    CANCELLED = "cancelled", "已取消"
