"""The pages the pipeline writes besides the paper (the Data Docs index of all runs, the data
dictionary), rendered from `html_templates/`; each is self-contained and loads nothing."""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES_DIR = Path(__file__).parent / "html_templates"


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape())


def render_page(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)
