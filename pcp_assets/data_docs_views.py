"""The Great Expectations views that render our Data Docs pages offline: GE's own page views with
our templates first on their Jinja path (`html_templates/great_expectations/`), which load the
vendored assets (pcp_assets/data_docs_site.py) instead of the web's. GE imports this module by name
(`data_docs_site.VIEWS_MODULE`) when it builds a site."""

import re
from pathlib import Path
from typing import Any

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader
from jinja2.bccache import Bucket

TEMPLATES_DIR = Path(__file__).parent / "html_templates" / "great_expectations"
# GE's stylesheet draws its logo from the web in dark mode: offline pages draw none.
_WEB_URL = re.compile(r"url\(\s*['\"]?https?://[^)]*\)")
# Folders between a page and its site's root, by page: GE writes validation results under
# validations/<suite>/<run name>/<run time>/, suites under expectations/ (a dot in a suite name
# is one more folder).
_DEPTH = {"ValidationResults": 4, "ProfilingResults": 4, "ExpectationSuite": 1}


def site_root(renderer_type: str, expectation_suite_name: Any = None) -> str:
    """The relative path from a page to its site's root folder."""
    depth = next((d for kind, d in _DEPTH.items() if kind in renderer_type), 0)
    if depth and isinstance(expectation_suite_name, str):
        depth += expectation_suite_name.count(".")
    return "../" * depth


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process. GE builds a new Jinja environment for every view it
    renders a page with, and each compiled its templates again: 940 compilations for a run's 20
    checks, 40% of rendering their Data Docs (by profile). The source's checksum is kept with the
    code, so a changed template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def _offline(env: Environment) -> None:
    assert env.loader is not None
    env.bytecode_cache = COMPILED_TEMPLATES
    env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES_DIR), env.loader])
    env.globals["site_root"] = site_root
    env.filters["offline_css"] = lambda css: _WEB_URL.sub("none", css)


class _Offline:
    """A GE view whose templates are ours first (`_offline`)."""

    def __init__(
        self, custom_styles_directory: str | None = None, custom_views_directory: str | None = None
    ) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)  # type: ignore[call-arg]
        _offline(self.env)  # type: ignore[attr-defined]


class OfflinePageView(_Offline, DefaultJinjaPageView):
    pass


class OfflineIndexPageView(_Offline, DefaultJinjaIndexPageView):
    pass
