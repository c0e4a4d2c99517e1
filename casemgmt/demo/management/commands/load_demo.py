import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from casemgmt.demo.assistance import load_demo_assistance
from casemgmt.demo.enforcement import EXTRA_STAFF, load_demo_enforcement
from casemgmt.demo.mediation import load_demo_mediation
from casemgmt.demo.synthetic import load_synthetic_cases
from casemgmt.demo.users import DEMO_USERS, load_demo_users


class Command(BaseCommand):
    help = "Load demo accounts and realistic demo cases (idempotent); --cases N adds N synthetic cases."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=0, help="also generate N synthetic cases (benchmarks)")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, cases: int, quiet: bool, **options):
        rng = random.Random(20261128)
        with transaction.atomic():
            users = load_demo_users()
            created = load_demo_assistance(users, rng)
            created += load_demo_mediation(users, rng)
            created += load_demo_enforcement(users, rng)
        if cases:
            load_synthetic_cases(cases)
            call_command("search_rebuild")
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪（新增演示案件 {created} 件）。"))
        self.stdout.write(f"演示账号（密码均为 DEMO_PASSWORD，当前为 {settings.DEMO_PASSWORD}）：")
        for username, full_name, role, jurisdiction, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {full_name:<6} {role.label}（{jurisdiction}）")
        self.stdout.write("县级执法演示账号（同一密码）：")
        for username, full_name, role, jurisdiction, _ in EXTRA_STAFF:
            self.stdout.write(f"  {username:<18} {full_name:<6} {role.label}（{jurisdiction}）")
