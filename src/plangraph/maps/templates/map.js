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
    selected: null
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

  function matches(id) {
    return !state.search || meta[id].search.indexOf(state.search) !== -1;
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

  var current = { visible: new Set(), highlight: null };

  function apply() {
    var visible = visibleNodes();
    var lit = state.selected ? paths(state.selected) : null;
    var faded = data.faded;
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var m = meta[n.id];
      var dim = (lit && !lit.nodes.has(n.id)) || !matches(n.id);
      nodeUpdates.push({
        id: n.id,
        hidden: !visible.has(n.id),
        label: state.lang === "en" ? m.labelEn : m.labelTh,
        color: dim ? { border: faded.node_border, background: faded.node_background } : original.nodes[n.id],
        font: { color: dim ? faded.font : "#1a1a1a" }
      });
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var o = original.edges[e.id];
      var shown = edgeActive(e) && visible.has(e.from) && visible.has(e.to);
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
    current = { visible: visible, highlight: lit };
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
    if (lit) {
      text += " · เส้นทาง " + lit.nodes.size + " องค์ประกอบ · path: " + lit.nodes.size + " elements";
      if (!lit.reachesTop) {
        text += " · ยังไม่มีเส้นทางถึงยุทธศาสตร์ชาติ · no path up to the National Strategy";
      }
    }
    document.getElementById("status").textContent = text;
  }

  function select(id) {
    state.selected = id && meta[id] ? id : null;
    if (state.selected) { network.selectNodes([state.selected]); } else { network.unselectAll(); }
    apply();
    return state.selected ? Array.from(current.highlight.nodes) : [];
  }

  function focus(id) {
    if (!meta[id]) { return; }
    select(id);
    network.focus(id, { scale: 1, animation: false });
  }

  function byIdOrSlug(key) {
    if (meta[key]) { return key; }
    for (var id in meta) { if (meta[id].slug === key) { return id; } }
    return null;
  }

  network.on("click", function (params) {
    select(params.nodes.length ? params.nodes[0] : null);
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

  document.querySelectorAll("input[name=lang]").forEach(function (input) {
    input.addEventListener("change", function () { state.lang = input.value; apply(); });
  });
  document.querySelectorAll("input[name=level]").forEach(function (input) {
    input.addEventListener("change", function () {
      var level = Number(input.value);
      if (input.checked) { state.levels.add(level); } else { state.levels.delete(level); }
      apply();
    });
  });
  document.querySelectorAll("input[name=basis]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.checked) { state.bases.add(input.value); } else { state.bases.delete(input.value); }
      apply();
    });
  });
  document.getElementById("strategy").addEventListener("change", function (ev) {
    state.strategy = ev.target.value;
    apply();
  });
  document.getElementById("search").addEventListener("input", function (ev) {
    state.search = ev.target.value.trim().toLocaleLowerCase();
    apply();
  });
  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("#controls input[type=checkbox]").forEach(function (c) { c.checked = true; });
    document.getElementById("strategy").value = "";
    document.getElementById("search").value = "";
    state.search = "";
    state.strategy = "";
    state.levels = new Set(data.levels.map(function (l) { return l.level; }));
    state.bases = new Set(["stated", "curated", ""]);
    select(null);
  });
  document.querySelectorAll("button.show").forEach(function (button) {
    button.addEventListener("click", function () {
      focus(button.getAttribute("data-id"));
      document.getElementById("map").scrollIntoView({ block: "center" });
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
  if (wanted && byIdOrSlug(wanted)) { focus(byIdOrSlug(wanted)); }
})();
