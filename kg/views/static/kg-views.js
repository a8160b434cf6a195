/* policy-kg views: draws every <section class="kg-view"> of the page with vis-network.
 *
 * Safety: the graph arrives as JSON in <script type="application/json"> (escaped by the
 * server); every text from a document goes into the page through textContent or the
 * canvas, never through innerHTML. Tooltips are built here on hover, with textContent;
 * items carry no "title", so vis-network's own popup never shows.
 *
 * Speed: force-directed views stabilise for a bounded number of iterations and physics is
 * switched off on "stabilizationIterationsDone"; fixed views have physics off from the
 * start. When every view is still, <html data-still="1"> and window.kgStill is true.
 *
 * Globals for tests and scripts: window.kgViews[name] = {nodes, edges, network, still,
 * stillAt}; window.nodes / window.edges / window.network are those of the first view.
 */
(function () {
  "use strict";
  var views = (window.kgViews = window.kgViews || {});
  var pending = 0;
  var t0 = performance.now();
  window.kgStill = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function tipElement(t, strings) {
    var box = el("div", "kg-tip");
    if (t.head) box.appendChild(el("div", "kg-tip-head", t.head));
    if (t.rows && t.rows.length) {
      var table = el("table");
      t.rows.forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("th", null, r[0]));
        tr.appendChild(el("td", null, r[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (t.quotes && t.quotes.length) {
      if (t.quoteLabel) box.appendChild(el("div", "kg-tip-label", t.quoteLabel));
      t.quotes.forEach(function (q) {
        box.appendChild(el("blockquote", null, typeof q === "number" ? strings[q] : q));
      });
    }
    if (t.note) box.appendChild(el("div", "kg-tip-note", t.note));
    return box;
  }

  // Tooltips: our own box, built on hover from the item's tip data with textContent
  // (vis-network's popup is not used: items carry no "title").
  function tooltips(section, canvasBox, network, nodes, edges, strings) {
    var box = el("div", "kg-tooltip");
    box.setAttribute("role", "tooltip");
    canvasBox.appendChild(box);
    var mouse = { x: 0, y: 0 };
    var timer = null;
    canvasBox.addEventListener("mousemove", function (ev) {
      var r = canvasBox.getBoundingClientRect();
      mouse.x = ev.clientX - r.left;
      mouse.y = ev.clientY - r.top;
    });
    function show(item) {
      clearTimeout(timer);
      if (!item || !item.tip) return;
      timer = setTimeout(function () {
        while (box.firstChild) box.removeChild(box.firstChild);
        box.appendChild(tipElement(item.tip, strings));
        box.style.display = "block";
        var w = canvasBox.clientWidth, h = canvasBox.clientHeight;
        var x = mouse.x + 14, y = mouse.y + 14;
        if (x + box.offsetWidth > w - 4) x = Math.max(4, mouse.x - box.offsetWidth - 14);
        if (y + box.offsetHeight > h - 4) y = Math.max(4, h - box.offsetHeight - 4);
        box.style.left = x + "px";
        box.style.top = y + "px";
      }, 120);
    }
    function hide() {
      clearTimeout(timer);
      box.style.display = "none";
    }
    network.on("hoverNode", function (p) { show(nodes.get(p.node)); });
    network.on("hoverEdge", function (p) {
      var e = edges.get(p.edge);
      if (e && e.tip && !e.tip.head) {
        var a = nodes.get(e.from), b = nodes.get(e.to);
        e = { tip: Object.assign({ head: (a ? a.label : "") + " — " + (b ? b.label : "") }, e.tip) };
      }
      show(e);
    });
    network.on("blurNode", hide);
    network.on("blurEdge", hide);
    network.on("dragStart", hide);
    network.on("zoom", hide);
    canvasBox.addEventListener("mouseleave", hide);
  }

  function markStill(state, container) {
    if (state.still) return;
    state.still = true;
    state.stillAt = performance.now() - t0;
    container.setAttribute("data-still", "1");
    pending -= 1;
    if (pending <= 0) {
      window.kgStill = true;
      window.kgStillAt = performance.now() - t0;
      document.documentElement.setAttribute("data-still", "1");
    }
  }

  function drawBands(ctx, data, extent, font) {
    if (!data.bands.length && !data.captions.length) return;
    var x0 = extent.x0 - 260, x1 = extent.x1 + 120;
    if (x1 - x0 < 1080) {
      var mid = (x0 + x1) / 2;
      x0 = mid - 540;
      x1 = mid + 540;
    }
    data.bands.forEach(function (b, i) {
      ctx.save();
      ctx.globalAlpha = i % 2 ? 0.05 : 0.09;
      ctx.fillStyle = b.color || "#7f8c8d";
      ctx.fillRect(x0, b.y0, x1 - x0, b.y1 - b.y0);
      ctx.globalAlpha = 0.9;
      ctx.fillRect(x0, b.y0, 8, b.y1 - b.y0);
      ctx.globalAlpha = 1;
      ctx.fillStyle = b.color || "#424949";
      ctx.font = "bold 30px " + font;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(b.label || "", x0 + 22, b.y0 + 12);
      ctx.restore();
    });
    ctx.save();
    ctx.fillStyle = "#4d5656";
    ctx.font = "bold 20px " + font;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    data.captions.forEach(function (c) {
      ctx.fillText(c.text || "", c.x + 4, c.y);
    });
    ctx.restore();
  }

  function extentOf(nodes) {
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    nodes.forEach(function (n) {
      if (typeof n.x === "number") {
        x0 = Math.min(x0, n.x);
        x1 = Math.max(x1, n.x);
      }
      if (typeof n.y === "number") {
        y0 = Math.min(y0, n.y);
        y1 = Math.max(y1, n.y);
      }
    });
    if (!isFinite(x0)) { x0 = 0; x1 = 0; }
    if (!isFinite(y0)) { y0 = 0; y1 = 0; }
    return { x0: x0, x1: x1, y0: y0, y1: y1 };
  }

  // fixed layouts with level bands: show the nodes and every band (an empty level too)
  // a small graph is not blown up past its natural size
  function capZoom(network) {
    if (network.getScale() > 1.0) network.moveTo({ scale: 1.0, animation: false });
  }

  function fitAll(network, container, data, extent) {
    if (!data.bands.length) {
      network.fit({ animation: false });
      capZoom(network);
      return;
    }
    var x0 = extent.x0 - 270, x1 = extent.x1 + 130;
    if (x1 - x0 < 1100) {
      var mid = (x0 + x1) / 2;
      x0 = mid - 550;
      x1 = mid + 550;
    }
    var y0 = Math.min(extent.y0 - 60, data.bands[0].y0), y1 = Math.max(extent.y1 + 60, data.bands[data.bands.length - 1].y1);
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    var scale = Math.min(w / (x1 - x0), h / (y1 - y0), 1.0) * 0.97;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: false });
  }

  // Legible labels: no label is drawn smaller than MIN_LABEL_PX on screen. On the views of
  // dots (department network, corpus map) the labels are set at MIN_LABEL_PX whatever the
  // zoom and, where they would overlap, only the larger nodes keep theirs (the others show
  // their name on hover); again after every zoom. The views of boxes (lineage, anatomy)
  // open at a zoom where their labels are legible, at the top of the drawing.
  var MIN_LABEL_PX = 12;
  var DOT_VIEWS = { departments: true, corpus: true };

  function textEm(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) n += s.charCodeAt(i) > 0x2e80 ? 1 : 0.6;
    return n;
  }

  function baseFont(data, n) {
    var d = (data.options && data.options.nodes && data.options.nodes.font) || {};
    return (n.font && n.font.size) || d.size || 14;
  }

  function placeLabels(network, nodes, container, data) {
    var scale = network.getScale();
    var pos = network.getPositions();
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    var all = nodes.get();
    all.sort(function (a, b) { return (b.value || b.size || 0) - (a.value || a.size || 0) || (a.id < b.id ? -1 : 1); });
    var placed = [], updates = [];
    var defaults = (data.options && data.options.nodes && data.options.nodes.font) || {};
    all.forEach(function (n) {
      var text = n.label || "";
      // a label kept off is drawn transparent: the node keeps its label (search, tooltips)
      var color = n.labelColor !== undefined ? n.labelColor : ((n.font && n.font.color) || defaults.color || "#343434");
      var p = pos[n.id];
      var keep = false;
      var size = Math.max(baseFont(data, n), MIN_LABEL_PX / scale);
      if (p && text) {
        var dom = network.canvasToDOM(p);
        var lines = String(text).split("\n");
        var bw = Math.max.apply(null, lines.map(textEm)) * MIN_LABEL_PX + 4;
        var r = (n.size || 10) * scale;
        var box = { x0: dom.x - bw / 2, x1: dom.x + bw / 2, y0: dom.y - r, y1: dom.y + r + lines.length * MIN_LABEL_PX * 1.3 };
        var onScreen = box.x1 > 0 && box.x0 < w && box.y1 > 0 && box.y0 < h;
        keep = onScreen && placed.every(function (o) { return box.x1 < o.x0 || box.x0 > o.x1 || box.y1 < o.y0 || box.y0 > o.y1; });
        if (keep) placed.push(box);
      }
      updates.push({ id: n.id, labelColor: color, labelHidden: !keep, font: { size: size, color: keep ? color : "rgba(0,0,0,0)" } });
    });
    nodes.update(updates);
  }

  function legible(network, nodes, container, data, state) {
    if (DOT_VIEWS[data.name]) {
      // label sizes by node value would shrink the small nodes' labels below legibility
      network.setOptions({ nodes: { scaling: { label: { enabled: false } } } });
      placeLabels(network, nodes, container, data);
      var timer = null;
      network.on("zoom", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { placeLabels(network, nodes, container, data); }, 120);
      });
      network.on("dragEnd", function () { placeLabels(network, nodes, container, data); });
      return;
    }
    var smallest = Infinity;
    nodes.forEach(function (n) { if (n.label) smallest = Math.min(smallest, baseFont(data, n)); });
    if (!isFinite(smallest) || network.getScale() * smallest >= MIN_LABEL_PX) return;
    var scale = MIN_LABEL_PX / smallest;
    var ext = extentOf(nodes.get());
    var focusNode = null;  // the emphasised node (the widest border), if any
    nodes.forEach(function (n) { if ((n.borderWidth || 0) >= 3 && (!focusNode || n.borderWidth > focusNode.borderWidth)) focusNode = n; });
    var focus = focusNode && network.getPositions([focusNode.id])[focusNode.id];
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    // views with level bands (lineage) centre on their policy; the others (anatomy) start at the left
    var x = focus && data.bands && data.bands.length ? focus.x : ext.x0 - 160 + w / 2 / scale;  // node centres: room for a box
    var y = Math.max(ext.y0 - 40 + h / 2 / scale, Math.min(focus ? focus.y : -Infinity, ext.y1 + 40 - h / 2 / scale));
    network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
  }

  function controls(section, data, state) {
    var box = section.querySelector(".kg-controls");
    if (!box || !data.controls || !data.controls.length) return null;
    var filters = {};
    data.controls.forEach(function (c) {
      var label = el("label", null, c.label);
      var input;
      if (c.type === "select") {
        input = el("select");
        var all = el("option", null, c.all || "*");
        all.value = "";
        input.appendChild(all);
        c.options.forEach(function (o) {
          var opt = el("option", null, o);
          opt.value = o;
          input.appendChild(opt);
        });
        input.addEventListener("change", function () {
          filters[c.field] = { target: c.target, type: "eq", value: input.value };
          state.refresh();
        });
      } else {
        input = el("input");
        input.type = "number";
        input.min = c.min;
        input.max = c.max;
        input.value = c.value;
        input.style.width = "5em";
        filters[c.field] = { target: c.target, type: "min", value: Number(c.value) };
        input.addEventListener("input", function () {
          filters[c.field] = { target: c.target, type: "min", value: Number(input.value) || 0 };
          state.refresh();
        });
      }
      input.setAttribute("data-field", c.field);
      label.appendChild(input);
      box.appendChild(label);
    });
    box.style.display = "block";
    return filters;
  }

  function pass(item, filters, target) {
    for (var f in filters) {
      var flt = filters[f];
      if (flt.target !== target) continue;
      if (flt.type === "eq" && flt.value && item[f] !== flt.value) return false;
      if (flt.type === "min" && typeof item[f] === "number" && item[f] < flt.value) return false;
    }
    return true;
  }

  // the page carries each style once (kg.views.model.factor_styles): put it back on its items
  function styled(items, styles) {
    if (!styles || !styles.length) return items;
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      if (typeof it.s !== "number") continue;
      var st = JSON.parse(JSON.stringify(styles[it.s]));
      delete it.s;
      for (var k in st) if (!(k in it)) it[k] = st[k];
    }
    return items;
  }

  function init(section) {
    var script = section.querySelector("script.kg-data");
    var container = section.querySelector(".kg-network");
    if (!script || !container) return;
    var data = JSON.parse(script.textContent);
    var name = data.name || "view" + Object.keys(views).length;
    var font = (section.getAttribute("data-font") || "sans-serif");
    var state = { still: false, stillAt: null, stabilizedAt: null, name: name };
    var nodes = new vis.DataSet(styled(data.nodes, data.styles));
    var edges = new vis.DataSet(styled(data.edges, data.styles));
    state.nodes = nodes;
    state.edges = edges;
    views[name] = state;
    if (!window.nodes) {
      window.nodes = nodes;
      window.edges = edges;
    }
    pending += 1;
    if (!data.nodes.length) {
      markStill(state, container);
      return;
    }
    var graph = { nodes: nodes, edges: edges };
    var filters = controls(section, data, state);
    if (filters) {
      var hidden = null; // ids of nodes filtered out, or null when none is
      var nodeView = new vis.DataView(nodes, {
        filter: function (n) {
          var ok = pass(n, filters, "nodes");
          if (!ok) (hidden = hidden || {})[n.id] = true;
          return ok;
        },
      });
      var edgeView = new vis.DataView(edges, {
        filter: function (e) {
          return pass(e, filters, "edges") && !(hidden && (hidden[e.from] || hidden[e.to]));
        },
      });
      graph = { nodes: nodeView, edges: edgeView };
      state.refresh = function () {
        hidden = null;
        nodeView.refresh();
        edgeView.refresh();
      };
      state.visible = function () {
        return { nodes: nodeView.length, edges: edgeView.length };
      };
    }
    var progress = section.querySelector(".kg-progress");
    state.timing = { parsed: performance.now() - t0 };
    var network = new vis.Network(container, graph, data.options);
    state.timing.created = performance.now() - t0;
    state.network = network;
    if (!window.network) window.network = network;
    tooltips(section, container.parentNode, network, nodes, edges, data.strings || []);
    var extent = extentOf(data.nodes);
    network.on("beforeDrawing", function (ctx) {
      drawBands(ctx, data, extent, font);
    });
    network.on("doubleClick", function (p) {
      if (p.nodes && p.nodes.length) {
        var n = nodes.get(p.nodes[0]);
        if (n && n.url) window.location.href = n.url;
      }
    });
    network.on("stabilized", function () {
      if (state.stabilizedAt === null) state.stabilizedAt = performance.now() - t0;
      if (data.keepPhysics) markStill(state, container);
    });
    if (data.physics) {
      if (progress) {
        progress.style.display = "block";
        var bar = progress.querySelector(".kg-bar div");
        network.on("stabilizationProgress", function (p) {
          if (bar) bar.style.width = Math.round((100 * p.iterations) / p.total) + "%";
        });
      }
      network.once("startStabilizing", function () {
        state.timing.startStabilizing = performance.now() - t0;
      });
      network.once("stabilizationIterationsDone", function () {
        state.timing.iterationsDone = performance.now() - t0;
        if (progress) progress.style.display = "none";
        if (!data.keepPhysics) {
          network.setOptions({ physics: { enabled: false } });
          network.fit({ animation: false });
          capZoom(network);
          legible(network, nodes, container, data, state);
          markStill(state, container);
        }
      });
    } else {
      fitAll(network, container, data, extent);
      legible(network, nodes, container, data, state);
      network.once("afterDrawing", function () {
        markStill(state, container);
      });
    }
  }

  function start() {
    var sections = document.querySelectorAll("section.kg-view");
    for (var i = 0; i < sections.length; i++) init(sections[i]);
    if (!sections.length) {
      window.kgStill = true;
      document.documentElement.setAttribute("data-still", "1");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
