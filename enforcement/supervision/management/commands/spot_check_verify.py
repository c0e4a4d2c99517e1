"""manage.py spot_check_verify <id>: re-run a recorded 双随机 draw from its record and say whether
it matches. Exit code 0 when it matches, 1 when it does not, 2 when there is nothing to verify."""

import json

from django.core.management.base import BaseCommand, CommandError

from casemgmt.errors import Conflict, NotFound
from enforcement.supervision.services.spot_checks import spot_check_get, spot_check_verify


class Command(BaseCommand):
    help = "按抽取记录重新执行双随机抽取，核对结果是否一致（不一致时退出码为 1）。"

    def add_arguments(self, parser):
        parser.add_argument("id", help="抽查任务编号")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出核对结果")

    def handle(self, *args, **options):
        try:
            spot_check = spot_check_get(options["id"])
            result = spot_check_verify(spot_check)
        except (NotFound, Conflict) as error:
            raise CommandError(error.message, returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"抽查任务 #{spot_check.pk}：{spot_check.title}")
            self.stdout.write(f"算法版本：{result.algorithm_version}")
            self.stdout.write(f"种子承诺值：{result.commitment}")
            self.stdout.write(f"种子：{result.seed}")
            self.stdout.write(f"输入名单哈希值：{result.inputs_hash}")
            self.stdout.write(f"回避重抽记录：{result.redraws}条")
            if result.matches:
                self.stdout.write(self.style.SUCCESS("核对一致：按记录重新抽取的结果与记录相同。"))
            else:
                self.stdout.write(self.style.ERROR(f"核对不一致（{len(result.differences)}处）："))
                for difference in result.differences:
                    self.stdout.write(f"  - {difference}")
        if not result.matches:
            raise CommandError(f"抽查任务 #{spot_check.pk} 的抽取记录核对不一致。", returncode=1)
