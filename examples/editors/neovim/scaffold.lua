-- scaffold in Neovim: put this in your config (init.lua, or after/ftplugin/markdown.lua).
-- Either way it sets up every markdown buffer once: the autocommands live in one augroup
-- and are buffer-local, so sourcing it again (as an ftplugin is, per buffer) adds nothing.

local group = vim.api.nvim_create_augroup("scaffold", { clear = false })
local errorformat = "%f:%l:%c: %trror: %m,%f:%l:%c: %tarning: %m,%f:%l:%c: %tnfo: %m,%-G%.%#"

-- 1. The language server (Neovim 0.11+: vim.lsp.config / vim.lsp.enable; needs
--    `pip install 'scaffold[lsp]'`). Diagnostics, hover (K), [[ completion that pops up as
--    you type, go to definition (gd, or CTRL-]), quick fixes (gra), and the scaffold.set
--    command (:ScaffoldSet). On older Neovim this part is skipped; 2 and 3 still work.
if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
  vim.lsp.config("scaffold", {
    cmd = { "scaffold", "lsp" },
    filetypes = { "markdown" },
    root_markers = { ".obsidian", ".scaffold", ".git" },
  })
  vim.lsp.enable("scaffold")

  vim.api.nvim_clear_autocmds({ group = group, event = "LspAttach" })
  vim.api.nvim_create_autocmd("LspAttach", {
    group = group,
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if not client or client.name ~= "scaffold" then
        return
      end
      -- gd is not an LSP mapping of Neovim 0.11 (CTRL-] is): map it for these buffers.
      vim.keymap.set("n", "gd", vim.lsp.buf.definition, { buffer = args.buf, desc = "scaffold: go to the note" })
      -- [[ completion as you type (without autotrigger it waits for CTRL-X CTRL-O).
      vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
    end,
  })
end

-- :ScaffoldSet VALUE sets the value under the cursor through the server.
vim.api.nvim_create_user_command("ScaffoldSet", function(opts)
  local client = vim.lsp.get_clients and vim.lsp.get_clients({ name = "scaffold", bufnr = 0 })[1]
  if not client then
    return vim.notify("scaffold lsp is not running", vim.log.levels.ERROR)
  end
  local pos = vim.lsp.util.make_position_params(0, client.offset_encoding).position
  client:exec_cmd({
    title = "set",
    command = "scaffold.set",
    arguments = { vim.uri_from_bufnr(0), pos, opts.args },
  }, { bufnr = 0 }, function(err)
    if err then -- the server's message and hint, not an RPC error code
      vim.notify("scaffold set: " .. err.message, vim.log.levels.ERROR)
    end
  end)
end, { nargs = 1 })

-- 2. Without the server: nvim-lint (https://github.com/mfussenegger/nvim-lint) when a note
--    is opened, entered and saved. (BufReadPost runs before the filetype is known, so
--    the lint is started from FileType.)
local ok, lint = pcall(require, "lint")
if ok then
  lint.linters.scaffold = {
    cmd = "scaffold",
    args = { "check", "--columns", "bytes", "--stdin", "--stdin-filename", function() return vim.api.nvim_buf_get_name(0) end },
    stdin = true,
    ignore_exitcode = true, -- exit 1 means "findings", not a failure
    stream = "stdout",
    parser = require("lint.parser").from_errorformat(errorformat, { source = "scaffold" }),
  }
  lint.linters_by_ft.markdown = { "scaffold" }
end

-- 3. Or plain :make, filling the quickfix list (%:S quotes a name with spaces; --columns
--    bytes counts columns as errorformat's %c does; %-G drops the summary line).
local function setup(buf)
  vim.bo[buf].makeprg = "scaffold check --columns bytes %:S"
  vim.bo[buf].errorformat = errorformat
  if ok then
    vim.api.nvim_clear_autocmds({ group = group, buffer = buf })
    vim.api.nvim_create_autocmd({ "BufEnter", "BufWritePost" }, {
      group = group,
      buffer = buf,
      callback = function() lint.try_lint("scaffold") end,
    })
  end
end

vim.api.nvim_clear_autocmds({ group = group, event = "FileType" })
vim.api.nvim_create_autocmd("FileType", {
  group = group,
  pattern = "markdown",
  callback = function(args) setup(args.buf) end,
})
if vim.bo.filetype == "markdown" then -- sourced as an ftplugin: this buffer's FileType is now
  setup(vim.api.nvim_get_current_buf())
end
