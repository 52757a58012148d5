"""The Neovim recipe in a real headless Neovim 0.11: the language server's features as a
Neovim user meets them (diagnostics, hover, completion, definition, rename, a code action,
:ScaffoldSet on a line with an em dash, a note made while the server runs), and the
recipe's own wiring (per-buffer :make, autocommands that do not pile up, the guard for older
Neovim, clean errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.editors.nvim import run

pytest.importorskip("pygls")

META = "---\naliases: [Facebook, Meta Platforms]\n---\n# Meta\n\n## Products\n\n- Llama ^products\n"
STATS = """\
# Stats

## Quick stats

| Metric | Value |
|---|---|
| Users — monthly | ~1B |
| Downloads | 1.2B+ |
"""
LINKS = "# Links\n\nSee [[Meta#Products]], [[Nowhere]] and [[Later]].\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Llama.md").write_bytes(SEED.read_bytes())
    (root / "Meta.md").write_text(META, encoding="utf-8")
    (root / "Stats.md").write_text(STATS, encoding="utf-8")
    (root / "Links.md").write_text(LINKS, encoding="utf-8")
    return root


@pytest.fixture
def home(tmp_path: Path) -> Path:
    found = tmp_path / "home"
    found.mkdir()
    return found


def test_diagnostics_hover_completion_and_definition(vault: Path, home: Path) -> None:
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        local c = client()
        out.encoding = c.offset_encoding
        wait(function() return #vim.diagnostic.get(0) >= 2 end)
        out.codes = codes()
        -- hover on [[Meta#Products]]: line 3, the byte of "M"
        vim.api.nvim_win_set_cursor(0, { 3, 8 })
        local hover = c:request_sync("textDocument/hover",
          vim.lsp.util.make_position_params(0, c.offset_encoding), 5000, 0)
        out.hover = hover.result.contents.value
        -- completion after [[Fac
        vim.api.nvim_buf_set_lines(0, -1, -1, false, { "Also [[Fac" })
        vim.wait(400) -- Neovim sends didChange 150 ms after the last change
        local reply = c:request_sync("textDocument/completion", {
          textDocument = vim.lsp.util.make_text_document_params(0),
          position = { line = 3, character = 10 }, -- past "Fac", where insert mode types
        }, 5000, 0)
        assert(reply.result, vim.inspect(reply))
        local items = reply.result.items or reply.result
        out.completion = vim.tbl_map(function(i) return i.label end, items)
        out.completion_enabled = vim.lsp.completion ~= nil
        -- go to definition: gd is mapped for the buffer and jumps into Meta.md
        out.gd = vim.fn.maparg("gd", "n", false, true).buffer
        vim.api.nvim_win_set_cursor(0, { 3, 8 })
        vim.cmd("normal gd")
        wait(function() return vim.fn.expand("%:t") == "Meta.md" end, 5000)
        out.jumped = { vim.fn.expand("%:t"), vim.api.nvim_win_get_cursor(0)[1] }
        """,
        files=("Links.md",),
    )
    assert out["encoding"] == "utf-8"  # Neovim offers UTF-8 first; the server takes it
    assert out["codes"] == ["L001", "L001"]
    assert out["hover"] == "[[Meta]] → `Meta.md`"
    assert out["completion"] == ["Facebook"]
    assert out["gd"] == 1
    assert out["jumped"] == ["Meta.md", 6]  # the heading ## Products


