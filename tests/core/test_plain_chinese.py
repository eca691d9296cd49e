"""Issue 12 defect 8: officers never read developer notes — file paths, YAML/Python names, "TODO",
"尚无…模块" — on a page. Template comments may say anything."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "skillup" / "templates"
COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
NOTES = re.compile(r"[\w/]+\.(?:py|yaml|yml)\b|\bTODO\b|\bFIXME\b|尚无[^。]{0,8}模块|\bissue \d+")


def test_no_developer_notes_on_pages():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
        # Links and static files are addresses, not notes.
        text = re.sub(r"(?:href|src|hx-get|hx-post|action)=\"[^\"]*\"", "", text)
        offenders += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in NOTES.finditer(text)]
    assert offenders == [], "\n".join(offenders)
