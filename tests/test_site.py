"""digits.reports.html_site: the index page and the links between the rendered notebooks."""

import pytest

from digits.reports.html_site import add_navigation, build_site, navigation, readme_results_table, readme_summary

README = """# digits: a title

A summary with a [link](https://example.org) and **bold**
on two lines.

| notebook | what it shows |
|---|---|
| [01_eda](notebooks/01_eda.ipynb) | the data |
| [02_model](notebooks/02_model.ipynb) | a model |

<!-- results:start -->
| model | test accuracy |
|---|---:|
| `a` | 99.00% |
<!-- results:end -->
"""


def test_the_summary_and_results_come_from_the_readme():
    assert readme_summary(README) == "A summary with a [link](https://example.org) and **bold** on two lines."
    assert readme_summary("# title\n\nFirst paragraph\ngoes on.\n\nWhat you get:\n- a list\n") == "First paragraph goes on."
    assert readme_results_table(README) == [["model", "test accuracy"], ["`a`", "99.00%"]]
    with pytest.raises(ValueError, match="no results block"):
        readme_results_table("# title\n\ntext\n")


def test_each_page_gets_one_bar_linking_the_index_and_its_neighbours():
    pages = ["01_eda.html", "02_model.html", "03_more.html"]
    bar = navigation(pages, 1)
    assert 'href="index.html"' in bar and 'href="01_eda.html" rel="prev"' in bar and 'href="03_more.html" rel="next"' in bar
    assert "rel=\"prev\"" not in navigation(pages, 0) and "rel=\"next\"" not in navigation(pages, 2)
    page = add_navigation(add_navigation("<html><body class='x'><p>hi</p></body></html>", bar), bar)
    assert page.count("<nav") == 1 and page.index("<nav") == page.index("<body class='x'>") + len("<body class='x'>")
    with pytest.raises(ValueError, match="no <body> tag"):
        add_navigation("<p>not a page</p>", bar)


def test_the_site_is_built_from_the_pages_present(tmp_path):
    (tmp_path / "README.md").write_text(README)
    for name in ("01_eda", "02_model"):
        (tmp_path / f"{name}.html").write_text(f"<html><body><h1>{name}</h1></body></html>")
    assert build_site(tmp_path, readme=tmp_path / "README.md", figures_dir=tmp_path) == ["01_eda.html", "02_model.html"]
    index = (tmp_path / "index.html").read_text()
    assert '<a href="01_eda.html">01_eda</a>' in index and "<td><code>a</code></td>" in index
    assert '<a href="https://example.org">link</a>' in index and "<figcaption>a model</figcaption>" in index
    with pytest.raises(FileNotFoundError, match="render the notebooks first"):
        build_site(tmp_path / "empty")


PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _page_with_figures(path, with_alt_text=1, without=0):
    """A notebook of figures (one-pixel PNGs), each with or without alternative text in its metadata."""
    import nbformat

    described = nbformat.v4.new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"},
                                       metadata={"image/png": {"alt": "A bar chart of <counts> per digit."}})
    bare = nbformat.v4.new_output("display_data", data={"image/png": PIXEL})
    cell = nbformat.v4.new_code_cell("figure", outputs=[described] * with_alt_text + [bare] * without)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


def _nbconvert_to_html(notebook, *options):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", *options, str(notebook)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return notebook.with_suffix(".html").read_text(), result.stderr


def test_the_pages_template_gives_each_figure_its_alternative_text(tmp_path):
    from digits.reports.html_site import HTML_TEMPLATE

    notebook = _page_with_figures(tmp_path / "page.ipynb", with_alt_text=1, without=1)
    page, log = _nbconvert_to_html(notebook, "--template-file", str(HTML_TEMPLATE))
    assert 'alt="A bar chart of &lt;counts&gt; per digit."' in page
    # The figure without alt text is still reported by nbconvert, as before.
    assert "Alternative text is missing on 1 image(s)" in log


def test_the_nbconvert_config_names_the_pages_template_for_html_only(tmp_path):
    import json

    from digits.reports.html_site import HTML_TEMPLATE, install_nbconvert_config

    config_file = install_nbconvert_config(prefix=tmp_path)
    assert config_file == tmp_path / "etc" / "jupyter" / "jupyter_nbconvert_config.json"
    settings = json.loads(config_file.read_text())
    assert settings["HTMLExporter"]["template_file"] == str(HTML_TEMPLATE) and HTML_TEMPLATE.is_file()
    assert settings["SlidesExporter"]["template_file"] == "index.html.j2"  # slides keep reveal.js's own


def test_make_setup_configures_this_environment_s_nbconvert(tmp_path):
    # What a reader gets from `jupyter nbconvert --to html notebooks/…` after `make setup`.
    page, log = _nbconvert_to_html(_page_with_figures(tmp_path / "page.ipynb"))
    assert 'alt="A bar chart of &lt;counts&gt; per digit."' in page
    assert "Alternative text is missing" not in log
