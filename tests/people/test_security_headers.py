"""The Content Security Policy every page carries: scripts and styles only from our own static files."""

from __future__ import annotations

from tests.conftest import ClientFactory


def test_pages_carry_the_content_security_policy(client_as: ClientFactory) -> None:
    for path in ("/accounts/login/", "/"):
        response = client_as("office" if path == "/" else None).get(path)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"].startswith("'self'")
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_no_page_template_has_an_inline_script() -> None:
    """Inline scripts would be blocked by the policy: scripts live in static files, data in json_script."""
    import re
    from pathlib import Path

    import carbonpeak

    root = Path(carbonpeak.__file__).parent
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template.relative_to(root)}: {tag}")
    assert offenders == []
