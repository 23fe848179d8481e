/* plangraph alignment map: filters, search, language switch and path highlighting.
 * Data comes from <script type="application/json" id="map-data"> (read with JSON.parse);
 * all text reaches the page through textContent or vis-network's plain-text labels and
 * titles — never through innerHTML. Exposes window.plangraphMap for tests and notebooks. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("map-data").textContent);
  var meta = data.nodes;
  var edgeMeta = data.edges;
  var nodes = new vis.DataSet(data.network.nodes);
  var edges = new vis.DataSet(data.network.edges);
  var network = new vis.Network(
    document.getElementById("map"), { nodes: nodes, edges: edges }, data.network.options);

  var original = { nodes: {}, edges: {} };
  var out = {};
  var into = {};
  nodes.forEach(function (n) { original.nodes[n.id] = n.color; });
  edges.forEach(function (e) {
    original.edges[e.id] = { color: e.color, width: e.width };
    (out[e.from] = out[e.from] || []).push(e);
    (into[e.to] = into[e.to] || []).push(e);
  });

  var state = {
    lang: "th",
    search: "",
    strategy: "",
    levels: new Set(data.levels.map(function (l) { return l.level; })),
    bases: new Set(["stated", "curated", ""]),
    selected: null,
    pathOnly: true,
    home: true
  };

  function edgeActive(e) {
    var m = edgeMeta[e.id];
    return m.kind !== "alignment" || state.bases.has(m.basis);
  }

  /* Every node reachable from start, following active edges up (to) or down (from).
     Paths do not run through a folded plan (a node with its own page): it is reached, but
     the walk goes on from it only when it is the start (as plangraph.maps.graph.closure). */
  function reach(start, up) {
    var seen = new Set();
    var todo = [start];
    while (todo.length) {
      var id = todo.pop();
      var list = (up ? out[id] : into[id]) || [];
      for (var i = 0; i < list.length; i++) {
        var e = list[i];
        if (!edgeActive(e)) { continue; }
        var next = up ? e.to : e.from;
        if (!seen.has(next)) { seen.add(next); if (!meta[next].page) { todo.push(next); } }
      }
    }
    return seen;
  }

  /* Nodes and edges on every path from id up to National Strategy strategies and down to
     the indicators it gathers (same rule as plangraph.maps.graph.highlight). */
  function paths(id) {
    var above = reach(id, true);
    var onUp = new Set();
    above.forEach(function (n) { if (meta[n].top) { onUp.add(n); reach(n, false).forEach(function (m) { onUp.add(m); }); } });
    if (meta[id].top) { reach(id, false).forEach(function (m) { onUp.add(m); }); }
    var below = reach(id, false);
    var onDown = new Set();
    below.forEach(function (n) { if (meta[n].gathers) { onDown.add(n); reach(n, true).forEach(function (m) { onDown.add(m); }); } });
    var up = new Set([id]);
    above.forEach(function (n) { if (onUp.has(n)) { up.add(n); } });
    var down = new Set([id]);
    below.forEach(function (n) { if (onDown.has(n)) { down.add(n); } });
    var all = new Set(up);
    down.forEach(function (n) { all.add(n); });
    var lit = new Set();
    edges.forEach(function (e) {
      if (!edgeActive(e)) { return; }
      if ((up.has(e.from) && up.has(e.to)) || (down.has(e.from) && down.has(e.to))) { lit.add(e.id); }
    });
    var reachesTop = meta[id].top || Array.from(up).some(function (n) { return meta[n].top; });
    return { nodes: all, edges: lit, reachesTop: reachesTop };
  }

  /* Search keys as the Python side makes them (maps.network.search_text): lower case,
     Arabic digits, single spaces. */
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  function normalise(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); })
      .toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }
  var NUMBERED = /^(.*?)\s*(\d+(?:\.\d+)*)$/;

  /* "2.3", "ตัวชี้วัด 2.3", "ประเด็นยุทธศาสตร์ 2": the element with that number (and kind);
     anything else: the words anywhere in its texts. */
  function matchesQuery(id, query) {
    if (!query) { return true; }
    var m = meta[id];
    var numbered = NUMBERED.exec(query);
    if (numbered && m.number === numbered[2]) {
      var kind = numbered[1];
      if (!kind || m.kinds.some(function (k) { return k.indexOf(kind) === 0; })) { return true; }
    }
    return m.search.indexOf(query) !== -1;
  }

  function matches(id) { return matchesQuery(id, state.search); }

  /* Matches of the search, best first: exact numbers, then the opening plan's level and
     indicators, then the order of the table. */
  function found() {
    var list = [];
    current.visible.forEach(function (id) { if (matches(id)) { list.push(id); } });
    var numbered = NUMBERED.exec(state.search);
    function score(id) {
      var m = meta[id];
      return [numbered && m.number === numbered[2] ? 0 : 1, -m.rank, m.indicator ? 0 : 1, m.slug];
    }
    list.sort(function (a, b) {
      var sa = score(a), sb = score(b);
      for (var i = 0; i < sa.length; i++) { if (sa[i] < sb[i]) { return -1; } if (sa[i] > sb[i]) { return 1; } }
      return 0;
    });
    return list;
  }

  function visibleNodes() {
    var allowed = null;
    if (state.strategy && meta[state.strategy]) {
      allowed = reach(state.strategy, false);
      allowed.add(state.strategy);
    }
    var visible = new Set();
    nodes.forEach(function (n) {
      if (state.levels.has(meta[n.id].level) && (!allowed || allowed.has(n.id))) { visible.add(n.id); }
    });
    return visible;
  }

  var current = { visible: new Set(), highlight: null, only: null };

  /* The opening view: the home plan's issues (maps.network.home_nodes) and their paths. */
  function homePaths() {
    var all = { nodes: new Set(), edges: new Set() };
    view.home.forEach(function (id) {
      if (!meta[id]) { return; }
      var p = paths(id);
      p.nodes.forEach(function (n) { all.nodes.add(n); });
      p.edges.forEach(function (e) { all.edges.add(e); });
    });
    return all;
  }

  function apply() {
    var visible = visibleNodes();
    var lit = state.selected ? paths(state.selected) : null;
    /* What a compact view shows: the selected paths, or (opening view) the home plan's */
    var only = state.pathOnly ? (lit || (state.home && view.home.length ? homePaths() : null)) : null;
    var faded = data.faded;
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var m = meta[n.id];
      var dim = lit ? !lit.nodes.has(n.id) : !matches(n.id);
      nodeUpdates.push({
        id: n.id,
        hidden: !visible.has(n.id) || !!(only && !only.nodes.has(n.id)),
        label: state.lang === "en" ? m.labelEn : m.labelTh,
        color: dim ? { border: faded.node_border, background: faded.node_background } : original.nodes[n.id],
        font: { color: dim ? faded.font : "#1a1a1a" }
      });
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var o = original.edges[e.id];
      var shown = edgeActive(e) && visible.has(e.from) && visible.has(e.to) &&
        !(only && !only.edges.has(e.id));
      var dim = lit ? !lit.edges.has(e.id) : (state.search && !(matches(e.from) && matches(e.to)));
      edgeUpdates.push({
        id: e.id,
        hidden: !shown,
        color: dim ? { color: faded.edge, highlight: faded.edge, hover: faded.edge, inherit: false } : o.color,
        width: lit && !dim ? o.width + 1.5 : o.width
      });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    current = { visible: visible, highlight: lit, only: only };
    updateTable(visible);
    updateStatus(visible, lit);
  }

  function updateTable(visible) {
    var rows = document.querySelectorAll("tr[data-id]");
    for (var i = 0; i < rows.length; i++) {
      var id = rows[i].getAttribute("data-id");
      rows[i].hidden = !visible.has(id) || !matches(id);
      rows[i].classList.toggle("lit", !!(current.highlight && current.highlight.nodes.has(id)));
    }
  }

  function updateStatus(visible, lit) {
    var text = "แสดง " + visible.size + " จาก " + nodes.length + " องค์ประกอบ · showing " +
      visible.size + " of " + nodes.length + " elements";
    if (state.search) {
      var found = 0;
      visible.forEach(function (id) { if (matches(id)) { found++; } });
      text += " · ค้นพบ " + found + " · " + found + " match";
    }
    if (!lit && current.only) {
      text += " · มุมมองเริ่มต้น: แผนระดับล่างสุดของหน้านี้และเส้นทาง · opening view: this page's lowest plan and its paths";
    }
    if (lit) {
      text += " · เส้นทาง " + lit.nodes.size + " องค์ประกอบ · path: " + lit.nodes.size + " elements";
      if (!lit.reachesTop) {
        text += " · ยังไม่มีเส้นทางถึงยุทธศาสตร์ชาติ · no path up to the National Strategy";
      }
    }
    document.getElementById("status").textContent = text;
  }

  /* ---------------------------------------------------------------- the view */
  var view = data.view;
  var MIN_SCALE = view.readablePx / view.fontSize;  /* font on screen >= readablePx */
  var mapBox = document.getElementById("map");
  var placed = {};  /* id -> position before a path view moved it */

  /* Put the path's nodes in compact columns, one per level, a crowded level spreading
     over several columns; of the column heights tried, the one that lets the whole path
     show largest in the map's box. */
  function compact(ids) {
    restore();
    var byLevel = {};
    ids.forEach(function (id) { (byLevel[meta[id].level] = byLevel[meta[id].level] || []).push(id); });
    var levels = Object.keys(byLevel).map(Number).sort(function (a, b) { return a - b; });
    if (!levels.length) { return; }
    var positions = network.getPositions(ids);
    levels.forEach(function (level) {
      byLevel[level].sort(function (p, q) { return positions[p].y - positions[q].y; });
    });
    var box = mapBox.getBoundingClientRect();
    var tallest = Math.max.apply(null, levels.map(function (l) { return byLevel[l].length; }));
    var rows = tallest, best = 0;
    for (var r = 1; r <= tallest; r++) {
      var columns = 0;
      levels.forEach(function (l) { columns += Math.ceil(byLevel[l].length / r); });
      var width = (columns - 1) * view.levelSeparation + view.nodeWidth;
      var height = r * view.nodeSpacing;
      var scale = Math.min((box.width || 1000) / width, (box.height || 600) / height);
      if (scale > best) { best = scale; rows = r; }
    }
    var x = 0;
    levels.forEach(function (level) {
      var column = byLevel[level];
      var count = Math.ceil(column.length / rows);
      var perColumn = Math.ceil(column.length / count);
      column.forEach(function (id, j) {
        var c = Math.floor(j / perColumn);
        var inColumn = Math.min(perColumn, column.length - c * perColumn);
        placed[id] = positions[id];
        network.moveNode(id, x + c * view.levelSeparation,
                         (j % perColumn - (inColumn - 1) / 2) * view.nodeSpacing);
      });
      x += count * view.levelSeparation;
    });
  }

  function restore() {
    Object.keys(placed).forEach(function (id) { network.moveNode(id, placed[id].x, placed[id].y); });
    placed = {};
  }

  /* Show ``ids`` whole, as large as fits (at most zoom 1); when they do not fit at a
     readable zoom, at that zoom centred on ``centre`` (else on their middle). */
  function show(ids, centre) {
    ids = ids.filter(function (id) { return current.visible.has(id); });
    if (!ids.length) { return; }
    /* positions now (boxes are only updated when drawn), sizes as last drawn */
    var at = network.getPositions(ids);
    var l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
    ids.forEach(function (id) {
      var shape = network.body.nodes[id].shape;
      var hw = (shape.width || view.nodeWidth) / 2, hh = (shape.height || view.nodeSpacing) / 2;
      l = Math.min(l, at[id].x - hw); r = Math.max(r, at[id].x + hw);
      t = Math.min(t, at[id].y - hh); b = Math.max(b, at[id].y + hh);
    });
    var w = mapBox.clientWidth || 1000, h = mapBox.clientHeight || 600;
    var scale = Math.min(1, 0.97 * Math.min(w / (r - l + 1), h / (b - t + 1)));
    var position = { x: (l + r) / 2, y: (t + b) / 2 };
    if (scale < MIN_SCALE) {
      scale = MIN_SCALE;
      if (centre && current.visible.has(centre)) { position = network.getPositions([centre])[centre]; }
    }
    network.moveTo({ position: position, scale: scale, animation: false });
  }

  /* What a view shows: the highlighted path (or the opening view's), else every visible
     node. */
  function shown() {
    var on = current.highlight || current.only;
    return on ? Array.from(on.nodes) : Array.from(current.visible);
  }

  function select(id) {
    state.selected = id && meta[id] ? id : null;
    if (state.selected) { network.selectNodes([state.selected]); } else { network.unselectAll(); }
    apply();
    if (current.only) { compact(Array.from(current.only.nodes)); } else { restore(); }
    showPanel(state.selected);
    return state.selected ? Array.from(current.highlight.nodes) : [];
  }

  /* Select ``id`` and move the view to it and its whole highlighted path. */
  function focus(id) {
    if (!meta[id]) { return []; }
    var lit = select(id);
    show(lit, id);
    return lit;
  }

  /* The opening view: the home plan's issues and what they reach, compact. */
  function home() {
    state.home = true;
    select(null);
    show(shown());
  }

  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: false });
  }

  function pan(dx, dy) {
    var scale = network.getScale();
    var at = network.getViewPosition();
    network.moveTo({ position: { x: at.x + dx / scale, y: at.y + dy / scale }, animation: false });
  }

  function byIdOrSlug(key) {
    if (meta[key]) { return key; }
    for (var id in meta) { if (meta[id].slug === key) { return id; } }
    return null;
  }

  /* ---------------------------------------------------------------- search */
  var searchIndex = -1;
  /* Go to the next match of the search (Enter, "go"): select it and show its paths. */
  function goToMatch() {
    var list = found();
    if (!list.length) { return null; }
    searchIndex = (searchIndex + 1) % list.length;
    focus(list[searchIndex]);
    return list[searchIndex];
  }

  /* ---------------------------------------------------------------- side panel */
  var panelBox = document.getElementById("panel");
  function el(tag, text, cls, lang) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (cls) { node.className = cls; }
    if (lang) { node.lang = lang; }
    return node;
  }
  function nameOf(id) {
    var p = meta[id].panel;
    return state.lang === "en" ? p.en + " " + (p.textEn || p.textTh) : p.th + " " + p.textTh;
  }
  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    return a;
  }
  var SAFE_HREF = /^(\.\.\/site\/[A-Za-z0-9%._~\/-]+|[A-Za-z0-9._-]+\.html)$/;

  function showPanel(id) {
    panelBox.textContent = "";
    if (!id) {
      panelBox.appendChild(el("p", "เลือกองค์ประกอบเพื่อดูรายละเอียด · Select an element to see its details.", "hint"));
      return;
    }
    var p = meta[id].panel;
    panelBox.appendChild(el("p", p.th + " · " + p.en, "kind"));
    panelBox.appendChild(el("h2", p.textTh, "th", "th"));
    if (p.textEn) { panelBox.appendChild(el("p", p.textEn, "en", "en")); }
    if (p.planTh) { panelBox.appendChild(el("p", p.planTh + " (" + p.levelTh + ") · " + p.planEn, "plan")); }
    if (p.targetTh) { panelBox.appendChild(el("p", "ค่าเป้าหมาย · target: " + p.targetTh + " · " + p.targetEn, "target")); }
    if (p.progressTh) { panelBox.appendChild(el("p", "ความก้าวหน้า · progress: " + p.progressTh + " · " + p.progressEn, "progress")); }
    if (meta[id].top) {
      panelBox.appendChild(el("p", "ตัวชี้วัดที่เชื่อมโยงถึง " + p.reachedBy + " ตัว · " + p.reachedBy + " indicators reach it", "reached-by"));
    } else {
      panelBox.appendChild(el("h3", "ยุทธศาสตร์ชาติที่เชื่อมโยงถึง · National Strategy strategies reached"));
      if (!p.reaches.length) {
        panelBox.appendChild(el("p", "ยังไม่มีเส้นทางถึงยุทธศาสตร์ชาติ · no path up to the National Strategy", "none"));
      }
      var list = el("ol", "", "reaches");
      p.reaches.forEach(function (r) {
        var item = el("li");
        item.setAttribute("data-id", r.id);
        item.appendChild(el("strong", r.th + " · " + r.en));
        item.appendChild(el("span", " " + r.textTh, "", "th"));
        if (r.via.length) {
          item.appendChild(el("p", "ผ่าน · via: " + r.via.map(function (v) { return meta[v] ? meta[v].panel.th : v; }).join(" › "), "via"));
        }
        if (r.weakest) {
          var w = r.weakest;
          item.appendChild(el("p", "จุดอ่อนที่สุด · weakest link: " + (meta[w.from] ? meta[w.from].panel.th : w.from) +
            " → " + (meta[w.to] ? meta[w.to].panel.th : w.to) + " (" + w.basisTh + " · " + w.basisEn +
            ", ความเชื่อมั่น · confidence " + w.confidence + ")", "weakest"));
        }
        list.appendChild(item);
      });
      panelBox.appendChild(list);
    }
    var links = el("p", "", "links");
    if (p.trace && SAFE_HREF.test(p.trace)) { links.appendChild(link(p.trace, "เส้นทาง · trace")); links.appendChild(document.createTextNode(" ")); }
    if (p.site && SAFE_HREF.test(p.site)) { links.appendChild(link(p.site, "หน้าข้อมูล · site page")); links.appendChild(document.createTextNode(" ")); }
    if (p.page && SAFE_HREF.test(p.page)) { links.appendChild(link(p.page, "แผนที่ของแผนนี้ · plan map")); }
    panelBox.appendChild(links);
  }

  /* ---------------------------------------------------------------- pictures */
  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function pngBlob(callback) {
    var canvas = mapBox.querySelector("canvas");
    var copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    copy.toBlob(callback, "image/png");
  }

  /* The nodes and edges in view as SVG (boxes, labels, straight arrows), text escaped by
     the DOM (createElementNS + textContent). */
  function svgText() {
    var NS = "http://www.w3.org/2000/svg";
    var ids = nodes.getIds().filter(function (id) { return !nodes.get(id).hidden; });
    var pos = network.getPositions(ids);
    var boxes = {};
    ids.forEach(function (id) { boxes[id] = network.getBoundingBox(id); });
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    ids.forEach(function (id) { var b = boxes[id]; minX = Math.min(minX, b.left); minY = Math.min(minY, b.top); maxX = Math.max(maxX, b.right); maxY = Math.max(maxY, b.bottom); });
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", [minX - 20, minY - 20, maxX - minX + 40, maxY - minY + 40].join(" "));
    svg.setAttribute("font-family", "Noto Sans Thai, Sarabun, Loma, Garuda, sans-serif");
    svg.setAttribute("font-size", String(view.fontSize));
    edges.forEach(function (e) {
      if (e.hidden || !boxes[e.from] || !boxes[e.to]) { return; }
      var line = document.createElementNS(NS, "line");
      var a = pos[e.from], b = pos[e.to];
      line.setAttribute("x1", boxes[e.from].left); line.setAttribute("y1", a.y);
      line.setAttribute("x2", boxes[e.to].right); line.setAttribute("y2", b.y);
      var colour = e.color && e.color.color ? e.color.color : "#999999";
      line.setAttribute("stroke", colour);
      line.setAttribute("stroke-width", String(e.width || 1));
      if (e.dashes) { line.setAttribute("stroke-dasharray", "6 4"); }
      svg.appendChild(line);
    });
    ids.forEach(function (id) {
      var n = nodes.get(id), b = boxes[id];
      var rect = document.createElementNS(NS, "rect");
      rect.setAttribute("x", b.left); rect.setAttribute("y", b.top);
      rect.setAttribute("width", b.right - b.left); rect.setAttribute("height", b.bottom - b.top);
      rect.setAttribute("rx", "4");
      rect.setAttribute("fill", n.color.background); rect.setAttribute("stroke", n.color.border);
      svg.appendChild(rect);
      var text = document.createElementNS(NS, "text");
      text.setAttribute("fill", n.font && n.font.color ? n.font.color : "#1a1a1a");
      var lines = String(n.label).split("\n");
      lines.forEach(function (line, i) {
        var span = document.createElementNS(NS, "tspan");
        span.setAttribute("x", String((b.left + b.right) / 2));
        span.setAttribute("y", String(pos[id].y + (i - (lines.length - 1) / 2) * view.fontSize * 1.3 + view.fontSize * 0.35));
        span.setAttribute("text-anchor", "middle");
        span.textContent = line;
        text.appendChild(span);
      });
      svg.appendChild(text);
    });
    return new XMLSerializer().serializeToString(svg);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { focus(params.nodes[0]); } else { select(null); }
  });

  /* A folded plan opens its own map page (a sibling file; the name is checked). */
  var PLAN_PAGE = /^alignment-[A-Za-z0-9._-]+\.html$/;
  function open(id) {
    var page = meta[id] && meta[id].page;
    if (page && PLAN_PAGE.test(page)) { window.location.href = page; }
  }
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { open(params.nodes[0]); }
  });

  function refocus() {
    if (state.selected) { focus(state.selected); } else { show(shown()); }
  }

  document.querySelectorAll("input[name=lang]").forEach(function (input) {
    input.addEventListener("change", function () { state.lang = input.value; apply(); showPanel(state.selected); });
  });
  document.querySelectorAll("input[name=level]").forEach(function (input) {
    input.addEventListener("change", function () {
      var level = Number(input.value);
      if (input.checked) { state.levels.add(level); } else { state.levels.delete(level); }
      apply();
      refocus();
    });
  });
  document.querySelectorAll("input[name=basis]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.checked) { state.bases.add(input.value); } else { state.bases.delete(input.value); }
      apply();
      refocus();
    });
  });
  document.getElementById("path-only").addEventListener("change", function (ev) {
    state.pathOnly = ev.target.checked;
    refocus();
  });
  document.getElementById("strategy").addEventListener("change", function (ev) {
    state.strategy = ev.target.value;
    apply();
    if (state.strategy) { focus(state.strategy); } else { select(null); show(shown()); }
  });
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("input", function (ev) {
    state.search = normalise(ev.target.value);
    searchIndex = -1;
    apply();
  });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); goToMatch(); }
  });
  document.getElementById("go").addEventListener("click", goToMatch);
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("fit").addEventListener("click", function () { show(shown(), state.selected); });
  document.getElementById("all").addEventListener("click", function () {
    state.home = false;
    select(null);
    network.fit({ animation: false });
  });
  mapBox.addEventListener("keydown", function (ev) {
    var step = 80;
    var keys = {
      "+": function () { zoom(1.25); }, "=": function () { zoom(1.25); },
      "-": function () { zoom(0.8); }, "0": function () { show(shown(), state.selected); },
      "ArrowLeft": function () { pan(-step, 0); }, "ArrowRight": function () { pan(step, 0); },
      "ArrowUp": function () { pan(0, -step); }, "ArrowDown": function () { pan(0, step); },
      "Escape": function () { select(null); }
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });
  document.getElementById("save-png").addEventListener("click", function () {
    pngBlob(function (blob) { download(blob, "plangraph-map.png"); });
  });
  document.getElementById("save-svg").addEventListener("click", function () {
    download(new Blob([svgText()], { type: "image/svg+xml" }), "plangraph-map.svg");
  });
  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("#controls input[type=checkbox]").forEach(function (c) { c.checked = true; });
    document.getElementById("strategy").value = "";
    searchBox.value = "";
    state.search = "";
    state.strategy = "";
    state.pathOnly = true;
    state.levels = new Set(data.levels.map(function (l) { return l.level; }));
    state.bases = new Set(["stated", "curated", ""]);
    home();
  });
  document.querySelectorAll("button.show").forEach(function (button) {
    button.addEventListener("click", function () {
      mapBox.scrollIntoView({ block: "center" });
      focus(button.getAttribute("data-id"));
    });
  });

  window.plangraphMap = {
    network: network,
    nodes: nodes,
    edges: edges,
    data: data,
    state: state,
    apply: apply,
    select: select,
    focus: focus,
    open: open,
    home: home,
    zoom: zoom,
    goToMatch: goToMatch,
    found: function () { return found(); },
    svg: svgText,
    minScale: MIN_SCALE,
    paths: function (id) {
      var p = paths(id);
      return { nodes: Array.from(p.nodes), edges: Array.from(p.edges), reachesTop: p.reachesTop };
    },
    highlighted: function () { return current.highlight ? Array.from(current.highlight.nodes) : []; },
    visible: function () { return Array.from(current.visible); }
  };

  /* When the first frame was drawn, in ms since navigation started (the benchmark reads it). */
  network.once("afterDrawing", function () { window.plangraphMap.drawnAt = performance.now(); });

  apply();
  var wanted = new URLSearchParams(window.location.search).get("focus");
  if (wanted && byIdOrSlug(wanted)) { focus(byIdOrSlug(wanted)); } else { home(); }
})();
