from django.core.management.base import BaseCommand

from casemgmt.publication.services import publications_apply_current_masking


class Command(BaseCommand):
    help = (
        "Mask the texts already published again under the current masking rules, where those rules "
        "hide more than the rules they were published under. Each changed text becomes a new public "
        "version by the system, with its history row, and the reviewers are told. Run after an upgrade "
        "that changes masking; --dry-run lists what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the publications to re-mask, change none")

    def handle(self, *args, dry_run=False, **options):
        ids = publications_apply_current_masking(dry_run=dry_run)
        what = "按现行规则应重新屏蔽的公示" if dry_run else "已重新屏蔽并公示新版本"
        self.stdout.write(f"{what}：{len(ids)} 条" + (f"（{', '.join(map(str, ids))}）" if ids else ""))
