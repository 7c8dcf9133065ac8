"""The import docs' example: the committed workbook is what scripts/make_example_ledger.py writes, and its
mapping imports it cleanly into the sample register (the output the docs page shows)."""
import shutil
import subprocess
import sys

from conftest import ROOT, SAMPLE

EXAMPLE = ROOT / "docs" / "examples" / "2025客户投诉台账.xlsx"
MAPPING = ROOT / "docs" / "examples" / "2025客户投诉台账.mapping.yaml"


def test_the_committed_example_workbook_is_what_the_script_makes(tmp_path):
    out = tmp_path / "example.xlsx"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_example_ledger.py"), str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == EXAMPLE.read_bytes(), "run scripts/make_example_ledger.py and commit the workbook"


def test_the_example_imports_into_the_sample_register(run, tmp_path, monkeypatch):
    monkeypatch.setenv("FBREG_IMPORT_KEY", "docs-example")
    reg = tmp_path / "register"
    shutil.copytree(SAMPLE, reg)
    code, out, err = run("import", EXAMPLE, "--mapping", MAPPING, "--register", reg, "--dry-run")
    assert code == 0, out + err
    docs = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for line in out.splitlines():     # the docs show this very output (long warnings shortened with ……)
        if "(warning)" not in line:
            assert line in docs, line
    assert "P-c3c92ec89c0a" in out and "P-c3c92ec89c0a" in docs
    code, out, err = run("import", EXAMPLE, "--mapping", MAPPING, "--register", reg)
    assert code == 0 and "已写入 8 个事项" in out
    code, out, err = run("validate", "--register", reg)
    assert code == 0, out
