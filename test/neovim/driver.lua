-- Drives headless Neovim (test/src/neovim.test.ts): the README's configuration starts
-- docker-inline-help-server; this script opens the example files, asks for hover and completion
-- the way Neovim's LSP client does, changes a user note on disk, and writes what it got to a JSON
-- file. Written for Neovim 0.7 (Debian 12), the oldest the README's configuration supports.
-- Env: DIH_WS (workspace: Dockerfile, compose.yaml, deploy.sh), DIH_NOTES (an empty folder),
--      DIH_OUT (the JSON file to write).
local ws, notes, out = os.getenv('DIH_WS'), os.getenv('DIH_NOTES'), os.getenv('DIH_OUT')
local results = { steps = {} }

local function step(name, value)
  table.insert(results.steps, { name = name, value = value })
end

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qa!')
end

--- The client attached to the current buffer, waiting for it (the FileType autocmd starts it).
local function client_of(buf)
  local client
  vim.wait(15000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      client = c
    end
    return client ~= nil and client.initialized == true
  end, 50)
  return client
end

--- Line (0-based) and column of `needle` on the first line containing `line_text`.
local function find(buf, line_text, needle)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local at = l:find(line_text, 1, true)
    if at then
      return i - 1, l:find(needle, at, true) - 1
    end
  end
  error('no line with ' .. line_text)
end

local function request(buf, method, line, col)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
  }
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, a in pairs(answers) do
    if a.result then
      return a.result
    end
  end
  return nil
end

local function hover(buf, line, col)
  local r = request(buf, 'textDocument/hover', line, col)
  return r and r.contents and r.contents.value or ''
end

--- Ask until `ok(text)` holds (a change on disk travels through the server's file watcher).
local function hover_until(buf, line, col, ok)
  local text = ''
  vim.wait(15000, function()
    text = hover(buf, line, col)
    return ok(text)
  end, 100)
  return text
end

local ok, err = pcall(function()
  -- 1. Dockerfile: filetype `dockerfile`
  vim.cmd('edit ' .. ws .. '/Dockerfile')
  local df = vim.api.nvim_get_current_buf()
  local client = client_of(df)
  step('filetypes', { dockerfile = vim.bo[df].filetype })
  step('client', client and client.name or 'none')
  local l, c = find(df, 'ENTRYPOINT [', 'ENTRYPOINT')
  step('hover ENTRYPOINT', hover(df, l, c + 2))

  -- 2. compose.yaml: filetype `yaml`, served because of its name; a new line under a service
  vim.cmd('edit ' .. ws .. '/compose.yaml')
  local cf = vim.api.nvim_get_current_buf()
  client_of(cf)
  results.steps[1].value.compose = vim.bo[cf].filetype
  l = find(cf, 'image: redis', 'image')
  vim.api.nvim_buf_set_lines(cf, l + 1, l + 1, false, { '    ' })
  local list = request(cf, 'textDocument/completion', l + 1, 4) or {}
  local labels = {}
  for _, item in ipairs(list.items or list) do
    table.insert(labels, item.label)
  end
  step('complete under a service', labels)

  -- 3. deploy.sh: filetype `sh`
  vim.cmd('edit ' .. ws .. '/deploy.sh')
  local sh = vim.api.nvim_get_current_buf()
  client_of(sh)
  results.steps[1].value.shell = vim.bo[sh].filetype
  l, c = find(sh, 'docker run -p 80:80 nginx', '-p')
  step('hover -p', hover(sh, l, c + 1))

  -- 4. user notes (the folder is in the configuration's settings, empty at the start), reloaded
  --    by the server's own watcher: Neovim 0.7 cannot watch files for a server
  vim.cmd('buffer ' .. df)
  l, c = find(df, 'WORKDIR', 'WORKDIR')
  local note = notes .. '/workdir.md'
  local function write(summary)
    local f = assert(io.open(note, 'w'))
    f:write('---\nkind: dockerfile-instruction\nname: WORKDIR\nsummary: ' .. summary .. '\n---\nOur own words.\n')
    f:close()
  end
  write('Team rule v1')
  step('note v1', hover_until(df, l, c + 2, function(t) return t:find('v1', 1, true) ~= nil end))
  write('Team rule v2')
  step('note v2', hover_until(df, l, c + 2, function(t) return t:find('v2', 1, true) ~= nil end))
  os.remove(note)
  step('note deleted', hover_until(df, l, c + 2, function(t) return t:find('Team', 1, true) == nil end))
end)
if not ok then
  results.error = tostring(err)
end
finish()
