"""digits.reports.answer_key_cells: cells that need the answer key run only where it exists."""

import pytest
from IPython.core.interactiveshell import InteractiveShell

from digits.reports.answer_key_cells import with_answer_key


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def test_with_the_answer_key_the_cell_runs_in_the_notebook_namespace(shell, tmp_path):
    key = tmp_path / "test_labels.csv"
    key.write_text("ImageId,Label\n1,7\n")
    with_answer_key("", "scored = 41 + 1", shell, answer_key=key)
    assert shell.user_ns["scored"] == 42


def test_without_it_the_cell_is_skipped_and_says_why(shell, tmp_path, capsys):
    with_answer_key("", "scored = 1", shell, answer_key=tmp_path / "test_labels.csv")
    assert "scored" not in shell.user_ns
    assert capsys.readouterr().out.startswith("Skipped: this needs the test set's answer key (test_labels.csv)")


def test_an_error_inside_the_cell_is_an_error_of_the_cell(shell, tmp_path):
    key = tmp_path / "test_labels.csv"
    key.write_text("ImageId,Label\n")
    with pytest.raises(ZeroDivisionError):
        with_answer_key("", "1 / 0", shell, answer_key=key)


def test_the_extension_registers_the_cell_magic(shell):
    shell.run_line_magic("load_ext", "digits.reports.answer_key_cells")
    assert "with_answer_key" in shell.magics_manager.magics["cell"]
