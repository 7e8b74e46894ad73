// The Galactic console: the backbone on a map, each tenant's VPCs, and live events.
// No build step: plain ES2022 in the browser, cytoscape from the controller's webjars.
'use strict';

const galactic = (() => {
  const state = { token: null, me: null, nodes: [], links: [], vpcs: [], attachments: [], classes: [], linkStates: new Map(),
                  selectedVpc: null, lastSeq: 0, stream: null, cy: null };
  const $ = (id) => document.getElementById(id);

  // ---- API

  async function api(path, options = {}) {
    const res = await fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: 'Bearer ' + state.token } });
    const body = res.headers.get('Content-Type')?.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      const err = new Error(body.detail || body.title || ('HTTP ' + res.status));
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function banner(text) {
    const b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  // ---- sign in

  function takeTokenFromUrl() {
    // the demo prints a link with #token=...: the fragment never reaches a server
    const m = location.hash.match(/token=([^&]+)/);
    if (m) {
      sessionStorage.setItem('galactic.token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  async function signIn(token) {
    state.token = token;
    try {
      state.me = await api('/api/v1/whoami');
    } catch (e) {
      state.token = null;
      sessionStorage.removeItem('galactic.token');
      banner(e.status === 401 ? 'That token is not valid: ' + e.message : 'Cannot reach the controller: ' + e.message);
      $('signin').showModal();
      return;
    }
    sessionStorage.setItem('galactic.token', token);
    banner(null);
    $('identity').textContent = state.me.role === 'operator' ? 'Operator' : 'Tenant ' + state.me.tenant;
    $('signin-open').textContent = 'Switch token';
    await reload();
    await loadEvents();
    stream();
  }

  // ---- data

  async function reload() {
    const [nodes, links, vpcs, attachments, classes, linkStates] = await Promise.all([
      api('/api/v1/nodes'), api('/api/v1/links'), api('/api/v1/vpcs'), api('/api/v1/attachments'), api('/api/v1/trafficclasses'),
      api('/api/v1/linkstates')]);
    state.nodes = nodes.items; state.links = links.items; state.vpcs = vpcs.items;
    state.attachments = attachments.items; state.classes = classes.items;
    state.linkStates = new Map(linkStates.items.map(x => [x.from + '|' + x.to, x]));
    if (state.selectedVpc && !state.vpcs.some(v => key(v) === state.selectedVpc)) state.selectedVpc = null;
    if (state.selectedVpc) await loadPaths();
    renderMap();
    renderTables();
    renderVpcs();
  }

  // The worse of a link's two directions decides its colour; unmeasured is not the same as down.
  function health(l) {
    const dirs = [state.linkStates.get(l.spec.a + '|' + l.spec.b), state.linkStates.get(l.spec.b + '|' + l.spec.a)].filter(Boolean);
    const measured = dirs.filter(d => d.measured);
    if (!measured.length) return { name: 'unknown', text: 'no telemetry yet', dirs };
    if (measured.some(d => d.status === 'down')) return { name: 'down', text: 'down', dirs };
    if (measured.some(d => d.status === 'degraded')) return { name: 'degraded', text: 'degraded', dirs };
    return { name: 'good', text: 'up', dirs };
  }

  /** What telemetry measures along a path now: latency adds; a direction not measured borrows its reverse. */
  function measuredLatency(nodes) {
    let total = 0;
    for (let i = 0; i + 1 < nodes.length; i++) {
      const s = [state.linkStates.get(nodes[i] + '|' + nodes[i + 1]), state.linkStates.get(nodes[i + 1] + '|' + nodes[i])]
        .find(x => x && x.measured && x.status !== 'down');
      if (!s) return null;
      total += s.latencyMs;
    }
    return total;
  }

  const describe = (d) => d.measured ? `${d.status}: ${d.latencyMs} ms, jitter ${d.jitterMs} ms, loss ${d.lossPercent}%` : 'no samples yet';

  // Throttled, not debounced: a steady stream of events must not postpone the refresh forever.
  const pending = { all: null, links: null, paths: null };
  function reloadSoon() {
    if (pending.all) return;
    pending.all = setTimeout(() => { pending.all = null; reload().catch(e => banner('Reload failed: ' + e.message)); }, 200);
  }

  function reloadLinksSoon() {
    if (pending.links || pending.all) return;
    pending.links = setTimeout(async () => {
      pending.links = null;
      try {
        const ls = await api('/api/v1/linkstates');
        state.linkStates = new Map(ls.items.map(x => [x.from + '|' + x.to, x]));
        restyleLinks();
        // only the health cells change: redrawing the table would take the keyboard focus away
        for (const l of state.links) {
          const cell = document.querySelector(`#link-table tr[data-link="${CSS.escape(l.metadata.name)}"] td:last-child`);
          if (cell) cell.textContent = health(l).text;
        }
        if (state.shown && state.shown.kind === 'link') showLink(state.shown.name);
      } catch (e) { banner('Link states failed: ' + e.message); }
    }, 300);
  }

  /** Only the link colours change: no re-render, so focus and selection stay where they are. */
  function restyleLinks() {
    if (!state.cy) return;
    for (const l of state.links) {
      const el = state.cy.$id('link:' + l.metadata.name);
      const h = health(l).name;
      if (!el.hasClass('health-' + h)) {
        el.removeClass('health-unknown health-good health-degraded health-down').addClass('health-' + h);
        el.data('health', h);
      }
    }
  }

  const key = (r) => (r.metadata.tenant ? r.metadata.tenant + '/' : '') + r.metadata.name;

  // ---- map

  // A plain equirectangular projection: no map tiles, the coordinates speak for themselves.
  const project = (loc) => ({ x: loc.lon * 6, y: -loc.lat * 8 });

  function renderMap() {
    const elements = [];
    for (const n of state.nodes) {
      elements.push({ group: 'nodes', data: { id: n.metadata.name, label: n.metadata.name, role: n.spec.role },
                      position: project(n.spec.location), classes: n.spec.role });
    }
    for (const l of state.links) {
      elements.push({ group: 'edges', data: { id: 'link:' + l.metadata.name, source: l.spec.a, target: l.spec.b,
                      kind: l.spec.kind || 'physical', health: health(l).name },
                      classes: (l.spec.kind === 'wireguard' ? 'wg ' : '') + 'health-' + health(l).name });
    }
    if (!state.cy) {
      state.cy = cytoscape({
        container: $('map'), elements, layout: { name: 'preset', fit: true, padding: 30 },
        minZoom: 0.2, maxZoom: 4, wheelSensitivity: 0.3,
        style: [
          { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
                                       color: '#1b1f24', 'text-outline-color': '#fff', 'text-outline-width': 2 } },
          { selector: 'node.core', style: { 'background-color': '#0b3d91', width: 16, height: 16 } },
          { selector: 'node.edge', style: { 'background-color': '#0a7a5a', shape: 'diamond', width: 14, height: 14 } },
          { selector: 'edge', style: { width: 2, 'line-color': '#8c959f', 'curve-style': 'straight' } },
          { selector: 'edge.wg', style: { 'line-style': 'dashed', width: 1.5 } },
          { selector: 'edge.health-good', style: { 'line-color': '#1a7f37' } },
          { selector: 'edge.health-degraded', style: { 'line-color': '#b35900', width: 3 } },
          { selector: 'edge.health-down', style: { 'line-color': '#b3261e', width: 3, 'line-style': 'dotted' } },
          { selector: '.dim', style: { opacity: 0.25 } },
          { selector: 'edge.path', style: { 'line-color': '#6639ba', width: 4, 'z-index': 10 } },
          { selector: 'node.site', style: { 'border-width': 3, 'border-color': '#b35900' } },
          { selector: 'node.waypoint', style: { 'border-width': 3, 'border-color': '#b35900', 'border-style': 'double' } },
          { selector: ':selected', style: { 'overlay-color': '#ffb000', 'overlay-opacity': 0.3 } },
        ],
      });
      // for the browser test and the curious: how long from navigation to a drawn map
      state.readyMs = Math.round(performance.now());
      state.cy.on('tap', 'node', (e) => showNode(e.target.id()));
      state.cy.on('tap', 'edge', (e) => showLink(e.target.id().slice(5)));
    } else {
      state.cy.json({ elements });
      state.cy.elements().forEach(el => {
        const want = elements.find(x => x.data.id === el.id());
        if (!want) el.remove();
      });
      state.cy.fit(undefined, 30);
    }
    highlightVpc();
  }

  function renderTables() {
    const nb = $('map-table').querySelector('tbody');
    nb.replaceChildren(...state.nodes.map(n => row([n.metadata.name, n.spec.role, n.spec.location.city || '', n.spec.location.country],
      () => showNode(n.metadata.name), 'Details of node ' + n.metadata.name)));
    const lb = $('link-table').querySelector('tbody');
    lb.replaceChildren(...state.links.map(l => {
      const tr = row([l.spec.a + ' – ' + l.spec.b, l.spec.kind || 'physical',
        l.spec.latencyMs != null ? l.spec.latencyMs + ' ms' : 'unknown', health(l).text],
        () => showLink(l.metadata.name), 'Details of link ' + l.metadata.name);
      tr.dataset.link = l.metadata.name;
      return tr;
    }));
  }

  /** A table row whose first cell is a button, so keyboard users reach the same details as a click on the map. */
  function row(cells, open, label) {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      if (i === 0 && open) {
        const b = document.createElement('button');
        b.type = 'button'; b.className = 'link-button'; b.textContent = c; b.setAttribute('aria-label', label);
        b.addEventListener('click', open);
        td.append(b);
      } else {
        td.textContent = c;
      }
      tr.append(td);
    });
    return tr;
  }

  function details(title, pairs) {
    const wrap = document.createElement('div');
    const h = document.createElement('h3'); h.textContent = title; wrap.append(h);
    const dl = document.createElement('dl');
    for (const [k, v] of pairs) {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v == null || v === '' ? '—' : v;
      dl.append(dt, dd);
    }
    wrap.append(dl);
    $('details').replaceChildren(wrap);
  }

  function showNode(name) {
    state.shown = { kind: 'node', name };
    state.spark = null;
    const n = state.nodes.find(x => x.metadata.name === name);
    if (!n) return;
    const links = state.links.filter(l => l.spec.a === name || l.spec.b === name).map(l => l.spec.a === name ? l.spec.b : l.spec.a);
    details('Node ' + name, [['role', n.spec.role], ['city', n.spec.location.city], ['country', n.spec.location.country],
      ['position', n.spec.location.lat + ', ' + n.spec.location.lon], ['locator', n.status?.sids?.locator || n.spec.locator], ['End SID', n.status?.sids?.end],
      ['underlay', (n.spec.underlayAddresses || []).join(', ')], ['neighbours', links.join(', ')]]);
  }

  /** An SVG sparkline of a link's latency over the last hour, with its figures as text for everyone. */
  async function sparkline(l) {
    const box = document.createElement('figure');
    box.className = 'spark';
    try {
      const h = await api(`/api/v1/linkstates/${encodeURIComponent(l.spec.a)}/${encodeURIComponent(l.spec.b)}/history?minutes=60`);
      const pts = h.items.filter(p => p.latencyMs != null);
      const cap = document.createElement('figcaption');
      if (pts.length < 2) {
        cap.textContent = 'Latency history: not enough data yet (one point a minute).';
        box.append(cap);
        return box;
      }
      const vals = pts.map(p => p.latencyMs);
      const lo = Math.min(...vals), hi = Math.max(...vals), span = Math.max(hi - lo, 0.001);
      const W = 280, H = 48;
      const path = pts.map((p, i) => `${(i / (pts.length - 1) * W).toFixed(1)},${(H - 4 - (p.latencyMs - lo) / span * (H - 8)).toFixed(1)}`).join(' ');
      const lossy = pts.some(p => (p.lossPercent || 0) > 0);
      box.innerHTML = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-hidden="true">
        <polyline fill="none" stroke="${lossy ? '#b35900' : '#0b3d91'}" stroke-width="2" points="${path}"/></svg>`;
      cap.textContent = `${l.spec.a} → ${l.spec.b} latency, last hour: ${lo.toFixed(1)}–${hi.toFixed(1)} ms` +
        (lossy ? `, loss up to ${Math.max(...pts.map(p => p.lossPercent || 0)).toFixed(1)}%` : ', no loss');
      box.append(cap);
    } catch (e) {
      box.textContent = 'Latency history unavailable: ' + e.message;
    }
    return box;
  }

  function showLink(name) {
    const again = state.shown && state.shown.kind === 'link' && state.shown.name === name;
    state.shown = { kind: 'link', name };
    const l = state.links.find(x => x.metadata.name === name);
    if (!l) return;
    details('Link ' + name, [['between', l.spec.a + ' and ' + l.spec.b], ['kind', l.spec.kind || 'physical'],
      ['admin cost', l.spec.cost ?? 10], ['nominal latency', l.spec.latencyMs != null ? l.spec.latencyMs + ' ms one way' : null],
      ['capacity', l.spec.capacityMbps ? l.spec.capacityMbps + ' Mbit/s' : null], ['health', health(l).text],
      ...health(l).dirs.map(d => [d.from + ' → ' + d.to, describe(d)])]);
    // the history changes once a minute: refetch it when the link is picked, not on every update
    if (!again || !state.spark) state.spark = sparkline(l);
    state.spark.then(fig => { if (state.shown && state.shown.name === name) $('details').append(fig); });
  }

  // ---- VPCs

  function renderVpcs() {
    const box = $('vpcs');
    if (!state.vpcs.length) { box.innerHTML = '<p class="muted">No VPCs yet. Apply one with <code>galactic apply -f</code>.</p>'; return; }
    box.replaceChildren(...state.vpcs.map(v => {
      const card = document.createElement('article');
      card.className = 'vpc';
      card.setAttribute('aria-current', String(state.selectedVpc === key(v)));
      const title = document.createElement('button');
      title.type = 'button'; title.className = 'title';
      title.textContent = (state.me.role === 'operator' ? v.metadata.tenant + ' / ' : '') + v.metadata.name;
      title.setAttribute('aria-label', 'Show VPC ' + key(v) + ' on the map');
      title.addEventListener('click', () => selectVpc(key(v)));
      const cls = state.classes.find(c => c.metadata.tenant === v.metadata.tenant && c.metadata.name === v.spec.trafficClass);
      const meta = document.createElement('p');
      meta.className = 'muted';
      meta.textContent = [v.spec.type, (v.spec.topology?.mode || 'full-mesh'),
        'class ' + v.spec.trafficClass + (cls ? ' (' + cls.spec.mode + ')' : ''),
        v.spec.mustInclude?.length ? 'via ' + v.spec.mustInclude.join(' → ') : null,
        v.spec.mustAvoid?.length ? 'avoids ' + v.spec.mustAvoid.join(', ') : null,
        v.spec.excludedCountries?.length ? 'not in ' + v.spec.excludedCountries.join(', ') : null].filter(Boolean).join(' · ');
      const sites = document.createElement('ul');
      sites.setAttribute('aria-label', 'Sites');
      for (const a of attachmentsOf(v)) {
        const li = document.createElement('li');
        li.textContent = a.metadata.name + ' at ' + a.spec.node + (a.spec.prefixes?.length ? ' — ' + a.spec.prefixes.join(', ') : '');
        sites.append(li);
      }
      card.append(title, meta, sites);
      if (state.selectedVpc === key(v)) card.append(pathList(v));
      return card;
    }));
  }

  const attachmentsOf = (v) => state.attachments.filter(a => a.metadata.tenant === v.metadata.tenant && a.spec.vpc === v.metadata.name);

  /** The selected VPC's paths for one class: hops, predicted figures, state. */
  function pathList(v) {
    const box = document.createElement('div');
    box.className = 'paths';
    const results = state.vpcPaths || [];
    if (!results.length) {
      box.innerHTML = '<p class="muted">No paths computed yet.</p>';
      return box;
    }
    const classes = [...new Set(results.map(r => r.trafficClass))].sort();
    if (!classes.includes(state.pathClass)) state.pathClass = classes.includes(v.spec.trafficClass) ? v.spec.trafficClass : classes[0];
    const label = document.createElement('label');
    label.textContent = 'Paths of class ';
    const select = document.createElement('select');
    select.id = 'path-class';
    for (const c of classes) {
      const o = document.createElement('option');
      o.value = c; o.textContent = c; o.selected = c === state.pathClass;
      select.append(o);
    }
    select.addEventListener('change', () => { state.pathClass = select.value; renderVpcs(); highlightVpc(); });
    label.append(select);
    box.append(label);
    const comp = (state.vpcCompliance || []).find(c => c.trafficClass === state.pathClass);
    if (comp && comp.compliantFraction != null) box.append(complianceChart(comp));
    const list = document.createElement('ul');
    list.className = 'path-list';
    for (const r of results.filter(x => x.trafficClass === state.pathClass)) {
      const li = document.createElement('li');
      const badge = document.createElement('span');
      badge.className = 'badge ' + r.status.toLowerCase();
      badge.textContent = r.status === 'OK' ? 'meets SLA' : r.status === 'FALLBACK' ? 'fallback' : 'violation';
      const head = document.createElement('strong');
      head.textContent = r.from + ' → ' + r.to + ' ';
      li.append(head, badge);
      const d = document.createElement('div');
      if (r.primary) {
        const m = r.primary.metrics;
        const measured = measuredLatency(r.primary.nodes);
        d.textContent = r.primary.nodes.join(' › ') + ` — predicted ${m.latencyMs.toFixed(1)} ms, loss ${m.lossPercent.toFixed(2)}%`
          + (measured == null ? ', not measured yet' : `; measured now ${measured.toFixed(1)} ms`);
      }
      if (r.violation) d.textContent += (d.textContent ? '. ' : '') + r.violation.detail;
      d.className = 'muted';
      li.append(d);
      if (r.srv6) {
        const sids = document.createElement('code');
        sids.className = 'segments';
        sids.title = 'SRv6 segment list for IPv4 destinations (IPv6 ones end in the DT6 SID)';
        sids.textContent = 'segments: ' + r.srv6.ipv4.join(', ');
        li.append(sids);
      }
      list.append(li);
    }
    box.append(list);
    return box;
  }

  /** Hourly SLA compliance of one class over the last day, as bars, with the figures in words. */
  function complianceChart(comp) {
    const fig = document.createElement('figure');
    fig.className = 'compliance';
    const hours = comp.hourly || [];
    const W = 240, H = 36, bw = W / Math.max(hours.length, 1);
    const bars = hours.map((h, i) => {
      if (h.compliantFraction == null) return '';
      const v = Math.max(0.02, h.compliantFraction);
      const colour = h.compliantFraction >= 0.999 ? '#1a7f37' : h.compliantFraction >= 0.95 ? '#b35900' : '#b3261e';
      return `<rect x="${(i * bw + 0.5).toFixed(1)}" y="${(H - v * H).toFixed(1)}" width="${Math.max(bw - 1, 1).toFixed(1)}" height="${(v * H).toFixed(1)}" fill="${colour}"/>`;
    }).join('');
    fig.innerHTML = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" aria-hidden="true">${bars}</svg>`;
    const cap = document.createElement('figcaption');
    const worst = hours.filter(h => h.compliantFraction != null).reduce((a, h) => Math.min(a, h.compliantFraction), 1);
    cap.textContent = `SLA met ${(comp.compliantFraction * 100).toFixed(1)}% of the last 24 h (observed ${Math.round(comp.observedSeconds / 60)} min; worst hour ${(worst * 100).toFixed(1)}%)`;
    fig.append(cap);
    return fig;
  }

  async function loadPaths() {
    const v = state.vpcs.find(x => key(x) === state.selectedVpc);
    if (!v) { state.vpcPaths = []; return; }
    const base = `/api/v1/tenants/${encodeURIComponent(v.metadata.tenant)}/vpcs/${encodeURIComponent(v.metadata.name)}`;
    const [p, c] = await Promise.all([api(base + '/paths'), api(base + '/compliance')]);
    state.vpcPaths = p.items;
    state.vpcCompliance = c.items;
  }

  async function selectVpc(k) {
    state.selectedVpc = state.selectedVpc === k ? null : k;
    try { await loadPaths(); } catch (e) { banner('Paths failed: ' + e.message); }
    renderVpcs();
    highlightVpc();
  }

  function reloadPathsSoon() {
    if (pending.paths || !state.selectedVpc) return;
    pending.paths = setTimeout(async () => {
      pending.paths = null;
      try { await loadPaths(); renderVpcs(); highlightVpc(); } catch (e) { banner('Paths failed: ' + e.message); }
    }, 300);
  }

  function highlightVpc() {
    const cy = state.cy;
    if (!cy) return;
    cy.elements().removeClass('dim site waypoint path');
    const v = state.vpcs.find(x => key(x) === state.selectedVpc);
    if (!v) return;
    // the class's primary paths, drawn over the map
    const onPath = new Set();
    for (const r of (state.vpcPaths || []).filter(x => x.trafficClass === state.pathClass && x.primary)) {
      const n = r.primary.nodes;
      for (let i = 0; i + 1 < n.length; i++) {
        cy.edges().filter(e => (e.source().id() === n[i] && e.target().id() === n[i + 1]) || (e.source().id() === n[i + 1] && e.target().id() === n[i]))
          .forEach(e => onPath.add(e.id()));
      }
    }
    const sites = new Set(attachmentsOf(v).map(a => a.spec.node));
    const waypoints = new Set(v.spec.mustInclude || []);
    cy.nodes().forEach(n => {
      if (sites.has(n.id())) n.addClass('site');
      else if (waypoints.has(n.id())) n.addClass('waypoint');
      else n.addClass('dim');
    });
    cy.edges().forEach(e => { if (onPath.has(e.id())) e.addClass('path'); else e.addClass('dim'); });
  }

  // ---- events

  // what the timeline shows; metric wobbles stay out of it (the map shows them)
  const TIMELINE = ['resource.', 'link.status', 'link.discovered', 'path.', 'sla.'];

  function addEvent(e) {
    state.lastSeq = Math.max(state.lastSeq, e.seq);
    const li = document.createElement('li');
    const t = document.createElement('time'); t.dateTime = e.at; t.textContent = new Date(e.at).toLocaleTimeString();
    const type = document.createElement('span'); type.className = 'type'; type.textContent = e.type;
    const s = document.createElement('span'); s.textContent = e.summary;
    li.append(t, type, s);
    const list = $('events');
    list.prepend(li);
    while (list.children.length > 200) list.lastChild.remove();
  }

  async function loadEvents() {
    $('events').replaceChildren();
    const r = await api('/api/v1/events?limit=200&type=' + encodeURIComponent(TIMELINE.join(',')));
    r.items.forEach(addEvent);
  }

  // EventSource cannot send an Authorization header, so read the SSE stream with fetch.
  async function stream() {
    if (state.stream) state.stream.abort();
    const ctl = new AbortController();
    state.stream = ctl;
    const live = $('live');
    try {
      const res = await fetch('/api/v1/events/stream?after=' + state.lastSeq,
        { headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' }, signal: ctl.signal });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      live.textContent = 'live'; live.className = 'badge live';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i); buf = buf.slice(i + 2);
          const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
          if (!data) continue;
          const e = JSON.parse(data);
          if (TIMELINE.some(t => e.type.startsWith(t))) addEvent(e);
          if (e.type.startsWith('resource.')) reloadSoon();
          else if (e.type.startsWith('path.') || e.type.startsWith('sla.')) reloadPathsSoon();
          else if (e.type.startsWith('link.')) reloadLinksSoon();
        }
      }
    } catch (e) {
      if (ctl.signal.aborted) return;
    }
    live.textContent = 'reconnecting'; live.className = 'badge';
    setTimeout(() => { if (state.stream === ctl) stream(); }, 2000);
  }

  // ---- wiring

  function init() {
    $('signin-open').addEventListener('click', () => $('signin').showModal());
    $('signin-cancel').addEventListener('click', () => $('signin').close());
    $('signin-form').addEventListener('submit', () => signIn($('token').value.trim()));
    $('show-table').addEventListener('click', (e) => {
      const showTable = e.currentTarget.getAttribute('aria-pressed') !== 'true';
      e.currentTarget.setAttribute('aria-pressed', String(showTable));
      e.currentTarget.textContent = showTable ? 'Show network as a map' : 'Show network as a table';
      $('map').hidden = showTable;
      $('map-table-wrap').hidden = !showTable;
      if (!showTable && state.cy) { state.cy.resize(); state.cy.fit(undefined, 30); }
    });
    window.addEventListener('resize', () => state.cy && state.cy.fit(undefined, 30));
    takeTokenFromUrl();
    const saved = sessionStorage.getItem('galactic.token');
    if (saved) signIn(saved); else $('signin').showModal();
  }

  document.addEventListener('DOMContentLoaded', init);
  return state;
})();
window.galactic = galactic;
