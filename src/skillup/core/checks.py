"""Deploy checks of our own (`skillup check --deploy`), beside Django's (issue 10 item 2)."""

from django.apps import apps
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, Warning, register

HINT = "运行 `skillup collectstatic --noinput`（部署每个新版本时都要运行），见 docs/operations.md。"


def _source_files() -> set[str]:
    """Every file collectstatic would copy, by its name under STATIC_URL."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    names = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            prefix = getattr(storage, "prefix", None)
            names.add(f"{prefix}/{path}" if prefix else path)
    return {name.replace("\\", "/") for name in names}


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs=None, **kwargs):
    """With hashed static names (DEBUG off) a page that names a file missing from the manifest answers
    500, so a deploy without collectstatic, or with an old one, must not pass `check --deploy`."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return []  # DEBUG on: runserver serves the sources, nothing to collect
    manifest = storage.manifest_storage.path(storage.manifest_name)
    if storage.read_manifest() is None:
        return [
            Error(
                f"静态文件尚未收集：找不到清单 {manifest}。关闭 DEBUG 后每个页面都会返回 500。",
                hint=HINT,
                id="core.E001",
            )
        ]
    collected, _hash = storage.load_manifest()  # read afresh: the file may be newer than this process
    missing = sorted(_source_files() - set(collected))
    if missing:
        shown = "、".join(missing[:3]) + ("等" if len(missing) > 3 else "")
        return [
            Warning(
                f"静态文件清单 {manifest} 已过期：{len(missing)} 个文件未收集（{shown}），引用它们的页面会返回 500。",
                hint=HINT,
                id="core.W002",
            )
        ]
    return []
