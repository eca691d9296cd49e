"""The app layers hold (issue 12): an app imports only apps below it, at module level or inside a
function alike — a cycle hidden in a function-level import is still a cycle. Like policy/test_purity.py,
this reads the source, so it fails the moment someone adds an upward import.

Composition modules assemble the whole system and may import any app: the demo seeders, management
commands, Django admin wiring and the operations tools (backup/restore). No app imports them.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "skillup"

# Lowest first. `policy` imports no Django (policy/test_purity.py); `api` serves every app.
LAYERS = [
    {"policy"},
    {"core"},
    {"accounts"},
    {"exports", "directory"},
    {"registry"},
    {"certificates"},
    {"training"},
    {"subsidies"},
    {"fund"},
    {"integrity"},
    {"records"},
    {"market", "programmes"},
    {"planning", "whatif"},
    {"api"},
]
LEVEL = {app: i for i, layer in enumerate(LAYERS) for app in layer}
COMPOSITION = ("demo.py", "admin.py", "admin_audit.py", "backup.py", "backup_db.py", "restore.py")


def _is_composition(path: Path) -> bool:
    rel = path.relative_to(SRC)
    return path.name in COMPOSITION or "management" in rel.parts or "migrations" in rel.parts


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "skillup" and len(parts) > 1 and parts[1] in LEVEL:
                yield node.lineno, parts[1]


def _app_modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if len(rel.parts) > 1 and rel.parts[0] in LEVEL and not _is_composition(path):
            yield rel.parts[0], path


def test_every_app_has_a_layer():
    apps = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps - {"static", "templates"} == set(LEVEL)


def test_apps_import_only_apps_below_them():
    upward = [
        f"{path.relative_to(SRC)}:{line} imports {target} (layer {LEVEL[target]} ≥ {app}'s {LEVEL[app]})"
        for app, path in _app_modules()
        for line, target in _imports(path)
        if target != app and LEVEL[target] >= LEVEL[app]
    ]
    assert upward == [], "\n".join(upward)


def test_no_app_imports_a_composition_module():
    offenders = []
    for _app, path in _app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith(".demo"):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
