"""The rendered analysis as a small site: an index page for the notebooks' HTML pages in build/html/.

`jupyter nbconvert --to html` renders each notebook with its figures embedded; this adds index.html
(the project's summary and results table from README.md, one key figure per notebook, links to the
pages) and a bar on every page that leads to the index and to the previous and next notebook.
Everything is in the files: the site opens from the file system, with no server.
"""

import base64
import html
import json
import re
import sys
from pathlib import Path

from digits import config
from digits.atomic import write_text_atomically

README = config.README
# nbconvert's template for the pages (`make html`): JupyterLab's, with each figure's alternative text.
HTML_TEMPLATE = Path(__file__).resolve().parent / "templates" / "html_with_alt.html.j2"
# The figure that stands for each notebook on the index page.
KEY_FIGURES = {
    "01_eda": "01_mean_digits.png",
    "02_baseline_cnn": "02_confusion_heatmap.png",
    "03_augmented_cnn": "03_augmentation_preview.png",
    "04_best_model": "04_accuracy_against_compute.png",
    "05_handwriting": "05_handwriting_predictions.png",
    "06_many_networks": "06_ensemble_against_compute.png",
    "07_labels_and_features": "07_doubtful_training_labels.png",
}
NAVIGATION_CLASS = "digits-site-nav"
STYLE = """
body.digits-index { font-family: sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
.digits-index table { border-collapse: collapse; margin: 1em 0; }
.digits-index th, .digits-index td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
.digits-index td:first-child, .digits-index td:nth-child(2), .digits-index th { text-align: left; }
.digits-index figure { margin: 1.5em 0; }
.digits-index figure img { max-width: 100%; border: 1px solid #eee; }
"""


def install_nbconvert_config(prefix=sys.prefix):
    """Make a plain `jupyter nbconvert --to html` in this environment render with HTML_TEMPLATE, so
    that every page it writes carries the figures' alternative text (JupyterLab's template, nbconvert's
    default, drops it). Writes PREFIX/etc/jupyter/jupyter_nbconvert_config.json, which nbconvert reads
    from the environment it runs in; slides keep their own template. Returns the file's path."""
    path = Path(prefix) / "etc" / "jupyter" / "jupyter_nbconvert_config.json"
    settings = {"HTMLExporter": {"template_file": str(HTML_TEMPLATE)},
                "SlidesExporter": {"template_file": "index.html.j2"}}
    write_text_atomically(path, json.dumps(settings, indent=2) + "\n")
    return path


def _inline_markdown(text):
    """README prose to HTML: escaping, links, bold and code spans (all the README's paragraphs use)."""
    text = html.escape(text, quote=False)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", lambda match: f'<a href="{html.escape(match[2])}">{match[1]}</a>', text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def readme_summary(readme_text):
    """The README's opening paragraph: the lines under its title up to the first blank line, table,
    heading or list."""
    lines = readme_text.splitlines()
    paragraph = []
    for line in lines[1:]:
        if line.startswith(("|", "#", "<", "- ", "```")) or (not line.strip() and paragraph):
            break
        paragraph.append(line.strip())
    summary = " ".join(line for line in paragraph if line)
    if not summary:
        raise ValueError("README.md has no opening paragraph under its title")
    return summary


def readme_results_table(readme_text):
    """The rows of the README's results table (written by `digits results --write`), header first."""
    block = re.search(r"<!-- results:start -->\n(.*?)\n<!-- results:end -->", readme_text, re.S)
    if not block:
        raise ValueError("README.md has no results block (<!-- results:start --> ... <!-- results:end -->)")
    rows = [line.strip().strip("|").split("|") for line in block[1].splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows if not set("".join(row)) <= set("-: ")]


def readme_notebook_descriptions(readme_text):
    """{notebook name: what it shows}, from the README's table of notebooks."""
    return {match[1]: match[2].strip()
            for match in re.finditer(r"^\| \[(\d\d_\w+)\]\([^)]*\) \| (.*?) \|$", readme_text, re.M)}


def _table_html(rows):
    header, *body = rows
    head = "".join(f"<th>{_inline_markdown(cell)}</th>" for cell in header)
    lines = ["<tr>" + "".join(f"<td>{_inline_markdown(cell)}</td>" for cell in row) + "</tr>" for row in body]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _embedded_image(path, alt):
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def navigation(pages, position):
    """The bar at the top of page `position` of `pages` (file names, in order)."""
    links = ['<a href="index.html">All notebooks</a>']
    if position > 0:
        links.append(f'<a href="{pages[position - 1]}" rel="prev">← {Path(pages[position - 1]).stem}</a>')
    if position < len(pages) - 1:
        links.append(f'<a href="{pages[position + 1]}" rel="next">{Path(pages[position + 1]).stem} →</a>')
    style = "font-family:sans-serif;padding:8px 16px;background:#f3f3f3;border-bottom:1px solid #ddd;display:flex;gap:1.5em"
    return f'<nav class="{NAVIGATION_CLASS}" style="{style}">{"".join(links)}</nav>'


def add_navigation(page_html, bar):
    """`page_html` with `bar` right after its <body> tag, replacing a bar added before."""
    page_html = re.sub(rf'<nav class="{NAVIGATION_CLASS}"[^>]*>.*?</nav>', "", page_html, flags=re.S)
    opening = re.search(r"<body[^>]*>", page_html)
    if not opening:
        raise ValueError("not an HTML page: no <body> tag")
    return page_html[:opening.end()] + bar + page_html[opening.end():]


def index_html(pages, readme_text, figures_dir):
    descriptions = readme_notebook_descriptions(readme_text)
    sections = []
    for page in pages:
        name = Path(page).stem
        figure = Path(figures_dir) / KEY_FIGURES.get(name, "")
        picture = _embedded_image(figure, f"key figure of {name}") if figure.is_file() else ""
        sections.append(f'<figure><h3><a href="{page}">{name}</a></h3>'
                        f'<figcaption>{_inline_markdown(descriptions.get(name, ""))}</figcaption>{picture}</figure>')
    title = readme_text.splitlines()[0].lstrip("# ").strip()
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{STYLE}</style></head>\n<body class=\"digits-index\"><h1>{html.escape(title)}</h1>"
            f"<p>{_inline_markdown(readme_summary(readme_text))}</p>"
            f"<h2>Results</h2>{_table_html(readme_results_table(readme_text))}"
            f"<h2>The notebooks</h2>{''.join(sections)}</body></html>\n")


def build_site(html_dir, readme=README, figures_dir=None):
    """Write `html_dir`/index.html and put the navigation bar on every notebook page there; return the pages."""
    figures_dir = config.FIGURES_DIR if figures_dir is None else figures_dir
    html_dir = Path(html_dir)
    pages = sorted(path.name for path in html_dir.glob("[0-9][0-9]_*.html"))
    if not pages:
        raise FileNotFoundError(f"no notebook pages (NN_name.html) in {html_dir}: render the notebooks first (make html)")
    readme_text = Path(readme).read_text()
    for position, page in enumerate(pages):
        path = html_dir / page
        write_text_atomically(path, add_navigation(path.read_text(), navigation(pages, position)))
    write_text_atomically(html_dir / "index.html", index_html(pages, readme_text, figures_dir))
    return pages
