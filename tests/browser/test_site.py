"""The rendered analysis as a site (make html), opened from the file system in chromium."""

import subprocess
import sys

import pytest

from digits import config
from digits.reports.html_site import HTML_TEMPLATE, build_site

from .conftest import SCREENSHOTS_DIR

NOTEBOOKS = sorted((config.PROJ_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The notebooks rendered as `make html` renders them, with the index and page links."""
    html_dir = tmp_path_factory.mktemp("html")
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--template-file", str(HTML_TEMPLATE),
                    "--output-dir", str(html_dir), "--log-level=WARN", *map(str, NOTEBOOKS)], check=True, timeout=600)
    build_site(html_dir)
    return html_dir


def local_links(page):
    """The page's links into the site (external ones, e.g. to Kaggle, cannot be followed offline)."""
    return page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"
                                     ".filter(href => !/^(https?:|mailto:|#)/.test(href))")


def images_without_alternative_text(page):
    """Images with no alt, or with nbconvert's stand-in ("No description has been provided ...")."""
    return page.eval_on_selector_all("img", "images => images.filter(image => !image.alt || "
                                            "image.alt.startsWith('No description')).map(image => image.src.slice(0, 60))")


def broken_images(page):
    return page.eval_on_selector_all("img", "images => images.filter(image => !image.complete || "
                                            "image.naturalWidth === 0).map(image => image.alt || image.src.slice(0, 60))")


def test_the_index_links_every_notebook_and_shows_its_figures_and_results(site, page):
    page.goto((site / "index.html").as_uri())
    links = local_links(page)
    assert [link for link in links if link.endswith(".html")] == [f"{path.stem}.html" for path in NOTEBOOKS]
    for link in links:
        assert (site / link.split("#")[0]).is_file(), f"index.html links to {link}, which is not in the site"
    assert page.locator("img").count() == len(NOTEBOOKS) and broken_images(page) == []
    assert images_without_alternative_text(page) == []
    assert "best_cnn" in page.locator("table").inner_text()  # the results table
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS_DIR / "site_index.png"), full_page=False)


@pytest.mark.parametrize("position", range(len(NOTEBOOKS)))
def test_each_page_shows_its_figures_and_leads_back_to_the_index_and_on(site, page, position):
    name = NOTEBOOKS[position].stem
    page.goto((site / f"{name}.html").as_uri())
    assert page.locator("img").count() > 0 and broken_images(page) == []
    assert images_without_alternative_text(page) == []
    for link in local_links(page):
        assert (site / link.split("#")[0]).is_file(), f"{name}.html links to {link}, which is not in the site"
    bar = page.locator("nav.digits-site-nav")
    expected = ["All notebooks"] + ([f"← {NOTEBOOKS[position - 1].stem}"] if position > 0 else []) + \
        ([f"{NOTEBOOKS[position + 1].stem} →"] if position < len(NOTEBOOKS) - 1 else [])
    assert bar.locator("a").all_text_contents() == expected
    if position < len(NOTEBOOKS) - 1:
        bar.locator("a[rel=next]").click()
        assert page.url.endswith(f"{NOTEBOOKS[position + 1].stem}.html")
    bar = page.locator("nav.digits-site-nav")
    bar.locator("a", has_text="All notebooks").click()
    assert page.url.endswith("index.html")
