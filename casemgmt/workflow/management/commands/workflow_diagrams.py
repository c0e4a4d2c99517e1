from pathlib import Path

from django.core.management.base import BaseCommand

from casemgmt.workflow.diagrams import mermaid
from casemgmt.workflow.registry import workflow_types
from casemgmt.workflow.transitions import transition_specs, workflow_variants


class Command(BaseCommand):
    help = "Write docs/workflows.md: a Mermaid state diagram and transition table of every workflow, from the code."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/workflows.md")

    def handle(self, *args, output, **options):
        lines = [
            "# 业务流程状态图",
            "",
            "由 `manage.py workflow_diagrams` 根据代码中的流转定义生成，请勿手工修改。",
            "",
        ]
        for wf in workflow_types():
            for variant, variant_label, _ in workflow_variants(wf.model):
                title = f"{wf.label}：{variant_label}" if variant_label else wf.label
                key = f"{wf.key}/{variant}" if variant else wf.key
                lines += [f"## {title}（`{key}`）", "", "```mermaid", mermaid(wf.model, variant).rstrip(), "```", ""]
                lines += self.transition_table(wf.model, variant)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text("\n".join(lines), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"wrote {output}"))

    def transition_table(self, model, variant) -> list[str]:
        lines = ["| 操作 | 名称 | 从 | 到 | 权限 | 必填 |", "|---|---|---|---|---|---|"]
        for spec in transition_specs(model).values():
            if spec.in_variant(variant):
                who = spec.permission.describe() if hasattr(spec.permission, "describe") else ""
                lines.append(
                    f"| `{spec.name}` | {spec.label} | {', '.join(spec.sources)} | {spec.target} | {who} | "
                    f"{', '.join(spec.requires())} |"
                )
        return lines + [""]
