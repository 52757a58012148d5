" scaffold in Vim: source this from your vimrc (or put it in ~/.vim/after/ftplugin/markdown.vim).
" Either way every markdown buffer gets :make and the :Scaffold commands, not only the first.

" :make runs `scaffold check` on the file and fills the quickfix list. %:S quotes the name
" (Claude Code.md); --columns bytes counts columns as errorformat's %c does (in bytes, so the
" cursor lands on the finding after an accent or a dash); %-G%.%# drops the summary line.
function! s:ScaffoldBuffer() abort
  setlocal makeprg=scaffold\ check\ --columns\ bytes\ %:S
  setlocal errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tnfo:\ %m,%-G%.%#
endfunction
augroup scaffold
  autocmd!
  autocmd FileType markdown call s:ScaffoldBuffer()
augroup END
if &filetype ==# 'markdown' | call s:ScaffoldBuffer() | endif

" :ScaffoldWhere shows the address and value under the cursor (of the buffer, saved or not).
command! ScaffoldWhere echo system('scaffold where - ' . line('.') . ':' . charcol('.'), join(getline(1, '$'), "\n") . "\n")

" Each line of an error, as Vim shows messages (echoerr of a multi-line string shows ^@).
function! s:ScaffoldError(lines) abort
  echohl ErrorMsg
  for l:line in a:lines
    echomsg l:line
  endfor
  echohl None
endfunction

" :ScaffoldSet VALUE sets the value under the cursor;
" :ScaffoldSet! ADDRESS = VALUE sets an address (e.g. :ScaffoldSet! Quick stats > Downloads = 1.3B+).
" The buffer goes through `scaffold set -`; on failure the buffer is left as it was and the
" error is shown (a plain `:%!scaffold set - ADDRESS VALUE` is safe too: on failure it gives
" the buffer back unchanged, and Vim shows the exit code).
function! s:ScaffoldSet(bang, args) abort
  let l:text = join(getline(1, '$'), "\n") . "\n"
  if a:bang
    let l:address = matchstr(a:args, '^.\{-}\ze\s*=\s')
    let l:value = matchstr(a:args, '^.\{-}\s*=\s\+\zs.*')
  else
    let l:where = systemlist('scaffold where - ' . line('.') . ':' . charcol('.') . ' 2>&1', l:text)
    if v:shell_error | call s:ScaffoldError(l:where) | return | endif
    let l:address = l:where[0]
    let l:value = a:args
  endif
  let l:out = systemlist('scaffold set - ' . shellescape(l:address) . ' ' . shellescape(l:value) . ' 2>/dev/null', l:text)
  if v:shell_error
    call s:ScaffoldError(systemlist('scaffold set - ' . shellescape(l:address) . ' ' . shellescape(l:value) . ' 2>&1 >/dev/null', l:text))
    return
  endif
  let l:view = winsaveview()
  call setline(1, l:out)
  if line('$') > len(l:out) | execute (len(l:out) + 1) . ',$delete _' | endif
  call winrestview(l:view)
endfunction
command! -bang -nargs=+ ScaffoldSet call s:ScaffoldSet(<bang>0, <q-args>)
