from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casemgmt.search.backends.base import SearchUnavailable
from casemgmt.search.rebuilds import RebuildInProgress
from casemgmt.search.registry import searchable_types
from casemgmt.search.services import REBUILD_CHUNK_SIZE, search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (all registered types, or those given with --type). "
        "Searches keep working meanwhile: Elasticsearch builds a new index and swaps its alias; "
        "changes made during the rebuild are drained into the new index afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--type", dest="types", action="append", metavar="KEY", help="only this type (may be repeated)"
        )
        parser.add_argument("--chunk-size", type=int, default=REBUILD_CHUNK_SIZE)

    def handle(self, *args, types=None, chunk_size=REBUILD_CHUNK_SIZE, verbosity=1, **options):
        known = sorted(entry.key for entry in searchable_types())
        unknown = sorted(set(types or []) - set(known))
        if unknown:
            raise CommandError(f"未知的检索类型：{', '.join(unknown)}（可选：{', '.join(known) or '无'}）")
        if chunk_size < 1:
            raise CommandError("--chunk-size 必须为正整数")
        with tqdm(unit="doc", desc="search_rebuild", disable=verbosity < 1) as bar:

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            try:
                written = search_index_rebuild(keys=types, chunk_size=chunk_size, progress_callback=progress)
            except RebuildInProgress as exc:
                raise CommandError(str(exc)) from exc
            except SearchUnavailable as exc:
                raise CommandError(f"检索服务不可用：{exc}") from exc
        self.stdout.write(f"已索引 {written} 条（类型：{', '.join(types or known) or '无'}）")