def test_a_quick_fix_from_a_code_action(vault: Path, home: Path) -> None:
    (vault / "Ragged.md").write_text(
        STATS.replace("| Users — monthly | ~1B |", "| Users — monthly |"), encoding="utf-8"
    )
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        local c = client()
        wait(function() return vim.tbl_contains(codes(), "T001") end)
        local diags = vim.diagnostic.get(0)
        local ragged
        for _, d in ipairs(diags) do if d.code == "T001" then ragged = d end end
        local params = vim.lsp.util.make_range_params(0, c.offset_encoding)
        params.range = { start = { line = ragged.lnum, character = 0 },
                         ["end"] = { line = ragged.lnum, character = 0 } }
        params.context = { diagnostics = vim.lsp.diagnostic.from(diags) }
        local actions = c:request_sync("textDocument/codeAction", params, 5000, 0).result
        out.titles = vim.tbl_map(function(a) return a.title end, actions)
        vim.lsp.util.apply_workspace_edit(actions[1].edit, c.offset_encoding)
        out.line = vim.api.nvim_buf_get_lines(0, ragged.lnum, ragged.lnum + 1, false)[1]
        """,
        files=("Ragged.md",),
    )
    assert out["titles"], out
    assert out["line"] == "| Users — monthly | |"


def test_set_changes_the_cell_after_an_em_dash(vault: Path, home: Path) -> None:
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        wait(function() return vim.diagnostic.get(0) ~= nil end, 500)
        -- the cursor on "~1B", after the em dash: byte 21 of the line, character 19
        local line = vim.api.nvim_buf_get_lines(0, 6, 7, false)[1]
        vim.api.nvim_win_set_cursor(0, { 7, (line:find("~1B", 1, true)) - 1 })
        vim.cmd("ScaffoldSet ~1.1B")
        wait(function()
          return vim.api.nvim_buf_get_lines(0, 6, 7, false)[1] ~= line
        end, 5000)
        out.line = vim.api.nvim_buf_get_lines(0, 6, 8, false)
        -- and where there is no address: the server's message, not an RPC error's
        vim.api.nvim_win_set_cursor(0, { 1, 0 })
        vim.cmd("ScaffoldSet x")
        wait(function() return #out.notes > 0 end, 5000)
        """,
        files=("Stats.md",),
    )
    assert out["line"] == ["| Users — monthly | ~1.1B |", "| Downloads | 1.2B+ |"]
    (note,) = out["notes"]
    assert note.startswith("scaffold set: no address at the cursor"), note
    assert "-32" not in note and "Error" not in note


