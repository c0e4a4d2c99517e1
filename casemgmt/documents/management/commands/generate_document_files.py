from django.core.management.base import BaseCommand

from casemgmt.documents.services import document_files_generate_missing


class Command(BaseCommand):
    help = "生成尚缺 PDF/Word 文件的法律文书（此前制发的文书，或生成失败的文书）。"

    def handle(self, *args, **options):
        done, failed = document_files_generate_missing()
        self.stdout.write(f"已生成 {done} 份文书的文件，失败 {failed} 份。")
        if failed:
            raise SystemExit(1)
