"""``scaffold mv`` on a file system that ignores case: a real FAT file system (mkfs.vfat on
an image, mounted through FUSE with fusefat), where ``llama.md`` opens ``Llama.md``. Needs
root, /dev/fuse, mkfs.vfat (dosfstools) and fusefat; skipped, saying which is missing,
elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_main


@pytest.fixture
def fat(tmp_path: Path) -> Iterator[Path]:
    missing = [tool for tool in ("mkfs.vfat", "fusefat") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (apt-get install dosfstools fusefat)")
    if os.geteuid() != 0 or not os.path.exists("/dev/fuse"):
        pytest.skip("needs root and /dev/fuse to mount a FAT image")
    image, mount = tmp_path / "fat.img", tmp_path / "fat"
    with image.open("wb") as f:
        f.truncate(16 << 20)
    subprocess.run(["mkfs.vfat", str(image)], check=True, capture_output=True, timeout=60)
    mount.mkdir()
    done = subprocess.run(
        ["fusefat", "-o", "rw+", str(image), str(mount)], capture_output=True, timeout=60
    )
    if done.returncode != 0:
        pytest.skip(f"fusefat could not mount the image: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        for _ in range(50):
            if subprocess.run(["umount", str(mount)], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)


def _vault(fat: Path) -> Path:
    vault = fat / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Llama.md").write_text("# Llama\n", encoding="utf-8")
    (vault / "Other.md").write_text("[[Llama]] and [l](Llama.md)\n", encoding="utf-8")
    return vault


def test_the_file_system_ignores_case(fat: Path) -> None:
    vault = _vault(fat)
    assert (vault / "llama.md").read_text(encoding="utf-8") == "# Llama\n"


def test_a_case_only_rename_is_refused_with_the_way_round_it(fat: Path) -> None:
    vault = _vault(fat)
    before = {p.name: p.read_bytes() for p in vault.iterdir() if p.is_file()}
    done = run_main("mv", "Llama", "llama", "--yes", cwd=vault)
    assert done.returncode == 2, done.stderr  # before: exit 9, "a file is already there"
    assert "a change of case only" in done.stderr
    assert "scaffold mv 'Llama.md' tmp && scaffold mv tmp 'llama.md'" in done.stderr
    assert {p.name: p.read_bytes() for p in vault.iterdir() if p.is_file()} == before
    # (The way round it is not run here: fusefat lacks an operation scaffold's durable write
    # needs, so every write there fails, whole and rolled back, with "Function not
    # implemented", exit 3.)


def test_another_note_spelt_alike_is_still_taken_elsewhere(tmp_path: Path) -> None:
    """On a file system that keeps case, Llama.md and llama.md are two notes: the rename is
    refused as a taken name, not read as a change of case."""
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Llama.md").write_text("# Llama\n", encoding="utf-8")
    (vault / "llama.md").write_text("# llama\n", encoding="utf-8")
    if len(os.listdir(vault)) < 3:
        pytest.skip("this file system ignores case")
    done = run_main("mv", "Llama.md", "llama", "--yes", cwd=vault)
    assert done.returncode == 9, done.stderr
