from django.core.management.base import BaseCommand, CommandError

from casemgmt.backup.archive import BackupRefused, backup_create


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个新目录，并写入 SHA-256 清单（manifest.json）。"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="新的或空的备份目录")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup_create(directory)
        except BackupRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {directory}：数据库 {manifest['database']['bytes']} 字节，上传文件 {len(manifest['files'])} 个。"
            )
        )
