"""img/: every committed figure is one a notebook writes, named after that notebook."""

import json
import re

from digits import config

# A figure's name is the second argument of save_figure (or save_architecture_diagram): a string,
# or an f-string whose {fields} stand for any text.
FIGURE_NAME = re.compile(r'save_(?:figure|architecture_diagram)\(.*?,\s*(f?)"(\d\d_[^"]*)"', re.DOTALL)


def names_written_by(notebook):
    source = "\n".join("".join(cell["source"]) for cell in json.loads(notebook.read_text())["cells"]
                       if cell["cell_type"] == "code")
    return [re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(name)) if is_f else re.escape(name)
            for is_f, name in FIGURE_NAME.findall(source)]


def test_every_committed_figure_is_written_by_the_notebook_it_is_named_after():
    written = {notebook.name[:2]: names_written_by(notebook) for notebook in sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))}
    assert len(written) >= 7 and all(written.values())
    for number, patterns in written.items():
        assert all(pattern.startswith(number) for pattern in patterns), (number, patterns)
    # Hidden names are the temporary files of a figure being written (the notebooks may run meanwhile).
    figures = [path.stem for path in config.FIGURES_DIR.glob("*.png")
               if not path.stem.startswith(("screenshot", "."))]
    orphans = [name for name in figures
               if not any(re.fullmatch(pattern, name) for pattern in written.get(name[:2], []))]
    assert not orphans, f"figures in img/ that no notebook writes under that name: {orphans}"
