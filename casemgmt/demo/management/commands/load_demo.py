import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casemgmt.demo.registry import demo_loaders, synthetic_generators
from casemgmt.demo.users import DEMO_USERS, load_demo_users


class Command(BaseCommand):
    help = "Load demo accounts and realistic demo cases (idempotent); --cases N adds N synthetic cases."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=0, help="also generate N synthetic cases (benchmarks)")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, cases: int, quiet: bool, **options):
        generators = synthetic_generators()
        if cases and not generators:
            raise CommandError("no installed app generates synthetic cases")
        loaders = demo_loaders()
        rng = random.Random(20261128)
        with transaction.atomic():
            users = load_demo_users()
            created = sum(loader.load(users, rng) for loader in loaders)
        if cases:
            # N in all, shared among the generators (today one: assistance requests).
            share, rest = divmod(cases, len(generators))
            for index, generator in enumerate(generators):
                generator.generate(share + (1 if index < rest else 0))
            call_command("search_rebuild")
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪（新增演示案件 {created} 件）。"))
        self.stdout.write(f"演示账号（密码均为 DEMO_PASSWORD，当前为 {settings.DEMO_PASSWORD}）：")
        for username, full_name, role, jurisdiction, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {full_name:<6} {role.label}（{jurisdiction}）")
        for loader in loaders:
            if loader.accounts is None:
                continue
            self.stdout.write(loader.accounts.title)
            for username, full_name, role, jurisdiction in loader.accounts.rows:
                self.stdout.write(f"  {username:<18} {full_name:<6} {role.label}（{jurisdiction}）")
