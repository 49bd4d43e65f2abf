"""Great Expectations Data Docs that open without the internet (a police network has none).

GE's page templates load Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from CDNs and
its logo from the web. Our views put `html_templates/great_expectations/` first on GE's Jinja path,
so the pages load those files from `<data docs>/assets/`, copied there from `web/node_modules`
(npm packages pinned by version and integrity in `web/package-lock.json`, installed by
`make assets`). Vega is left out: only the KL-divergence expectation draws charts, and the marts'
suites (pcp_assets/mart_suites.py) use none.

Layout: `<data docs>/<run id>/<mart>/` is one GE site; its pages reach the shared assets and the
index of all runs two folders above the site.
"""

import filecmp
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from pcp_assets.settings import PROJECT_ROOT

# The views render the pages; GE imports them by name when it builds a site, so a process that
# never renders Data Docs never imports GE for them.
VIEWS_MODULE = "pcp_assets.data_docs_views"
NODE_MODULES = PROJECT_ROOT / "web" / "node_modules"
ASSETS = "assets"
# Each file the pages load, under <data docs>/assets/, and where npm put it.
VENDORED = {
    "jquery.min.js": "jquery/dist/jquery.min.js",
    "bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap-table.min.css": "bootstrap-table/dist/bootstrap-table.min.css",
    "bootstrap-table.min.js": "bootstrap-table/dist/bootstrap-table.min.js",
    "bootstrap-table-filter-control.min.css": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "bootstrap-table-filter-control.min.js": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js"
    ),
    "bootstrap-datepicker.min.css": "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "bootstrap-datepicker.min.js": "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "fontawesome/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
    # Browsers that read the stylesheet take the woff2 files before its truetype fallbacks.
    **{
        f"fontawesome/webfonts/{font}.woff2": f"@fortawesome/fontawesome-free/webfonts/{font}.woff2"
        for font in ("fa-brands-400", "fa-regular-400", "fa-solid-900", "fa-v4compatibility")
    },
}


def site_config(site_dir: Path) -> dict[str, Any]:
    """A GE site in `site_dir` rendered by our views (`VIEWS_MODULE`): validations and the suite, no
    profiling, no "how to" buttons (they address GE's own users, not the checks' readers)."""
    view = {"module_name": VIEWS_MODULE, "class_name": "OfflinePageView"}
    return {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(site_dir),
        },
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "view": {"module_name": VIEWS_MODULE, "class_name": "OfflineIndexPageView"},
        },
        "site_section_builders": {
            "validations": {"view": view},
            "expectations": {"view": view},
            "profiling": "None",
        },
    }


def drop_static_copy(site_dir: Path) -> None:
    """GE copies its 4 MB `static/` folder (fonts, images) into every site; our pages use none
    of it."""
    shutil.rmtree(site_dir / "static", ignore_errors=True)


def _installed(missing: list[str]) -> list[tuple[str, Path]]:
    return [(name, NODE_MODULES / path) for name, path in VENDORED.items() if name not in missing]


def install_assets(docs_dir: Path) -> list[str]:
    """Put the vendored files in `<docs_dir>/assets` unless they are there already, built aside and
    renamed into place; returns the files npm has not installed (run `make assets`)."""
    target = docs_dir / ASSETS
    missing = [name for name, source in VENDORED.items() if not (NODE_MODULES / source).is_file()]
    current = all(
        (target / name).is_file() and filecmp.cmp(source, target / name)
        for name, source in _installed(missing)
    )
    if current:
        return missing
    building = docs_dir / f".{ASSETS}-{uuid.uuid4().hex}"
    for name, source in _installed(missing):
        (building / name).parent.mkdir(parents=True, exist_ok=True)
        # the file's bytes and time (the next check is one stat), its mode from PCP_FILE_MODE
        shutil.copyfile(source, building / name)
        times = source.stat()
        os.utime(building / name, ns=(times.st_atime_ns, times.st_mtime_ns))
    stale = docs_dir / f".{ASSETS}-stale-{uuid.uuid4().hex}"
    if target.exists():
        target.rename(stale)
    building.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return missing
