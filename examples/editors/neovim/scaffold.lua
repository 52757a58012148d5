-- scaffold in Neovim: put this in your config (e.g. after/ftplugin/markdown.lua or init.lua).

-- 1. The language server (Neovim 0.11+: vim.lsp.config / vim.lsp.enable; needs
--    `pip install 'scaffold[lsp]'`). Diagnostics, hover (K), [[ completion, go to
--    definition (gd / CTRL-]), quick fixes (gra), and the scaffold.set command.
vim.lsp.config("scaffold", {
  cmd = { "scaffold", "lsp" },
  filetypes = { "markdown" },
  root_markers = { ".obsidian", ".scaffold", ".git" },
})
vim.lsp.enable("scaffold")

-- :ScaffoldSet VALUE sets the value under the cursor through the server.
vim.api.nvim_create_user_command("ScaffoldSet", function(opts)
  local client = vim.lsp.get_clients({ name = "scaffold", bufnr = 0 })[1]
  if not client then
    return vim.notify("scaffold lsp is not running", vim.log.levels.ERROR)
  end
  local pos = vim.lsp.util.make_position_params(0, client.offset_encoding).position
  client:exec_cmd({
    title = "set",
    command = "scaffold.set",
    arguments = { vim.uri_from_bufnr(0), pos, opts.args },
  }, { bufnr = 0 })
end, { nargs = 1 })

-- 2. Without the server: nvim-lint (https://github.com/mfussenegger/nvim-lint) on save.
local ok, lint = pcall(require, "lint")
if ok then
  lint.linters.scaffold = {
    cmd = "scaffold",
    args = { "check", "--stdin", "--stdin-filename", function() return vim.api.nvim_buf_get_name(0) end },
    stdin = true,
    ignore_exitcode = true, -- exit 1 means "findings", not a failure
    stream = "stdout",
    parser = require("lint.parser").from_errorformat("%f:%l:%c: %trror: %m,%f:%l:%c: %tarning: %m,%f:%l:%c: %tnfo: %m", {
      source = "scaffold",
    }),
  }
  lint.linters_by_ft.markdown = { "scaffold" }
  vim.api.nvim_create_autocmd({ "BufWritePost", "BufReadPost" }, {
    callback = function() lint.try_lint() end,
  })
end

-- 3. Or plain :make, filling the quickfix list.
vim.opt_local.makeprg = "scaffold check %"
vim.opt_local.errorformat = "%f:%l:%c: %trror: %m,%f:%l:%c: %tarning: %m,%f:%l:%c: %tnfo: %m"
