"""Issue 10 item 2: with DEBUG off, collectstatic must not trip over unshipped source maps, and
`check --deploy` must notice static files that were never collected (or collected from an older release)."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage

from skillup.core.checks import static_files_collected
from skillup.core.staticfiles import StaticStorage


def _post_process(root, files: dict[str, str]) -> dict[str, object]:
    for name, text in files.items():
        (root / name).write_text(text)
    source = FileSystemStorage(location=root)
    storage = StaticStorage(location=root, base_url="/static/")
    results: dict[str, object] = {}  # the last hashed name of each file, or its first error
    for name, hashed, processed in storage.post_process({n: (source, n) for n in files}):
        if not isinstance(results.get(name), Exception) and name in files:
            results[name] = processed if isinstance(processed, Exception) else hashed
    return results


def test_a_reference_to_an_unshipped_source_map_is_dropped_not_fatal(tmp_path):
    css = "body{color:red}\n/*# sourceMappingURL=lib.min.css.map */"
    js = "var a=1;\n//# sourceMappingURL=lib.min.js.map"
    results = _post_process(tmp_path, {"lib.min.css": css, "lib.min.js": js})
    assert not any(isinstance(r, Exception) for r in results.values()), results
    for name in ("lib.min.css", "lib.min.js"):
        hashed = (tmp_path / results[name]).read_text()
        assert "sourceMappingURL" not in hashed
        assert hashed.startswith(("body{color:red}", "var a=1;"))


def test_a_shipped_source_map_is_still_rewritten_to_its_hashed_name(tmp_path):
    results = _post_process(
        tmp_path, {"lib.css": "a{}\n/*# sourceMappingURL=lib.css.map */", "lib.css.map": "{}"}
    )
    hashed = (tmp_path / results["lib.css"]).read_text()
    assert f"sourceMappingURL={results['lib.css.map']}" in hashed


def test_any_other_missing_reference_still_fails_the_build(tmp_path):
    results = _post_process(tmp_path, {"page.css": "a{background:url(missing.png)}"})
    assert isinstance(results["page.css"], ValueError)


@pytest.fixture
def production_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "skillup.core.staticfiles.StaticStorage"},
    }
    return tmp_path


def _all_static_names() -> list[str]:
    names = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            names.append(f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path)
    return names


def test_the_deploy_check_fails_when_static_files_were_never_collected(production_static):
    [problem] = static_files_collected()
    assert problem.id == "core.E001" and problem.is_serious()
    assert "staticfiles.json" in problem.msg and "collectstatic" in problem.hint


def test_the_deploy_check_warns_when_the_manifest_lacks_a_file(production_static):
    paths = {name: name for name in _all_static_names() if name != "vendor/htmx/htmx.min.js"}
    (production_static / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))
    [problem] = static_files_collected()
    assert problem.id == "core.W002"
    assert "1 个文件未收集（vendor/htmx/htmx.min.js）" in problem.msg


def test_the_deploy_check_passes_with_a_complete_manifest(production_static):
    paths = {name: name for name in _all_static_names()}
    (production_static / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))
    assert static_files_collected() == []


def test_the_deploy_check_has_nothing_to_say_while_developing(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert static_files_collected() == []
