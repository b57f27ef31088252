// gitflags web view: read-only matrix of flags × environments. Plain JS, no build step, no external network.
'use strict';
(function () {
  const PAGE_SIZE = 50;
  const REFRESH_MS = 10000;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const state = {
    q: params.get('q') || '',
    tag: params.get('tag') || '',
    differs: params.get('differs') === 'true',
    stale: params.get('stale') === 'true',
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
  };
  let served = null;      // commit + rejected commit last rendered, to notice reloads
  let request = 0;        // answers to older requests are dropped
  let firstRender = true;

  // An optional API token: open the page once as /#token=… and it is kept for this tab only.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    sessionStorage.setItem('gitflags-token', fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }

  function getJson(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem('gitflags-token');
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(path, { headers }).then((response) => {
      if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status);
      return response.json();
    });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function query() {
    const q = new URLSearchParams();
    if (state.q) q.set('q', state.q);
    if (state.tag) q.set('tag', state.tag);
    if (state.differs) q.set('differs', 'true');
    if (state.stale) q.set('stale', 'true');
    if (state.offset) q.set('offset', String(state.offset));
    return q;
  }

  function load() {
    const mine = ++request;
    const q = query();
    history.replaceState(null, '', q.toString() ? '?' + q : location.pathname);
    q.set('offset', String(state.offset));
    q.set('limit', String(PAGE_SIZE));
    return getJson('/api/v1/matrix?' + q).then((page) => {
      if (mine !== request) return;
      $('error').hidden = true;
      render(page);
    }).catch((error) => {
      if (mine !== request) return;
      $('error').textContent = 'Could not load the matrix: ' + error.message;
      $('error').hidden = false;
    });
  }

  function render(page) {
    served = page.status.commit + '|' + page.status.rejectedCommit;
    renderStatus(page.status);
    renderTags(page.tags);
    renderHead(page.environments);
    renderRows(page);
    const last = page.offset + page.rows.length;
    $('count').textContent = page.total === 0 ? '0 of ' + page.flagCount + ' flags'
      : (page.offset + 1) + '–' + last + ' of ' + page.total
        + (page.total === page.flagCount ? ' flags' : ' matching (' + page.flagCount + ' flags)')
        + ' × ' + page.environments.length + ' environments';
    $('prev').disabled = page.offset === 0;
    $('next').disabled = last >= page.total;
    $('empty').hidden = page.total !== 0;
    if (firstRender) {
      firstRender = false;
      performance.mark('gitflags-first-rows');
    }
  }

  // A commit SHA is shown short; a working-tree fingerprint is no commit, so it is named as what it is.
  function versionCode(version, workTreeName) {
    const isCommit = /^[0-9a-f]{40}$/.test(version || '');
    const code = el('code', 'commit', isCommit ? version.slice(0, 12) : workTreeName);
    code.title = version || '';
    return code;
  }

  function renderStatus(status) {
    const box = $('served');
    box.textContent = '';
    box.append('serving ', versionCode(status.commit, 'working tree'));
    if (status.loadedAt) box.append(' · loaded ' + new Date(status.loadedAt).toLocaleString());
    const rejected = $('rejected');
    if (!status.rejectedCommit) {
      rejected.hidden = true;
      return;
    }
    $('rejected-commit').replaceWith(versionCode(status.rejectedCommit, 'change in the working tree'));
    $('rejected').querySelector('code.commit').id = 'rejected-commit';
    const list = $('rejected-problems');
    list.textContent = '';
    for (const problem of status.problems) {
      const item = el('li', 'problem', problem.location + ': ' + problem.message);
      if (problem.hint) item.append(el('span', 'hint', ' (' + problem.hint + ')'));
      item.append(' [' + problem.code + ']');
      list.append(item);
    }
    // A load that failed or ran too long has no located problems; say what happened instead.
    if (status.problems.length === 0 && status.reason) list.append(el('li', 'problem', status.reason));
    rejected.hidden = false;
  }

  function renderTags(tags) {
    const select = $('filter-tag');
    const known = Array.from(select.options).slice(1).map((option) => option.value).join('\n');
    if (known === tags.join('\n')) return;
    while (select.options.length > 1) select.remove(1);
    for (const tag of tags) select.append(new Option(tag, tag));
    select.value = state.tag;
  }

  function renderHead(environments) {
    const row = $('matrix-head');
    const key = environments.map((env) => env.slug + (env.active ? '' : '!')).join(',');
    if (row.dataset.key === key) return;
    row.dataset.key = key;
    const columns = $('matrix-columns');
    columns.textContent = '';
    columns.append(el('col', 'flag-col-width'));
    for (let i = 0; i < environments.length; i++) columns.append(el('col', 'env-col-width'));
    $('matrix').style.width = 'calc(17rem + ' + environments.length + ' * 11.5rem)';
    while (row.cells.length > 1) row.deleteCell(1);
    for (const env of environments) {
      const th = el('th', 'env depth-' + env.depth);
      th.dataset.env = env.slug;
      th.append(el('span', 'env-name', env.slug));
      const meta = el('span', 'env-meta', env.parent ? '↳ ' + env.parent : 'root');
      if (!env.active) meta.append(el('span', 'inactive', ' · inactive'));
      else if (!env.served) meta.append(el('span', 'inactive', ' · not served'));
      th.append(meta);
      th.title = env.name + (env.parent ? ' — inherits from ' + env.parent : ' — root');
      row.append(th);
    }
  }

  // Rows that fill a screen go in at once; the rest of the page follows right after that frame was painted.
  const FIRST_ROWS = 24;
  let rendering = 0;

  function renderRows(page) {
    const mine = ++rendering;
    const body = $('matrix-body');
    body.textContent = '';
    body.append(buildRows(page, page.rows.slice(0, FIRST_ROWS)));
    // The second animation frame starts after the first one with these rows was painted.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (mine !== rendering) return;
      if (!performance.getEntriesByName('gitflags-first-screen').length) performance.mark('gitflags-first-screen');
      body.append(buildRows(page, page.rows.slice(FIRST_ROWS)));
      document.body.dataset.ready = 'true';
    }));
  }

  function buildRows(page, flags) {
    const rows = document.createDocumentFragment();
    for (const flag of flags) {
      const tr = el('tr');
      tr.dataset.flag = flag.key;
      const head = el('th', 'flag-col');
      head.scope = 'row';
      head.append(el('span', 'flag-key', flag.key));
      const meta = el('span', 'flag-meta', flag.type + (flag.status === 'active' ? '' : ' · ' + flag.status) + ' ');
      for (const tag of flag.tags) {
        const chip = el('span', 'tag', tag);
        chip.dataset.tag = tag;
        meta.append(chip);
      }
      head.append(meta);
      // who owns it and until when; the row is marked when the flag is expired or stale
      const life = el('span', 'flag-life', (flag.owners.length ? flag.owners.join(', ') : 'no owner')
        + (flag.expires ? ' · expires ' + flag.expires : flag.permanent ? ' · permanent' : ''));
      head.append(life);
      if (flag.stale.length) {
        tr.classList.add('stale');
        head.append(el('span', 'stale-mark', flag.stale.join(', ')));
      }
      head.title = (flag.name || flag.key) + (flag.description ? '\n' + flag.description : '');
      tr.append(head);
      flag.cells.forEach((cell, i) => tr.append(renderCell(cell, page.environments[i].slug, flag.key)));
      rows.append(tr);
    }
    return rows;
  }

  // A cell says what requests get, in the evaluator's order: the rules, split or rollout first, then "else" the
  // value of every request they do not reach; a cell without targeting shows the one value every request gets.
  function renderCell(cell, env, flag) {
    const td = el('td', 'cell ' + (cell.overridden ? 'overridden' : 'inherited') + (cell.enabled ? ' on' : ' off')
      + (cell.differs ? ' differs' : '') + (cell.targeting ? ' targeted' : '') + (cell.dead ? ' dead' : ''));
    td.dataset.env = env;
    td.dataset.flag = flag;
    td.dataset.overridden = String(cell.overridden);
    td.append(el('span', 'dot ' + (cell.enabled ? 'on' : 'off')));
    td.append(el('span', 'v', cell.targeting || cell.value));
    if (cell.differs) td.append(el('span', 'diff', '≠'));
    if (cell.dead) td.append(el('span', 'dead-mark', '⊘'));
    if (cell.targeting) td.append(el('span', 'else', 'else ' + cell.value));
    td.title = (cell.overridden ? 'overridden — ' : '') + cell.source
      + (cell.targeting ? '\nfirst: ' + cell.targeting + '\nelse: ' + cell.value : '')
      + (cell.enabled ? '' : '\ndisabled: every request gets ' + cell.value)
      + (cell.differs ? '\ndiffers from parent' : '')
      + (cell.dead ? '\n⊘ an override here can never take effect (W_DEAD_OVERRIDE)' : '')
      + '\nclick for every step and field';
    return td;
  }

  function showDetail(td) {
    document.querySelectorAll('td.cell.selected').forEach((cell) => cell.classList.remove('selected'));
    td.classList.add('selected');
    const q = new URLSearchParams({ env: td.dataset.env, flag: td.dataset.flag });
    getJson('/api/v1/matrix/cell?' + q).then((detail) => {
      $('detail-title').textContent = detail.flag + ' in ' + detail.environment
        + (detail.overridden ? ' (overridden here)' : ' (inherited)');
      $('detail-chain').textContent = 'inherits: ' + detail.chain.join(' → ') + ' → base flag';
      const steps = $('detail-steps');
      steps.textContent = '';
      for (const step of detail.steps) steps.append(el('li', '', step));
      const body = $('detail-fields');
      body.textContent = '';
      for (const field of detail.fields) {
        const tr = el('tr', (field.here ? 'here' : '') + (field.dead ? ' dead' : ''));
        tr.append(el('td', '', field.field + (field.dead ? ' ⊘ never takes effect' : '')),
          el('td', '', field.value),
          el('td', '', field.environment || 'base flag'), el('td', '', field.location));
        body.append(tr);
      }
      $('detail').hidden = false;
    }).catch((error) => {
      $('error').textContent = 'Could not load the cell: ' + error.message;
      $('error').hidden = false;
    });
  }

  function closeDetail() {
    $('detail').hidden = true;
    document.querySelectorAll('td.cell.selected').forEach((cell) => cell.classList.remove('selected'));
  }

  // Polls the current page; re-renders only when the served or rejected commit changed.
  function refresh() {
    const q = query();
    q.set('offset', String(state.offset));
    q.set('limit', String(PAGE_SIZE));
    const mine = request;
    getJson('/api/v1/matrix?' + q).then((page) => {
      if (mine === request && page.status.commit + '|' + page.status.rejectedCommit !== served) render(page);
    }).catch(() => { /* the next poll tries again */ });
  }

  let typing = 0;
  $('filter-text').value = state.q;
  $('filter-differs').checked = state.differs;
  $('filter-stale').checked = state.stale;
  $('filter-text').addEventListener('input', (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = event.target.value.trim(); state.offset = 0; load(); }, 150);
  });
  $('filter-tag').addEventListener('change', (event) => { state.tag = event.target.value; state.offset = 0; load(); });
  $('filter-differs').addEventListener('change', (event) => { state.differs = event.target.checked; state.offset = 0; load(); });
  $('filter-stale').addEventListener('change', (event) => { state.stale = event.target.checked; state.offset = 0; load(); });
  $('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); load(); });
  $('next').addEventListener('click', () => { state.offset += PAGE_SIZE; load(); });
  $('matrix-body').addEventListener('click', (event) => {
    const chip = event.target.closest('.tag');
    if (chip) {
      state.tag = chip.dataset.tag; state.offset = 0; $('filter-tag').value = state.tag; load();
      return;
    }
    const td = event.target.closest('td.cell');
    if (td) showDetail(td);
  });
  $('detail-close').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') closeDetail(); });
  setInterval(refresh, REFRESH_MS);
  load();
})();
