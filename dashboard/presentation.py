"""The dashboard's figures as charts and table cells (selectors.py computes them)."""

from .charts import Bar, count_chart, percent, share_chart
from .selectors import Dashboard


def _count_bar(series: str, figure, title: str) -> Bar:
    return Bar(series, float(figure.value), str(figure.value), figure.url, title)


def volume_chart(board: Dashboard):
    groups = [
        (
            rf.row.label,
            [
                _count_bar("new", rf.new, f"{rf.row.label}：新收 {rf.new.value} 件"),
                _count_bar("closed", rf.closed, f"{rf.row.label}：办结 {rf.closed.value} 件"),
                _count_bar("overdue", rf.overdue, f"{rf.row.label}：当前逾期 {rf.overdue.value} 件"),
            ],
        )
        for rf in board.rows
    ]
    return count_chart(
        "新收、办结与当前逾期（件）", groups, [("new", "新收"), ("closed", "办结"), ("overdue", "当前逾期")]
    )


def within_limit_chart(board: Dashboard):
    groups = []
    for rf in board.rows:
        if rf.limited is None:
            continue
        value = rf.within_share
        text = f"{percent(value)}（{rf.within_limit.value}/{rf.limited.value}）"
        title = f"{rf.row.label}：法定时限内办结 {rf.within_limit.value} 件，共 {rf.limited.value} 件"
        groups.append((rf.row.label, [Bar("within", value or 0.0, text, rf.within_limit.url, title)]))
    return share_chart("法定时限内办结率", groups, [("within", "时限内办结占比")])


def rate_chart(board: Dashboard):
    groups = []
    if board.mediation is not None:
        m = board.mediation
        text = f"{percent(m.rate)}（{m.succeeded.value}/{m.concluded.value}）"
        groups.append(
            ("调解成功率", [Bar("within", m.rate or 0.0, text, m.succeeded.url, f"调解成功 {m.succeeded.value} 件")])
        )
    if board.publications is not None:
        p = board.publications
        text = f"{percent(p.rate)}（{p.in_time.value}/{p.published.value}）"
        groups.append(
            ("20个工作日内公示", [Bar("within", p.rate or 0.0, text, p.in_time.url, f"按时公示 {p.in_time.value} 件")])
        )
    return share_chart("调解成功率与按时公示率", groups, []) if groups else None


# The findings' own labels are sentences; a chart's row needs a few characters.
SHORT_FINDINGS = {
    "发现问题，责令限期整改": "责令限期整改",
    "通过登记的住所（经营场所）无法联系": "无法联系",
    "发现违法行为，转为行政处罚案件": "转为处罚案件",
    "移送有权机关处理（停止承接新业务、吊销执业许可等）": "移送有权机关",
}


def findings_chart(board: Dashboard):
    if board.findings is None:
        return None
    groups = [
        (SHORT_FINDINGS.get(label, label), [_count_bar("finding", figure, f"{label}：{figure.value} 个抽查任务")])
        for label, figure in board.findings_by_kind
    ]
    return count_chart("抽查发现问题（按检查结果，抽查任务数）", groups, [])


def charts(board: Dashboard) -> list:
    built = [volume_chart(board), within_limit_chart(board), rate_chart(board), findings_chart(board)]
    return [chart for chart in built if chart is not None and chart.groups]
