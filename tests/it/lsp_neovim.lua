-- Drives `guidelint lsp` from headless Neovim (0.7 or newer) for tests/it/lsp_neovim.rs: opens a
-- guideline, waits for its diagnostics, types non-ASCII text before a diagnostic on its line, waits
-- for the new diagnostics, and writes everything it received as JSON.
--
-- Environment: GUIDELINT (the binary), GUIDELINT_DOC (the document), GUIDELINT_OUT (the JSON to
-- write), GUIDELINT_NEEDLE (the text after which to type), GUIDELINT_TYPED (what to type).

local binary = os.getenv("GUIDELINT")
local document = os.getenv("GUIDELINT_DOC")
local out = os.getenv("GUIDELINT_OUT")
local needle = os.getenv("GUIDELINT_NEEDLE")
local typed = os.getenv("GUIDELINT_TYPED")

local report = { published = {}, errors = {} }

local function finish()
  local file = io.open(out, "w")
  file:write(vim.json.encode(report))
  file:close()
  vim.cmd("qa!")
end

local function fail(message)
  table.insert(report.errors, message)
  finish()
end

vim.cmd("edit " .. vim.fn.fnameescape(document))
local buffer = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = "guidelint",
  cmd = { binary, "lsp", "--today", "2026-12-01" },
  root_dir = vim.fn.fnamemodify(document, ":h"),
  flags = { debounce_text_changes = 0 },
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, context, config)
      table.insert(report.published, result)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, context, config)
    end,
  },
})
if not client_id then
  return fail("vim.lsp.start_client did not start guidelint lsp")
end
vim.lsp.buf_attach_client(buffer, client_id)

-- Diagnostics as Neovim shows them: 0-based line and byte column.
local function shown()
  local diagnostics = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(diagnostics, {
      lnum = diagnostic.lnum,
      col = diagnostic.col,
      end_lnum = diagnostic.end_lnum,
      end_col = diagnostic.end_col,
      message = diagnostic.message,
    })
  end
  table.sort(diagnostics, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return diagnostics
end

if not vim.wait(20000, function() return #report.published >= 1 end, 20) then
  return fail("no diagnostics within 20 s of opening the document")
end
report.before = shown()
report.encoding = vim.lsp.get_client_by_id(client_id).offset_encoding

-- Type after the needle, as an author would.
local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
local row, column
for index, line in ipairs(lines) do
  local start, finish_at = string.find(line, needle, 1, true)
  if start then
    row, column = index - 1, finish_at
    break
  end
end
if not row then
  return fail("the needle is not in the document")
end
vim.api.nvim_buf_set_text(buffer, row, column, row, column, { typed })

local version = vim.lsp.util.buf_versions[buffer]
if not vim.wait(20000, function()
  local last = report.published[#report.published]
  return last.version ~= nil and last.version >= version
end, 20) then
  return fail("no diagnostics for version " .. tostring(version) .. " within 20 s of the edit")
end
-- Let Neovim apply the publication it just received.
vim.wait(100)
report.after = shown()
report.text = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), "\n") .. "\n"

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
finish()
