from django.core.management.base import BaseCommand, CommandError

from casemgmt.search.backends.base import SearchUnavailable
from casemgmt.search.consistency import search_index_check, search_index_repair
from casemgmt.search.registry import searchable_types

SHOWN_IDS = 10


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(pk) for pk in ids[:SHOWN_IDS])
    return shown + (f" 等{len(ids)}条" if len(ids) > SHOWN_IDS else "")


class Command(BaseCommand):
    help = (
        "Compare the search index with the database per registered type: documents missing from "
        "the index, stale (content hash differs) and orphaned. --repair re-indexes or removes them. "
        "Exits with status 1 while drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--type", dest="types", action="append", metavar="KEY", help="only this type (may be repeated)"
        )
        parser.add_argument("--repair", action="store_true", help="re-index missing and stale, remove orphaned")

    def _report(self, check) -> None:
        for drift in check.types:
            line = (
                f"{drift.key}（{drift.label}）：应索引 {drift.expected}，已索引 {drift.indexed}，"
                f"缺失 {len(drift.missing)}，过期 {len(drift.stale)}，多余 {len(drift.orphaned)}"
            )
            self.stdout.write(line)
            for title, ids in (("缺失", drift.missing), ("过期", drift.stale), ("多余", drift.orphaned)):
                if ids:
                    self.stdout.write(f"  {title}：{_ids(ids)}")
        if check.pending:
            self.stdout.write(f"待同步队列中尚有 {check.pending} 条变更。")

    def handle(self, *args, types=None, repair=False, **options):
        known = sorted(entry.key for entry in searchable_types())
        unknown = sorted(set(types or []) - set(known))
        if unknown:
            raise CommandError(f"未知的检索类型：{', '.join(unknown)}（可选：{', '.join(known) or '无'}）")
        try:
            check = search_index_check(keys=types)
            self._report(check)
            if check.has_drift and repair:
                report = search_index_repair(check)
                if report.held:
                    raise CommandError("索引重建正在进行：修复已排队，将在重建结束后执行。")
                self.stdout.write(f"已修复：同步 {report.synced} 条，失败 {report.failed} 条。复查：")
                check = search_index_check(keys=types)
                self._report(check)
        except SearchUnavailable as exc:
            raise CommandError(f"检索服务不可用：{exc}") from exc
        if check.has_drift:
            raise CommandError("索引与数据库不一致。" + ("" if repair else "可使用 --repair 修复。"))
        self.stdout.write("索引与数据库一致。")