def test_a_note_written_while_the_server_runs_is_learnt(vault: Path, home: Path) -> None:
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        local links = vim.api.nvim_get_current_buf()
        wait(function() return #vim.diagnostic.get(links) == 2 end)
        out.before = codes(links)
        -- :e Later.md, write it: Neovim sends didOpen (no file yet) then didSave
        vim.cmd("edit Later.md")
        vim.api.nvim_buf_set_lines(0, 0, -1, false, { "# Later" })
        vim.cmd("write")
        wait(function() return #vim.diagnostic.get(links) == 1 end, 5000)
        out.after = codes(links)
        """,
        files=("Links.md",),
    )
    assert out["before"] == ["L001", "L001"]
    assert out["after"] == ["L001"]  # [[Later]] leads somewhere now; [[Nowhere]] still not


def test_rename_through_the_server(vault: Path, home: Path) -> None:
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        out.rename = client().server_capabilities.renameProvider ~= nil
        """,
        files=("Links.md",),
    )
    if not out["rename"]:
        pytest.skip("the server has no textDocument/rename yet (issue 19 part 3, helper lsp19)")
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        wait(function() return #vim.diagnostic.get(0) >= 2 end)
        vim.api.nvim_win_set_cursor(0, { 3, 8 })
        vim.lsp.buf.rename("Meta Platforms Inc")
        wait(function() return vim.fn.bufloaded("Meta Platforms Inc.md") == 1
          or vim.api.nvim_buf_get_lines(0, 2, 3, false)[1]:find("Inc") ~= nil end, 5000)
        out.line = vim.api.nvim_buf_get_lines(0, 2, 3, false)[1]
        vim.cmd("silent! wall")
        local function there(name) return vim.uv.fs_stat(name) ~= nil end
        out.files = { there("Meta Platforms Inc.md"), there("Meta.md") }
        """,
        files=("Links.md",),
    )
    assert "[[Meta Platforms Inc#Products]]" in out["line"]
    assert out["files"] == [True, False]  # the note itself was renamed, as mv renames it
    assert "[[Meta Platforms Inc" in (vault / "Links.md").read_text(encoding="utf-8")


FAKE_LINT = """
-- A stand-in for nvim-lint (its module names and the calls the recipe makes), recording them.
local M = { linters = {}, linters_by_ft = {}, calls = {} }
function M.try_lint(name)
  table.insert(M.calls, { buf = vim.api.nvim_get_current_buf(), ft = vim.bo.filetype,
    name = name or "" })
end
return M
"""
FAKE_PARSER = "return { from_errorformat = function(efm, meta) return { efm = efm } end }"


def _fake_lint(home: Path) -> None:
    lua = home / "config" / "nvim" / "lua"
    (lua / "lint").mkdir(parents=True, exist_ok=True)
    (lua / "lint.lua").write_text(FAKE_LINT, encoding="utf-8")
    (lua / "lint" / "parser.lua").write_text(FAKE_PARSER, encoding="utf-8")


COUNT_AUTOCMDS = """
        local function count(event, buf)
          return #vim.api.nvim_get_autocmds({ group = "scaffold", event = event, buffer = buf })
        end
"""


@pytest.mark.parametrize("as_ftplugin", [False, True], ids=["init.lua", "after-ftplugin"])
def test_lint_runs_on_open_and_autocommands_do_not_pile_up(
    vault: Path, home: Path, as_ftplugin: bool
) -> None:
    _fake_lint(home)
    out = run(
        home,
        vault,
        COUNT_AUTOCMDS
        + """
        local lint = require("lint")
        local first = vim.api.nvim_get_current_buf()
        out.linted_on_open = vim.tbl_map(function(c) return c.ft end, lint.calls)
        vim.cmd("edit Meta.md")
        vim.cmd("edit Stats.md")
        vim.cmd("edit Links.md")
        vim.cmd("set filetype=markdown") -- FileType again: the ftplugin is sourced again
        out.filetype = #vim.api.nvim_get_autocmds({ group = "scaffold", event = "FileType" })
        out.per_buffer = { count("BufEnter", first), count("BufWritePost", first) }
        out.global_bufenter = #vim.tbl_filter(function(a) return not a.buflocal end,
          vim.api.nvim_get_autocmds({ group = "scaffold", event = "BufEnter" }))
        local before = #lint.calls
        vim.cmd("write")
        out.lint_on_save = #lint.calls - before
        out.makeprg = { vim.bo.makeprg, vim.api.nvim_get_option_value("makeprg", { buf = first }) }
        """,
        files=("Links.md",),
        as_ftplugin=as_ftplugin,
    )
    assert out["linted_on_open"] == ["markdown"]  # BufReadPost would have run before "markdown"
    assert out["filetype"] <= 1
    assert out["per_buffer"] == [1, 1]
    assert out["global_bufenter"] == 0
    assert out["lint_on_save"] == 1
    makeprg = "scaffold check --columns bytes %:S"
    assert out["makeprg"] == [makeprg, makeprg]


def test_make_fills_the_quickfix_with_byte_columns_for_every_buffer(
    vault: Path, home: Path
) -> None:
    (vault / "Claude Code.md").write_text("Café — see [[Nowhere]].\n", encoding="utf-8")
    out = run(
        home,
        vault,
        """
        vim.cmd("edit Claude\\\\ Code.md") -- a second buffer, its name with a space
        vim.cmd("silent make")
        out.qf = vim.tbl_map(function(e)
          return { e.valid, vim.fn.bufname(e.bufnr), e.lnum, e.col } end, vim.fn.getqflist())
        vim.cmd("cfirst")
        out.under_cursor = vim.api.nvim_get_current_line():sub(vim.fn.col("."), vim.fn.col(".") + 1)
        """,
        files=("Meta.md",),
    )
    assert out["qf"] == [[1, "Claude Code.md", 1, 15]]  # the summary line is no entry
    assert out["under_cursor"] == "[["


def test_older_neovim_keeps_lint_and_make(vault: Path, home: Path) -> None:
    _fake_lint(home)
    out = run(
        home,
        vault,
        """
        out.makeprg = vim.bo.makeprg
        out.linted = #require("lint").calls
        vim.wait(300)
        out.clients = #vim.lsp.get_clients()
        """,
        files=("Links.md",),
        before="vim.lsp.config = nil; vim.lsp.enable = nil -- as in Neovim 0.10 and older",
    )
    assert out["makeprg"] == "scaffold check --columns bytes %:S"
    assert out["linted"] == 1 and out["clients"] == 0


def test_completion_pops_up_as_you_type(vault: Path, home: Path) -> None:
    out = run(
        home,
        vault,
        """
        assert(attached(), "the server never attached")
        wait(function() return #_G.enabled > 0 end, 5000)
        out.enabled = _G.enabled
        """,
        files=("Links.md",),
        before="""
        _G.enabled = {}
        local enable = vim.lsp.completion.enable
        vim.lsp.completion.enable = function(on, id, buf, opts)
          table.insert(_G.enabled, { on = on, autotrigger = (opts or {}).autotrigger or false })
          return enable(on, id, buf, opts)
        end
        """,
    )
    assert out["enabled"] == [{"on": True, "autotrigger": True}]
