/* nlpmap explorer: the map of #graph-data drawn with vis-network, a local graph
 * of any node (/api/neighbours), filters, colours, a details panel and the
 * view kept in the URL.
 *
 * The whole map: positions come precomputed from the build, physics stays off
 * and the first frame is the final one. vis-network spends most of its
 * start-up on per-node options, so the nodes it gets are lean (a size and a
 * font size computed here) and a big map (over BIG nodes) first gets only its
 * OVERVIEW most central nodes; zooming in adds the nodes in sight. Labels go
 * to the nodes of highest label priority (`lv`: specificity to the corpus for
 * concepts, not raw PageRank), less any whose label would overlap a more
 * important one; every label appears on zooming in. Only the links are
 * vis-network edges there; the many faint edges (mentions, relations,
 * sections) are stroked on the canvas before the nodes, one path per style.
 *
 * A local graph (the `focus` of the URL, depth 1 to 3) is laid out radially
 * here: the node in the centre, each depth on a ring wide enough for the
 * labels of its nodes, so that no two labels of depth 1 overlap; its edges are
 * vis-network edges whose tooltips say why the two nodes are joined.
 *
 * No HTML is built from strings: every text goes through textContent. */
(function () {
  "use strict";

  performance.mark("nlpmap:start");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const root = document.body.dataset.root || "";
  const container = document.getElementById("network");
  const BIG = 2000;
  const OVERVIEW = 2000; // nodes drawn at first on a big map
  const FLOOR = 1e-4; // the least value and label priority (left out of a big map's data)
  const ADD_PER_ZOOM = 1500; // nodes added at most per zoom step on a big map
  const LOCAL_LIMIT = 400; // nodes of a local graph at most
  const big = data.nodes.length > BIG;

  const KINDS = ["hub", "section", "article", "concept"];
  const DOCUMENT_GROUPS = ["hub", "section", "article"];
  // concept types (one of them is "concept": concepts of no other type)
  const TYPE_GROUPS = Object.keys(data.groups).filter(function (g) {
    return DOCUMENT_GROUPS.indexOf(g) < 0;
  });
  const PALETTE = ["#2563eb", "#f97316", "#10b981", "#ef4444", "#8b5cf6", "#ca8a04", "#ec4899",
    "#14b8a6", "#a16207", "#0ea5e9", "#84cc16", "#6366f1"];
  const OTHER_COLOR = "#94a3b8";

  const byNid = new Map();
  data.nodes.forEach(function (node) {
    byNid.set(node.nid, node);
    if (node.value === undefined) node.value = FLOOR;
    if (node.lv === undefined) node.lv = FLOOR;
  });
  function kindOf(node) {
    return DOCUMENT_GROUPS.indexOf(node.group) >= 0 ? node.group : "concept";
  }
  function styleName(i) {
    return data.edge_styles[i].name;
  }
  const styleIndex = {};
  data.edge_styles.forEach(function (style, i) {
    styleIndex[style.name] = i;
  });

  // --- the view state, kept in the URL ---------------------------------------
  const DEFAULT_TYPES = TYPE_GROUPS.filter(function (g) {
    return g !== "candidate";
  });
  function defaults() {
    return {
      focus: "", depth: 1, kinds: KINDS.slice(), types: DEFAULT_TYPES.slice(), color: "type",
      size: "pagerank", community: "", section: "", minw: 0, q: "",
    };
  }
  function listParam(params, name, allowed, fallback) {
    if (!params.has(name)) return fallback.slice();
    return params.get(name).split(",").filter(function (v) {
      return allowed.indexOf(v) >= 0;
    });
  }
  function readState(search) {
    const params = new URLSearchParams(search);
    const s = defaults();
    s.focus = params.get("focus") || "";
    const depth = parseInt(params.get("depth") || "1", 10);
    s.depth = depth >= 1 && depth <= 3 ? depth : 1;
    s.kinds = listParam(params, "kinds", KINDS, s.kinds);
    s.types = listParam(params, "types", TYPE_GROUPS, s.types);
    s.color = params.get("color") === "community" ? "community" : "type";
    s.size = params.get("size") === "degree" ? "degree" : "pagerank";
    s.community = params.get("community") || "";
    s.section = params.get("section") || "";
    const minw = parseFloat(params.get("minw") || "0");
    s.minw = isFinite(minw) && minw > 0 ? minw : 0;
    s.q = params.get("q") || "";
    return s;
  }
  function stateQuery(s) {
    const d = defaults();
    const params = new URLSearchParams();
    if (s.focus) params.set("focus", s.focus);
    if (s.focus && s.depth !== 1) params.set("depth", String(s.depth));
    if (s.kinds.join() !== d.kinds.join()) params.set("kinds", s.kinds.join(","));
    if (s.types.join() !== d.types.join()) params.set("types", s.types.join(","));
    if (s.color !== d.color) params.set("color", s.color);
    if (s.size !== d.size) params.set("size", s.size);
    if (s.community) params.set("community", s.community);
    if (s.section) params.set("section", s.section);
    if (s.minw) params.set("minw", String(s.minw));
    if (s.q) params.set("q", s.q);
    const text = params.toString();
    return text ? "?" + text : "";
  }
  let state = readState(window.location.search);
  function commit(push) {
    const url = window.location.pathname + stateQuery(state);
    if (url === window.location.pathname + window.location.search) return;
    if (push) {
      window.history.pushState(null, "", url);
    } else {
      window.history.replaceState(null, "", url);
    }
  }

  // --- sizes and labels -------------------------------------------------------
  const LABEL_PX = 10; // smallest label drawn at full strength, in screen pixels
  const MAX_LABEL_PX = 16; // labels never grow past this on screen
  const MIN_LABEL = 10;
  const NODE_MIN = 5;
  const NODE_MAX = 22;
  const LOCAL_FONT = 14;
  const LOCAL_MIN_PX = 5; // labels of a local graph show down to this size on screen
  const labelled = data.labelled_value || 0.5;
  let maxDegree = 1;
  data.nodes.forEach(function (node) {
    if (node.deg > maxDegree) maxDegree = node.deg;
  });
  function sizeValue(node) {
    return state.size === "degree" ? Math.sqrt((node.deg || 0) / maxDegree) : node.value;
  }
  function nodeSize(value) {
    return NODE_MIN + (NODE_MAX - NODE_MIN) * value;
  }
  function textWidth(text) {
    let em = 0;
    for (const ch of String(text)) {
      em += ch.charCodeAt(0) > 0x2e7f ? 1 : 0.56;
    }
    return em;
  }

  // The first view of the whole map: every node in sight with a margin (set
  // with moveTo, not vis-network's fit, which would also count the labels).
  function wholeView() {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const node of data.nodes) {
      if (node.x < minX) minX = node.x;
      if (node.x > maxX) maxX = node.x;
      if (node.y < minY) minY = node.y;
      if (node.y > maxY) maxY = node.y;
    }
    if (!data.nodes.length) minX = maxX = minY = maxY = 0;
    const width = Math.max(container.clientWidth, 1);
    const height = Math.max(container.clientHeight, 1);
    const scale = Math.min(width / (1.08 * (maxX - minX) + 60), height / (1.08 * (maxY - minY) + 60), 1.5);
    return { scale: scale, position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 } };
  }
  const view = wholeView();
  // label font sizes: at the first view, nodes of label priority labelled_value
  // or more get labels of LABEL_PX or more on screen, the others smaller
  const labelMax = Math.max(30, MIN_LABEL + (LABEL_PX / view.scale - MIN_LABEL) / labelled);
  function fontSize(value) {
    return MIN_LABEL + (labelMax - MIN_LABEL) * value;
  }
  // vis-network hides labels under drawThreshold - 1 px: a node left unnamed at
  // the first view gets a priority at most hiddenValue, whose label is under that
  const hiddenValue = ((LABEL_PX - 1.25) / view.scale - MIN_LABEL) / (labelMax - MIN_LABEL);
  // label priority as drawn (lowered by the declutter of the first view)
  const shownValue = new Float32Array(data.nodes.length);
  (function declutter() {
    const named = [];
    for (const node of data.nodes) {
      shownValue[node.id] = node.lv;
      if (node.lv >= labelled) {
        named.push(node);
      } else if (hiddenValue > 0 && node.lv > hiddenValue) {
        shownValue[node.id] = hiddenValue;
      }
    }
    named.sort(function (a, b) {
      return b.lv - a.lv || a.id - b.id;
    });
    const s = view.scale;
    const boxes = [];
    for (const node of named) {
      const px = Math.min(fontSize(node.lv) * s, MAX_LABEL_PX);
      const half = (textWidth(node.label) * px) / 2 + 2;
      const top = (node.y + nodeSize(node.value)) * s;
      const box = { x0: node.x * s - half, x1: node.x * s + half, y0: top, y1: top + 1.25 * px };
      const hit = boxes.some(function (o) {
        return box.x0 < o.x1 && o.x0 < box.x1 && box.y0 < o.y1 && o.y0 < box.y1;
      });
      if (!hit) {
        boxes.push(box);
      } else if (hiddenValue > 0) {
        shownValue[node.id] = hiddenValue;
      }
    }
  })();

  // --- filters ----------------------------------------------------------------
  let sectionMembers = null; // node ids in the chosen section (with its concepts), or null
  function computeSection() {
    sectionMembers = null;
    const section = state.section && byNid.get(state.section);
    if (!section) return;
    const inSection = styleIndex.in_section;
    const children = new Map();
    for (const edge of data.edges) {
      if (edge[2] === inSection) {
        if (!children.has(edge[1])) children.set(edge[1], []);
        children.get(edge[1]).push(edge[0]);
      }
    }
    const members = new Set([section.id]);
    const stack = [section.id];
    while (stack.length) {
      for (const child of children.get(stack.pop()) || []) {
        if (!members.has(child)) {
          members.add(child);
          stack.push(child);
        }
      }
    }
    const mentions = styleIndex.mentions;
    for (const edge of data.edges) {
      if (edge[2] === mentions && members.has(edge[0])) members.add(edge[1]);
    }
    sectionMembers = members;
  }
  function passes(node) {
    const kind = kindOf(node);
    if (state.kinds.indexOf(kind) < 0) return false;
    if (kind === "concept" && state.types.indexOf(node.group) < 0) return false;
    if (state.community !== "" && String(node.c) !== state.community) return false;
    if (sectionMembers && !sectionMembers.has(node.id)) return false;
    return true;
  }
  function edgePasses(weight) {
    return !state.minw || typeof weight !== "number" || weight >= state.minw;
  }

  // --- colours ----------------------------------------------------------------
  const communityColor = new Map();
  (data.communities || []).forEach(function (c, i) {
    communityColor.set(c.id, i < PALETTE.length ? PALETTE[i] : OTHER_COLOR);
  });
  function colorOf(node) {
    if (state.color !== "community") return null;
    const color = communityColor.get(node.c) || OTHER_COLOR;
    return { background: color, border: color, highlight: { background: color, border: "#111827" } };
  }

  // --- drawing ----------------------------------------------------------------
  const drawnNodes = new vis.DataSet();
  const drawnEdges = new vis.DataSet();
  const drawn = new Set(); // node ids in the DataSet
  let mode = "none"; // "whole" or "local"
  let batches = []; // whole map: per batch style, [a, b, a, b, ...] node ids
  let selectedPairs = [];
  const shownFont = new Float32Array(data.nodes.length);

  function wholeItem(node) {
    const item = { id: node.id, x: node.x, y: node.y, group: node.group, size: nodeSize(sizeValue(node)) };
    if (!big && node.title) item.title = node.title;
    const color = colorOf(node);
    if (color) item.color = color;
    const value = shownValue[node.id];
    if (value >= labelled) { // the others get theirs on zooming in (vis-network measures every label it has)
      item.label = node.label;
      item.font = { size: Math.min(fontSize(value), MAX_LABEL_PX / Math.max(network ? network.getScale() : view.scale, 1e-6)) };
      shownFont[node.id] = item.font.size;
    } else {
      shownFont[node.id] = 0;
    }
    return item;
  }
  // Whole-map edges among the drawn nodes: links as vis-network edges, the
  // faint kinds as pairs stroked under the nodes.
  function wholeEdges() {
    batches = data.edge_styles.map(function () {
      return [];
    });
    const links = [];
    data.edges.forEach(function (edge, i) {
      if (!drawn.has(edge[0]) || !drawn.has(edge[1]) || !edgePasses(edge[3])) return;
      const style = data.edge_styles[edge[2]];
      if (style.batch) {
        batches[edge[2]].push(edge[0], edge[1]);
        return;
      }
      const item = { id: "e" + i, from: edge[0], to: edge[1], color: style.color, width: style.width };
      if (style.arrows) item.arrows = style.arrows;
      if (style.dashes) item.dashes = style.dashes;
      links.push(item);
    });
    drawnEdges.clear();
    drawnEdges.add(links);
  }
  function setNodes(items) {
    drawnNodes.clear();
    drawn.clear();
    for (const item of items) drawn.add(item.id);
    drawnNodes.add(items);
  }

  function drawWhole(keepView) {
    if (mode === "local") labelThreshold(LABEL_PX);
    mode = "whole";
    computeSection();
    let chosen = data.nodes.filter(passes);
    if (big && chosen.length > OVERVIEW) {
      chosen = chosen.slice().sort(function (a, b) {
        return b.value - a.value || a.id - b.id;
      }).slice(0, OVERVIEW);
    }
    selectedPairs = [];
    // the first view before the nodes: their fonts are sized for it
    if (!keepView) network.moveTo({ position: view.position, scale: view.scale, animation: false });
    setNodes(chosen.map(wholeItem));
    wholeEdges();
    refreshLabels();
    showViewBar();
    updateLegend();
  }

  function strokePairs(ctx, pairs, style, scale, strong) {
    if (!pairs.length) return;
    const bodies = network.body.nodes;
    ctx.beginPath();
    for (let k = 0; k < pairs.length; k += 2) {
      const a = bodies[pairs[k]];
      const b = bodies[pairs[k + 1]];
      if (!a || !b) continue;
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.strokeStyle = style.color.color;
    ctx.globalAlpha = strong ? 0.9 : style.color.opacity;
    // as vis-network does, never thinner than 0.3 px on screen
    ctx.lineWidth = Math.max(strong ? 2 * style.width : style.width, (strong ? 0.8 : 0.3) / scale);
    ctx.setLineDash(style.dashes && !strong ? style.dashes : []);
    ctx.stroke();
  }
  function selectBatchEdges(ids) {
    const chosen = new Set(ids);
    selectedPairs = batches.map(function () {
      return [];
    });
    if (!chosen.size || mode !== "whole") return;
    batches.forEach(function (pairs, i) {
      for (let k = 0; k < pairs.length; k += 2) {
        if (chosen.has(pairs[k]) || chosen.has(pairs[k + 1])) selectedPairs[i].push(pairs[k], pairs[k + 1]);
      }
    });
  }

  // --- the local graph ----------------------------------------------------------
  let localToken = 0;
  let localData = null;
  function getJSON(path) {
    return fetch(root + path, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json();
    });
  }
  // Rings: the centre, then each depth on rings around it, its nodes in the
  // order of their parents' angles (by kind and name at depth 1). Each node
  // takes the first place along the rings where its box (the node and its
  // label under it) overlaps no box placed before: no two labels overlap.
  const LABEL_H = LOCAL_FONT * 1.3;
  function localBox(label, size) {
    return { w: Math.max(textWidth(label) * LOCAL_FONT + 14, 2 * size + 6), up: size + 3, down: size + 4 + LABEL_H };
  }
  function radialLayout(result, sizes) {
    const pos = new Map();
    const CELL = 120;
    const grid = new Map();
    const cells = function (b, visit) {
      for (let cx = Math.floor(b.x0 / CELL); cx <= Math.floor(b.x1 / CELL); cx++) {
        for (let cy = Math.floor(b.y0 / CELL); cy <= Math.floor(b.y1 / CELL); cy++) {
          if (visit(cx + "," + cy) === false) return false;
        }
      }
      return true;
    };
    const boxAt = function (x, y, box) {
      return { x0: x - box.w / 2, x1: x + box.w / 2, y0: y - box.up, y1: y + box.down };
    };
    const free = function (b) {
      return cells(b, function (key) {
        const list = grid.get(key);
        if (!list) return true;
        for (const o of list) {
          if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) return false;
        }
        return true;
      });
    };
    const take = function (b) {
      cells(b, function (key) {
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(b);
      });
    };
    const center = result.center.id;
    take(boxAt(0, 0, localBox(shortLabel(result.center.label), sizes.get(center) || NODE_MAX)));
    pos.set(center, { x: 0, y: 0, angle: 0 });
    const parent = new Map();
    const depthOf = new Map();
    result.nodes.forEach(function (n) {
      depthOf.set(n.id, n.depth);
    });
    result.edges.forEach(function (e) {
      const ds = depthOf.get(e.source), dt = depthOf.get(e.target);
      if (ds === dt - 1 && !parent.has(e.target)) parent.set(e.target, e.source);
      if (dt === ds - 1 && !parent.has(e.source)) parent.set(e.source, e.target);
    });
    let outer = 0; // the radius the boxes placed so far reach
    for (let depth = 1; depth <= result.depth; depth++) {
      const ring = result.nodes.filter(function (n) {
        return n.depth === depth && sizes.has(n.id);
      });
      if (!ring.length) break;
      ring.sort(function (a, b) {
        const pa = pos.get(parent.get(a.id)), pb = pos.get(parent.get(b.id));
        const aa = pa ? pa.angle : 0, ab = pb ? pb.angle : 0;
        if (depth > 1 && aa !== ab) return aa - ab;
        return String(a.kind).localeCompare(String(b.kind)) || String(a.type).localeCompare(String(b.type)) ||
          String(a.label).localeCompare(String(b.label));
      });
      const boxes = ring.map(function (n) {
        return localBox(shortLabel(n.label), sizes.get(n.id));
      });
      const widest = Math.max.apply(null, boxes.map(function (b) {
        return b.w;
      }));
      const total = boxes.reduce(function (sum, b) {
        return sum + b.w;
      }, 0);
      // the first ring holds them all when it can, else they wrap onto rings further out
      let radius = Math.max(outer + (depth === 1 ? 150 : 90 + widest / 2), Math.min(total / (2 * Math.PI), 420 + outer));
      const start = -Math.PI / 2;
      let angle = start;
      let reach = 0;
      ring.forEach(function (n, i) {
        const box = boxes[i];
        for (let tries = 0; tries < 20000; tries++) {
          const x = radius * Math.cos(angle), y = radius * Math.sin(angle);
          const b = boxAt(x, y, box);
          if (free(b)) {
            take(b);
            pos.set(n.id, { x: x, y: y, angle: angle });
            reach = Math.max(reach, radius + Math.hypot(box.w / 2, box.down));
            angle += box.w / 2 / radius;
            return;
          }
          angle += Math.max(6, box.w / 6) / radius;
          if (angle >= start + 2 * Math.PI) {
            radius += LABEL_H + 12;
            angle = start + (tries % 2 ? 0 : widest / 2 / radius);
          }
        }
      });
      outer = reach;
    }
    return pos;
  }
  const LOCAL_LABEL_CHARS = 24;
  function shortLabel(text) {
    text = String(text).split(/\s+/).join(" ");
    return text.length <= LOCAL_LABEL_CHARS ? text : text.slice(0, LOCAL_LABEL_CHARS - 1) + "…";
  }
  function ringNode(item) {
    if (item.depth === 0) return true;
    const node = byNid.get(item.id);
    return node ? passes(node) : state.kinds.indexOf(item.kind) >= 0;
  }
  function localSize(item, node) {
    return item.depth === 0 ? NODE_MAX + 6 : nodeSize(Math.max(sizeValue(node), 0.25));
  }

  function labelThreshold(px) {
    network.setOptions({ nodes: { scaling: { label: { enabled: false, maxVisible: MAX_LABEL_PX, drawThreshold: px } } } });
  }
  function drawLocal(result, keepView) {
    if (mode !== "local") labelThreshold(LOCAL_MIN_PX);
    mode = "local";
    computeSection();
    localData = result;
    const sizes = new Map();
    for (const n of result.nodes) {
      const node = byNid.get(n.id);
      if (node && ringNode(n)) sizes.set(n.id, localSize(n, node));
    }
    const pos = radialLayout(result, sizes);
    const items = [];
    for (const n of result.nodes) {
      const node = byNid.get(n.id);
      const place = pos.get(n.id);
      if (!node || !place) continue;
      const item = {
        id: node.id, x: place.x, y: place.y, group: node.group, label: shortLabel(n.label),
        size: sizes.get(n.id), font: { size: LOCAL_FONT },
      };
      if (node.title) item.title = node.title;
      const color = colorOf(node);
      if (color) item.color = color;
      items.push(item);
    }
    selectedPairs = [];
    batches = [];
    setNodes(items);
    const edges = [];
    result.edges.forEach(function (e, i) {
      const a = byNid.get(e.source), b = byNid.get(e.target);
      if (!a || !b || !drawn.has(a.id) || !drawn.has(b.id) || !edgePasses(e.weight)) return;
      const name = e.kind === "links_to" ? "links_to" : (styleIndex[e.kind] !== undefined ? e.kind : "other");
      const style = data.edge_styles[styleIndex[name]] || data.edge_styles[0];
      const item = {
        id: "l" + i, from: a.id, to: b.id, width: Math.max(style.width, 0.8),
        color: { color: style.color.color, opacity: Math.min(1, style.color.opacity + 0.35) },
        title: e.why && e.why.text ? e.why.text : e.kind,
      };
      if (style.arrows) item.arrows = style.arrows;
      if (style.dashes) item.dashes = style.dashes;
      edges.push(item);
    });
    drawnEdges.clear();
    drawnEdges.add(edges);
    if (!keepView) network.fit({ animation: false, minZoomLevel: 0.05, maxZoomLevel: 1.6 });
    const center = byNid.get(result.center.id);
    if (center) {
      network.selectNodes([center.id], true);
    }
    showViewBar(result);
    updateLegend();
  }

  function loadLocal(keepView) {
    const token = ++localToken;
    const nid = state.focus;
    const depth = state.depth;
    status("");
    return getJSON("/api/neighbours?node=" + encodeURIComponent(nid) + "&depth=" + depth + "&limit=" + LOCAL_LIMIT)
      .then(function (result) {
        if (token !== localToken) return;
        if (!result.ok) {
          status(result.error || "no such node");
          state.focus = "";
          commit(false);
          drawWhole(false);
          return;
        }
        if (result.center.id !== nid) {
          state.focus = result.center.id; // a name given in the URL
          commit(false);
        }
        drawLocal(result, keepView);
        const center = byNid.get(result.center.id);
        if (center) showDetails(center);
      });
  }

  function render(keepView) {
    updateControls();
    updateExports();
    if (state.focus) return loadLocal(keepView);
    drawWhole(keepView);
    return Promise.resolve();
  }

  // --- the network --------------------------------------------------------------
  const options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    groups: data.groups,
    nodes: {
      borderWidth: 1,
      // no `value` on the nodes: these only set the label threshold and cap
      scaling: { label: { enabled: false, maxVisible: MAX_LABEL_PX, drawThreshold: LABEL_PX } },
    },
    edges: { smooth: false, selectionWidth: 1.5, arrows: { to: { scaleFactor: 0.45 } } },
    interaction: {
      hover: !big,
      tooltipDelay: 150,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      keyboard: false,
      multiselect: false,
    },
  };
  let network = null;
  network = new vis.Network(container, { nodes: drawnNodes, edges: drawnEdges }, options);
  network.on("beforeDrawing", function (ctx) {
    if (mode !== "whole") return;
    const scale = network.getScale();
    ctx.save();
    batches.forEach(function (pairs, i) {
      const style = data.edge_styles[i];
      strokePairs(ctx, pairs, style, scale, false);
      if (selectedPairs[i]) strokePairs(ctx, selectedPairs[i], style, scale, true);
    });
    ctx.restore();
  });
  window.network = network;
  // the full records, for the page's other scripts (live.js) and tests
  window.nlpmapNodes = {
    get: function (arg) {
      if (typeof arg === "number") return data.nodes[arg] || null;
      const filter = arg && arg.filter;
      return data.nodes.filter(function (n) {
        return !filter || filter(n);
      });
    },
    getIds: function (arg) {
      return this.get(arg || {}).map(function (n) {
        return n.id;
      });
    },
    byNid: function (nid) {
      return byNid.get(nid) || null;
    },
  };
  window.nlpmapEdgeCount = data.edges.length;

  // On zooming: cap the labels' fonts at MAX_LABEL_PX on screen; on big maps
  // add the nodes in sight and label those whose labels have become readable.
  let pending = 0;
  function refreshLabels() {
    pending = 0;
    if (mode !== "whole") return;
    const scale = network.getScale();
    const cap = MAX_LABEL_PX / scale;
    const updates = [];
    drawn.forEach(function (id) {
      if (!shownFont[id]) return;
      const size = Math.min(fontSize(shownValue[id]), cap);
      if (Math.abs(size - shownFont[id]) > 0.05 * size) {
        updates.push({ id: id, font: { size: size } });
        shownFont[id] = size;
      }
    });
    const least = ((LABEL_PX - 1) / scale - MIN_LABEL) / (labelMax - MIN_LABEL);
    const corner = network.DOMtoCanvas({ x: 0, y: 0 });
    const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    const inSight = function (node) {
      return node.x >= corner.x && node.x <= far.x && node.y >= corner.y && node.y <= far.y;
    };
    const added = [];
    if (big && scale > view.scale * 1.6) {
      const missing = [];
      for (const node of data.nodes) {
        if (!drawn.has(node.id) && inSight(node) && passes(node)) missing.push(node);
      }
      missing.sort(function (a, b) {
        return b.value - a.value;
      });
      for (const node of missing.slice(0, ADD_PER_ZOOM)) {
        added.push(wholeItem(node));
        drawn.add(node.id);
      }
    }
    if (least <= 1) {
      drawn.forEach(function (id) {
        const node = data.nodes[id];
        if (!shownFont[id] && shownValue[id] >= least && inSight(node)) {
          const size = Math.min(fontSize(shownValue[id]), cap);
          updates.push({ id: id, label: node.label, font: { size: size } });
          shownFont[id] = size;
        }
      });
    }
    if (added.length) {
      drawnNodes.add(added);
      wholeEdges();
    }
    if (updates.length) drawnNodes.update(updates);
  }
  function scheduleLabels() {
    if (!pending) pending = window.setTimeout(refreshLabels, big ? 120 : 30);
  }
  network.on("zoom", scheduleLabels);
  network.on("dragEnd", scheduleLabels);

  // --- the details panel ----------------------------------------------------------
  const details = document.getElementById("details");
  const detailsBody = document.getElementById("details-body");
  let detailsToken = 0;
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function pageLink(item) {
    const url = item.url || (byNid.get(item.id) || {}).url;
    if (!url) return el("span", item.label);
    const a = el("a", item.label);
    a.href = root + url;
    return a;
  }
  function nodeRow(item, extra) {
    const li = el("li");
    li.appendChild(pageLink(item));
    if (extra) li.appendChild(el("span", " " + extra, "muted"));
    return li;
  }
  function listSection(title, items, extra, count) {
    if (!items || !items.length) return null;
    const box = el("section", null, "details-list");
    const more = count && count > items.length ? " (" + items.length + " of " + count + ")" : "";
    box.appendChild(el("h3", title + more));
    const ul = el("ul");
    items.forEach(function (item) {
      ul.appendChild(nodeRow(item, extra ? extra(item) : ""));
    });
    box.appendChild(ul);
    return box;
  }
  function whyTexts(item) {
    if (item.why && item.why.length) {
      return item.why.map(function (w) {
        return w.text;
      });
    }
    return item.reasons || [];
  }
  function relatedSection(result) {
    let items = [];
    if (!result || !result.ok) return null;
    if (Array.isArray(result.items)) items = result.items;
    else items = (result.concepts || []).slice(0, 6).concat((result.articles || []).slice(0, 4));
    if (!items.length) return null;
    const box = el("section", null, "details-list related");
    box.appendChild(el("h3", "Related"));
    const ul = el("ul");
    items.forEach(function (item) {
      const li = el("li");
      li.appendChild(pageLink(item));
      const why = whyTexts(item);
      if (why.length) li.appendChild(el("span", why.join("; "), "why"));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }
  function clearDetails() {
    detailsToken++;
    details.hidden = true;
    while (detailsBody.firstChild) detailsBody.removeChild(detailsBody.firstChild);
  }
  function showDetails(node) {
    const token = ++detailsToken;
    const kind = kindOf(node);
    const askRelated = kind === "concept" || kind === "article";
    Promise.all([
      getJSON("/api/node/" + encodeURIComponent(node.nid) + "?top=8"),
      askRelated ? getJSON("/api/related?top=6&q=" + encodeURIComponent(node.nid)) : Promise.resolve(null),
    ]).then(function (answers) {
      if (token !== detailsToken) return;
      const info = answers[0];
      while (detailsBody.firstChild) detailsBody.removeChild(detailsBody.firstChild);
      if (!info.ok) {
        details.hidden = true;
        return;
      }
      const title = el("h2", null, "details-title");
      title.id = "details-title";
      title.appendChild(pageLink({ id: info.id, label: info.label, url: info.url }));
      detailsBody.appendChild(title);
      detailsBody.appendChild(el("p", info.kind + (info.type && info.type !== info.kind ? " · " + info.type : ""), "muted"));
      if (info.aliases && info.aliases.length) {
        detailsBody.appendChild(el("p", "Also: " + info.aliases.slice(0, 8).join(", "), "aliases"));
      }
      if (info.description) detailsBody.appendChild(el("p", info.description, "description"));
      if (node.c !== undefined) {
        const community = (data.communities || []).find(function (c) {
          return c.id === node.c;
        });
        if (community) detailsBody.appendChild(el("p", "Community: " + community.label, "muted"));
      }
      const actions = el("p", null, "details-actions");
      if (info.url) {
        const open = el("a", "Open page", "button");
        open.id = "details-link";
        open.href = root + info.url;
        actions.appendChild(open);
      }
      if (state.focus !== info.id) {
        const local = el("button", "Local graph");
        local.type = "button";
        local.id = "details-focus";
        local.addEventListener("click", function () {
          focusNode(info.id);
        });
        actions.appendChild(local);
      }
      detailsBody.appendChild(actions);
      const counts = info.counts || {};
      const parts = [
        relatedSection(answers[1]),
        listSection(kind === "concept" ? "Mentioned in" : "Concepts", info.mentions, function (item) {
          return item.salience !== undefined ? "salience " + Number(item.salience).toFixed(2) : "";
        }, counts.mentions),
        listSection("Relations", info.relations, function (item) {
          return item.why && item.why.text ? "— " + item.why.text : "";
        }, counts.relations),
        listSection("Backlinks", info.backlinks, null, counts.backlinks),
        listSection("Links", info.links, null, counts.links),
        listSection("Members", info.members),
      ];
      parts.forEach(function (part) {
        if (part) detailsBody.appendChild(part);
      });
      details.hidden = false;
    });
  }

  network.on("click", function (params) {
    if (!params.nodes.length) return;
    const node = data.nodes[params.nodes[0]];
    selectBatchEdges(params.nodes);
    if (node) showDetails(node);
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    const node = data.nodes[params.nodes[0]];
    if (node) focusNode(node.nid);
  });
  network.on("deselectNode", function () {
    selectBatchEdges([]);
  });

  function focusNode(nid) {
    state.focus = nid;
    commit(true);
    render(false);
  }
  function wholeMap() {
    state.focus = "";
    commit(true);
    clearDetails();
    render(false);
  }

  // --- the view bar, controls and legend ----------------------------------------------
  const viewTitle = document.getElementById("view-title");
  const backButton = document.getElementById("view-back");
  const depthSelect = document.getElementById("view-depth");
  function showViewBar(result) {
    if (mode === "local" && result) {
      const count = drawn.size;
      viewTitle.textContent = "Local graph of " + result.center.label + " · " + count + " nodes" +
        (result.truncated ? " (the most central)" : "");
      backButton.hidden = false;
      depthSelect.parentElement.hidden = false;
    } else {
      viewTitle.textContent = "Whole map · " + drawn.size + " of " + data.nodes.length + " nodes drawn";
      backButton.hidden = true;
      depthSelect.parentElement.hidden = true;
    }
  }
  backButton.addEventListener("click", wholeMap);
  depthSelect.addEventListener("change", function () {
    state.depth = parseInt(depthSelect.value, 10) || 1;
    commit(true);
    render(false);
  });

  const controls = document.getElementById("controls");
  function checkboxList(boxId, values, labels, name) {
    const box = document.getElementById(boxId);
    values.forEach(function (value) {
      const label = el("label", null, "check");
      const input = el("input");
      input.type = "checkbox";
      input.name = name;
      input.value = value;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + labels(value)));
      box.appendChild(label);
    });
  }
  checkboxList("filter-kinds", KINDS, function (k) {
    return { hub: "Hub", section: "Sections", article: "Articles", concept: "Concepts" }[k];
  }, "kinds");
  const presentTypes = TYPE_GROUPS.filter(function (g) {
    return data.legend.some(function (item) {
      return item.group === g;
    });
  });
  checkboxList("filter-types", presentTypes, function (g) {
    return g === "concept" ? "other" : g;
  }, "types");
  const communitySelect = document.getElementById("filter-community");
  (data.communities || []).forEach(function (c) {
    const option = el("option", c.label + " (" + c.size + ")");
    option.value = String(c.id);
    communitySelect.appendChild(option);
  });
  if (!(data.communities || []).length) {
    communitySelect.disabled = true;
    document.getElementById("color-community").disabled = true;
  }
  const sectionSelect = document.getElementById("filter-section");
  data.nodes.filter(function (n) {
    return n.group === "section";
  }).sort(function (a, b) {
    return String(a.label).localeCompare(String(b.label));
  }).forEach(function (n) {
    const option = el("option", n.label);
    option.value = n.nid;
    sectionSelect.appendChild(option);
  });
  const minWeight = document.getElementById("filter-weight");

  function updateControls() {
    controls.querySelectorAll("input[name=kinds]").forEach(function (input) {
      input.checked = state.kinds.indexOf(input.value) >= 0;
    });
    controls.querySelectorAll("input[name=types]").forEach(function (input) {
      input.checked = state.types.indexOf(input.value) >= 0;
    });
    controls.querySelectorAll("input[name=color]").forEach(function (input) {
      input.checked = input.value === state.color;
    });
    controls.querySelectorAll("input[name=size]").forEach(function (input) {
      input.checked = input.value === state.size;
    });
    communitySelect.value = state.community;
    sectionSelect.value = byNid.has(state.section) ? state.section : "";
    minWeight.value = state.minw ? String(state.minw) : "";
    depthSelect.value = String(state.depth);
  }
  controls.addEventListener("change", function (event) {
    const target = event.target;
    const checked = function (name) {
      return Array.prototype.map.call(controls.querySelectorAll("input[name=" + name + "]:checked"), function (i) {
        return i.value;
      });
    };
    if (target.name === "kinds") state.kinds = checked("kinds");
    else if (target.name === "types") {
      // types not offered (absent from this map) keep their setting
      const offered = new Set(presentTypes);
      state.types = state.types.filter(function (t) {
        return !offered.has(t);
      }).concat(checked("types"));
      state.types.sort(function (a, b) {
        return TYPE_GROUPS.indexOf(a) - TYPE_GROUPS.indexOf(b);
      });
    } else if (target.name === "color") state.color = target.value;
    else if (target.name === "size") state.size = target.value;
    else if (target === communitySelect) state.community = communitySelect.value;
    else if (target === sectionSelect) state.section = sectionSelect.value;
    else if (target === minWeight) {
      const value = parseFloat(minWeight.value);
      state.minw = isFinite(value) && value > 0 ? value : 0;
    } else return;
    commit(false);
    if (mode === "local" && localData) {
      updateExports();
      drawLocal(localData, true);
    } else {
      render(true);
    }
  });

  const legendList = document.getElementById("legend-nodes");
  function updateLegend() {
    while (legendList.firstChild) legendList.removeChild(legendList.firstChild);
    const items = [];
    if (state.color === "community" && (data.communities || []).length) {
      data.communities.slice(0, PALETTE.length).forEach(function (c) {
        items.push({ label: c.label, color: communityColor.get(c.id), shape: "dot" });
      });
      if (data.communities.length > PALETTE.length) items.push({ label: "Other communities", color: OTHER_COLOR, shape: "dot" });
    } else {
      data.legend.forEach(function (item) {
        items.push(item);
      });
    }
    items.forEach(function (item) {
      const li = el("li");
      const swatch = el("span", null, "swatch shape-" + item.shape);
      swatch.style.setProperty("--swatch", item.color);
      li.appendChild(swatch);
      li.appendChild(el("span", item.label));
      legendList.appendChild(li);
    });
    document.getElementById("legend-size").textContent =
      "Size: " + (state.size === "degree" ? "degree" : "PageRank") + ". Names by specificity to these notes.";
  }

  // --- exports, physics, PNG ------------------------------------------------------------
  function updateExports() {
    const params = new URLSearchParams();
    const d = defaults();
    if (state.kinds.join() !== d.kinds.join()) params.set("kinds", state.kinds.join(","));
    // only the types this map has (the export refuses others)
    const types = presentTypes.filter(function (t) {
      return state.types.indexOf(t) >= 0;
    });
    if (types.length !== presentTypes.length) params.set("types", types.join(","));
    if (state.minw) params.set("min_weight", String(state.minw));
    if (state.focus) {
      params.set("focus", state.focus);
      params.set("depth", String(state.depth));
    }
    const query = params.toString();
    document.querySelectorAll("a[data-export]").forEach(function (a) {
      a.href = root + "/export/" + a.dataset.export + (query ? "?" + query : "");
    });
  }
  const physicsButton = document.getElementById("physics");
  let physicsOn = false;
  physicsButton.addEventListener("click", function () {
    physicsOn = !physicsOn;
    network.setOptions({
      physics: physicsOn
        ? { enabled: true, solver: "forceAtlas2Based", stabilization: false, timestep: 0.35 }
        : { enabled: false },
    });
    physicsButton.textContent = physicsOn ? "Pause physics" : "Resume physics";
    physicsButton.setAttribute("aria-pressed", physicsOn ? "true" : "false");
  });
  document.getElementById("save-png").addEventListener("click", function () {
    const canvas = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    out.toBlob(function (blob) {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "nlpmap-view.png";
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () {
        URL.revokeObjectURL(a.href);
      }, 1000);
    }, "image/png");
  });

  // --- find -------------------------------------------------------------------------------
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-list");
  const statusBox = document.getElementById("search-status");
  let hits = [];
  let active = -1;
  let searchToken = 0;
  let searchTimer = 0;
  function status(text) {
    statusBox.textContent = text;
  }
  function closeList() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function setActive(i) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, k) {
      option.setAttribute("aria-selected", k === i ? "true" : "false");
    });
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function kindText(item) {
    return item.kind + (item.type && item.type !== item.kind ? " · " + item.type : "");
  }
  function showHits(result) {
    while (list.firstChild) list.removeChild(list.firstChild);
    hits = [];
    const add = function (item, i) {
      const li = el("li", null, "hit");
      li.id = "search-hit-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.appendChild(el("span", item.label, "hit-label"));
      if (item.matched && item.matched !== item.label) li.appendChild(el("span", item.matched, "hit-alias"));
      li.appendChild(el("span", kindText(item), "hit-kind"));
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        pick(i);
      });
      list.appendChild(li);
      hits.push(item);
    };
    result.hits.forEach(function (item) {
      add(item, hits.length);
    });
    if (result.suggestions && result.suggestions.length) {
      const head = el("li", "Did you mean", "hit-head");
      head.setAttribute("role", "presentation");
      list.appendChild(head);
      result.suggestions.forEach(function (item) {
        add(item, hits.length);
      });
    }
    if (!hits.length) {
      const none = el("li", "No match", "hit-head");
      none.setAttribute("role", "presentation");
      list.appendChild(none);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    setActive(result.hits.length ? 0 : -1);
    status(result.hits.length ? result.hits.length + (result.hits.length === 1 ? " match" : " matches") :
      result.suggestions && result.suggestions.length ? "no match; did you mean…" : "no match");
  }
  function runSearch(query) {
    const token = ++searchToken;
    return getJSON("/api/search?top=10&q=" + encodeURIComponent(query)).then(function (result) {
      if (token !== searchToken || !result.ok) return null;
      showHits(result);
      window.nlpmapSearched = query; // the query the list answers (for tests)
      return result;
    });
  }
  function miss() {
    network.unselectAll();
    selectBatchEdges([]);
    network.redraw();
    clearDetails();
  }
  function pick(i) {
    const item = hits[i];
    closeList();
    if (!item) {
      miss();
      return;
    }
    input.value = item.label;
    state.q = item.label;
    status("");
    focusNode(item.id);
  }
  input.addEventListener("input", function () {
    window.clearTimeout(searchTimer);
    const query = input.value.trim();
    if (!query) {
      searchToken++;
      closeList();
      status("");
      return;
    }
    searchTimer = window.setTimeout(function () {
      runSearch(query);
    }, 80);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) {
        if (input.value.trim()) runSearch(input.value.trim());
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive(hits.length ? (active + step + hits.length) % hits.length : -1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      searchToken++;
      input.value = "";
      closeList();
      status("");
      if (state.q) {
        state.q = "";
        commit(false);
      }
    }
  });
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(searchTimer);
    const query = input.value.trim();
    if (!query) return;
    if (!list.hidden && active >= 0) {
      pick(active);
      return;
    }
    runSearch(query).then(function (result) {
      if (!result) return;
      if (result.hits.length) {
        pick(0);
      } else {
        miss(); // the panel never keeps the node of an earlier search
      }
    });
  });
  input.addEventListener("blur", function () {
    window.setTimeout(closeList, 150);
  });
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // --- the phone: sections closed, the panel a bottom sheet --------------------------------
  if (window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll(".sidebar details.fold").forEach(function (fold) {
      fold.open = false;
    });
  }

  // --- start ------------------------------------------------------------------------------
  window.addEventListener("popstate", function () {
    state = readState(window.location.search);
    input.value = state.q;
    clearDetails();
    render(false);
  });
  input.value = state.q;
  // the first stable drawing: the first frame drawn once the view of the URL is complete
  render(false).then(function () {
    performance.mark("nlpmap:network");
    network.once("afterDrawing", function () {
      window.nlpmapFirstDraw = performance.now();
    });
    window.nlpmapReady = true;
    network.redraw();
  });
})();
