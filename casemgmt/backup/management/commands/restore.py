from django.core.management.base import BaseCommand, CommandError

from casemgmt.backup.archive import BackupRefused, backup_restore


class Command(BaseCommand):
    help = (
        "从备份目录恢复数据库和上传文件。先按清单核对每个文件的 SHA-256，不符则不写入任何内容；"
        "数据库或上传文件目录不为空时拒绝，除非加 --replace。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="manage.py backup 写出的备份目录")
        parser.add_argument(
            "--replace", action="store_true", help="以备份替换现有的全部数据和上传文件（现有内容将被删除）"
        )

    def handle(self, *args, directory, replace, **options):
        try:
            report = backup_restore(directory, replace=replace)
        except BackupRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已恢复：{report.objects} 条记录，{report.files} 个上传文件。"))
        self.stdout.write("搜索索引：请运行 manage.py search_rebuild，使索引与恢复后的数据一致。")
