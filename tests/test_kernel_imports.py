"""The kernel imports no app (ARCHITECTURE.md): no module under casemgmt/ imports cases, enforcement
or creditlist — by an import statement, by a relative import reaching out of casemgmt, or by naming
one in a string (importlib, import_string, include(), a dotted path). The apps register with the
kernel instead; the project's URL conf (casemgmt/urls.py) and the settings are the only places that
name them, and only in strings."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
KERNEL = ROOT / "casemgmt"
APPS = frozenset({"cases", "enforcement", "creditlist"})
# Where the project wires the apps in: strings naming them are allowed here (INSTALLED_APPS,
# include("cases.api.urls"), the Celery beat schedule), import statements are not.
WIRING = ("casemgmt/urls.py", "casemgmt/settings/")
# Calls that import or look up a module or app by a name given as a string.
BY_NAME = frozenset(
    {"import_module", "import_string", "__import__", "include", "get_app_config", "get_model", "is_installed"}
)


def _names_an_app(name: str) -> bool:
    return name.split(".", 1)[0] in APPS


def _is_dotted_app_path(text: str) -> bool:
    parts = text.split(".")
    return len(parts) > 1 and parts[0] in APPS and all(part.isidentifier() for part in parts)


def _called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _resolve_relative(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The absolute names a relative `from ... import ...` reaches, as Python resolves them."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if node.level - 1 > len(package):
        return [f"{'.' * node.level}{node.module or ''} (beyond the top-level package)"]
    base = ".".join(package[: len(package) - (node.level - 1)])
    target = ".".join(part for part in (base, node.module) if part)
    if node.module:
        return [target]
    return [".".join(part for part in (base, alias.name) if part) for alias in node.names]


def app_references(source: str, relative_path: str) -> list[tuple[int, str]]:
    """(line, what) for every reference to an app in one kernel module's source."""
    module = relative_path.removesuffix(".py").replace("/", ".")
    is_package = module.endswith(".__init__")
    module = module.removesuffix(".__init__")
    wiring = relative_path.startswith(WIRING)
    found = []
    for node in ast.walk(ast.parse(source, filename=relative_path)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if _names_an_app(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            targets = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
            if any(_names_an_app(name) for name in targets):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom):
            for name in _resolve_relative(module, is_package, node):
                if name.split(".", 1)[0] != "casemgmt":
                    found.append((node.lineno, f"{ast.unparse(node)}  (resolves to {name}, outside casemgmt)"))
        elif isinstance(node, ast.Call) and _called_name(node) in BY_NAME and not wiring:
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            for argument in arguments:
                for leaf in ast.walk(argument):
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str) and _names_an_app(leaf.value):
                        found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _is_dotted_app_path(node.value)
            and not wiring
        ):
            found.append((node.lineno, repr(node.value)))
    return sorted(set(found))


def test_no_module_under_casemgmt_imports_an_app():
    offences = []
    modules = sorted(KERNEL.rglob("*.py"))
    assert len(modules) > 100  # the walk found the kernel
    for path in modules:
        relative = path.relative_to(ROOT).as_posix()
        offences += [f"{relative}:{line}: {what}" for line, what in app_references(path.read_text(), relative)]
    assert not offences, "the kernel refers to an app:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("casemgmt/web/urls.py", "import cases"),
        ("casemgmt/web/urls.py", "import enforcement.raid_urls as raids"),
        ("casemgmt/web/urls.py", "from cases.views import mediation_calendar"),
        ("casemgmt/web/urls.py", "from creditlist import models"),
        ("casemgmt/demo/users.py", "from ... import enforcement"),
        ("casemgmt/demo/users.py", "from ...cases.models import AssistanceRequest"),
        ("casemgmt/__init__.py", "from .. import creditlist"),
        ("casemgmt/search/tasks.py", "from importlib import import_module\nimport_module('cases.search')"),
        ("casemgmt/search/tasks.py", "import importlib\nimportlib.import_module('enforcement')"),
        ("casemgmt/api/urls.py", "from django.urls import include, path\npath('', include('cases.api.urls'))"),
        ("casemgmt/api/urls.py", "path('', include(('enforcement.api.urls', 'api')))"),
        ("casemgmt/workflow/api.py", "Model = import_string('enforcement.models.EnforcementCase')"),
        ("casemgmt/workflow/api.py", "apps.get_model('cases', 'AssistanceRequest')"),
        ("casemgmt/workflow/api.py", "TASKS = {'scan': 'enforcement.tasks.scan'}"),
        ("casemgmt/urls.py", "from cases.views import mediation_calendar"),
        ("casemgmt/settings/base.py", "from enforcement.choices import Kind"),
    ],
)
def test_the_check_finds_each_way_of_reaching_an_app(path, source):
    references = app_references(source, path)
    assert references and references[-1][0] == source.count("\n") + 1


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("casemgmt/urls.py", "path('api/', include('cases.api.urls'))"),
        ("casemgmt/settings/base.py", "INSTALLED_APPS = ['cases', 'enforcement']\nX = {'a': 'cases.models.X.Kind'}"),
        ("casemgmt/demo/users.py", "from . import registry\nfrom ..org.models import User"),
        ("casemgmt/__init__.py", "from . import celery"),
        ("casemgmt/web/views/home.py", "from ..deadline_rows import deadline_rows"),
        ("casemgmt/workflow/models.py", '"""Open cases. See enforcement.models for an example."""'),
        ("casemgmt/search/api.py", "label = 'enforcement'\nkey = 'enforcement_case'\nimport casemgmt.cases"),
    ],
)
def test_the_check_leaves_the_kernel_and_the_wiring_alone(path, source):
    assert app_references(source, path) == []


def test_the_apps_pages_and_api_keep_their_names_and_paths():
    """casemgmt/urls.py wires the apps' staff pages into the kernel's "web" namespace and their API
    under /api/, at the paths and names they had when the kernel's URL confs included them."""
    assert reverse("web:mediation-calendar") == "/mediation-calendar/"
    assert reverse("web:enforcement-raid", args=[7]) == "/enforcement/cases/7/raid/"
    assert reverse("web:enforcement-raid-detail", args=[7, 3]) == "/enforcement/cases/7/raid/3/"
    assert reverse("web:home") == "/" and reverse("web:healthz") == "/healthz"
    assert reverse("web:document-print", args=[5]) == "/documents/5/"
    assert reverse("assistance-request-list") == "/api/assistance-requests/"
    assert reverse("enforcement-case-detail", args=[4]) == "/api/enforcement-cases/4/"
    assert reverse("enforcement-inspection-list", kwargs={"case_pk": 4}) == "/api/enforcement-cases/4/inspections/"
    assert reverse("public-assistance-request-create") == "/api/public/assistance-requests/"
    assert reverse("public-penalty-decision-list") == "/api/public/penalty-decisions/"
    assert reverse("publication-list") == "/api/publications/"
    assert reverse("api-schema") == "/api/schema/"
