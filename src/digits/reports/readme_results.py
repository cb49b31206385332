"""The README's results table, written from models/metrics.json between its markers."""

from digits import config
from digits.atomic import write_text_atomically
from digits.reports.results_table import percent


def metrics_markdown(metrics):
    """The README's results table, from metrics."""
    lines = ["| model | what | parameters | training time (2 CPU cores) | validation accuracy | test accuracy (28,000) |",
             "|---|---|---:|---:|---:|---:|"]
    for name, entry in metrics.items():
        validation = percent(entry["validation_accuracy"])
        if entry["validation_images"]:
            validation += f" of {entry['validation_images']:,}"
        lines.append(f"| `{name}` | {entry['description']} | {entry['parameters']:,} | "
                     f"{entry['training_seconds'] / 60:.1f} min | {validation} | {percent(entry['test_accuracy'])} |")
    return "\n".join(lines)


def update_readme_results(markdown, readme=None):
    """Replace the README's block between the results markers with `markdown`."""
    readme = config.README if readme is None else readme
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    text = readme.read_text()
    if start not in text or end not in text:
        raise ValueError(f"{readme}: missing the {start} / {end} markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    write_text_atomically(readme, f"{head}{start}\n{markdown}\n{end}{tail}")
