/* nlpmap explorer: draws the graph data of #graph-data with vis-network.
 * Positions come precomputed from the build, so physics stays off and the
 * first frame is the final one. Tooltips are plain strings (vis-network
 * shows them with innerText); no HTML is built from strings here.
 *
 * Speed: vis-network spends most of its start-up on per-node options, so the
 * nodes it gets are lean: a size and a font size computed here (no `value`,
 * whose scaling pass costs more than the rest of a node), and on big graphs
 * a label only for the nodes named at the first view; the others get theirs
 * when zooming in brings them to a readable size. The full records stay in
 * window.nlpmapNodes for the details panel and the search. Only the links are
 * vis-network edges; the many faint edges (mentions, relations, sections) are
 * stroked on the canvas before the nodes, one path per style, so nodes are not
 * draggable (their edges are drawn from the precomputed positions). */
(function () {
  "use strict";

  performance.mark("nlpmap:start");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const root = document.body.dataset.root || "";
  const big = data.nodes.length > 2000;
  const container = document.getElementById("network");

  // Sizes in canvas units from a node's value in [0, 1].
  const LABEL_PX = 10; // smallest label drawn at full strength, in screen pixels
  const MAX_LABEL_PX = 16; // labels never grow past this on screen
  const MIN_LABEL = 10;
  const NODE_MIN = 5;
  const NODE_MAX = 22;
  const labelled = data.labelled_value || 0.5;

  // The first view: every node in sight with a margin (set with moveTo, not
  // vis-network's fit, which would also count the labels' boxes).
  function firstView() {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const node of data.nodes) {
      if (node.x < minX) minX = node.x;
      if (node.x > maxX) maxX = node.x;
      if (node.y < minY) minY = node.y;
      if (node.y > maxY) maxY = node.y;
    }
    if (!data.nodes.length) {
      minX = maxX = minY = maxY = 0;
    }
    const width = Math.max(container.clientWidth, 1);
    const height = Math.max(container.clientHeight, 1);
    const scale = Math.min(width / (1.08 * (maxX - minX) + 60), height / (1.08 * (maxY - minY) + 60), 1.5);
    return { scale: scale, position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 } };
  }
  const view = firstView();

  // Label font sizes: at the first view, nodes valued data.labelled_value or
  // more get labels of LABEL_PX or more on screen, the others smaller.
  const labelMax = Math.max(30, MIN_LABEL + (LABEL_PX / view.scale - MIN_LABEL) / labelled);
  function fontSize(value) {
    return MIN_LABEL + (labelMax - MIN_LABEL) * value;
  }
  function nodeSize(value) {
    return NODE_MIN + (NODE_MAX - NODE_MIN) * value;
  }

  // vis-network fades labels from drawThreshold down to drawThreshold - 1 px
  // and hides smaller ones: every node left unnamed at the first view gets a
  // value at most hiddenValue, whose label is under that band.
  const hiddenValue = ((LABEL_PX - 1.25) / view.scale - MIN_LABEL) / (labelMax - MIN_LABEL);
  function textWidth(text) {
    let em = 0;
    for (const ch of String(text)) {
      em += ch.charCodeAt(0) > 0x2e7f ? 1 : 0.56;
    }
    return em;
  }
  // Of two named nodes whose labels would overlap at the first view, the
  // lower valued one is left for zooming in.
  function declutter() {
    const named = [];
    for (const node of data.nodes) {
      if (node.value >= labelled) {
        named.push(node);
      } else if (hiddenValue > 0 && node.value > hiddenValue) {
        node.value = hiddenValue;
      }
    }
    named.sort(function (a, b) {
      return b.value - a.value || a.id - b.id;
    });
    const s = view.scale;
    const boxes = [];
    for (const node of named) {
      const px = Math.min(fontSize(node.value) * s, MAX_LABEL_PX);
      const half = (textWidth(node.label) * px) / 2 + 2;
      const top = (node.y + nodeSize(node.value)) * s;
      const box = { x0: node.x * s - half, x1: node.x * s + half, y0: top, y1: top + 1.25 * px };
      const hit = boxes.some(function (other) {
        return box.x0 < other.x1 && other.x0 < box.x1 && box.y0 < other.y1 && other.y0 < box.y1;
      });
      if (!hit) {
        boxes.push(box);
      } else if (hiddenValue > 0) {
        node.value = hiddenValue;
      }
    }
  }
  declutter();

  const nodes = new vis.DataSet(data.nodes);
  let lastId = -1;
  for (const node of data.nodes) {
    if (node.id > lastId) lastId = node.id;
  }
  // the font size each node's label has in vis-network (0: no label yet);
  // vis-network 9.1 does not cap drawn labels at maxVisible, so fonts are
  // capped here, at MAX_LABEL_PX on screen, and updated on zooming
  const shownFont = new Float32Array(lastId + 1);
  const withLabel = [];
  const drawnNodes = new vis.DataSet(
    data.nodes.map(function (node) {
      const item = { id: node.id, x: node.x, y: node.y, group: node.group, title: node.title };
      item.size = nodeSize(node.value);
      if (!big || node.value >= labelled) {
        item.label = node.label;
        item.font = { size: Math.min(fontSize(node.value), MAX_LABEL_PX / view.scale) };
        shownFont[node.id] = item.font.size;
        withLabel.push(node);
      }
      return item;
    })
  );
  // Edges: the links are vis-network edges (arrows, few); the faint kinds
  // ("batch" styles) are stroked here, one path per style, under the nodes.
  const position = new Map();
  for (const node of data.nodes) {
    position.set(node.id, node);
  }
  const batches = data.edge_styles.map(function (style) {
    return style.batch ? { style: style, coords: [] } : null;
  });
  const linkEdges = [];
  data.edges.forEach(function (edge, i) {
    const batch = batches[edge[2]];
    if (!batch) {
      const style = data.edge_styles[edge[2]];
      const item = { id: i, from: edge[0], to: edge[1], color: style.color, width: style.width };
      if (style.arrows) item.arrows = style.arrows;
      if (style.dashes) item.dashes = style.dashes;
      linkEdges.push(item);
      return;
    }
    const a = position.get(edge[0]);
    const b = position.get(edge[1]);
    if (a && b) {
      batch.coords.push(a.x, a.y, b.x, b.y);
    }
  });
  for (const batch of batches) {
    if (batch) batch.coords = Float32Array.from(batch.coords);
  }
  const edges = new vis.DataSet(linkEdges);

  function strokeBatch(ctx, coords, style, scale, strong) {
    if (!coords.length) return;
    ctx.beginPath();
    for (let k = 0; k < coords.length; k += 4) {
      ctx.moveTo(coords[k], coords[k + 1]);
      ctx.lineTo(coords[k + 2], coords[k + 3]);
    }
    ctx.strokeStyle = style.color.color;
    ctx.globalAlpha = strong ? 0.9 : style.color.opacity;
    // as vis-network does, never thinner than 0.3 px on screen
    ctx.lineWidth = Math.max(strong ? 2 * style.width : style.width, (strong ? 0.8 : 0.3) / scale);
    ctx.setLineDash(style.dashes && !strong ? style.dashes : []);
    ctx.stroke();
  }

  // the faint edges of the selected nodes, drawn stronger
  let selectedCoords = [];
  function selectBatchEdges(ids) {
    const chosen = new Set(ids);
    selectedCoords = batches.map(function () {
      return [];
    });
    if (!chosen.size) return;
    data.edges.forEach(function (edge) {
      if (batches[edge[2]] && (chosen.has(edge[0]) || chosen.has(edge[1]))) {
        const a = position.get(edge[0]);
        const b = position.get(edge[1]);
        selectedCoords[edge[2]].push(a.x, a.y, b.x, b.y);
      }
    });
  }

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
    edges: {
      smooth: false,
      selectionWidth: 1.5,
      arrows: { to: { scaleFactor: 0.45 } },
    },
    interaction: {
      hover: !big,
      tooltipDelay: 150,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      dragNodes: false, // the faint edges are drawn from the precomputed positions
      keyboard: false,
    },
  };

  const network = new vis.Network(container, { nodes: drawnNodes, edges: edges }, options);
  network.on("beforeDrawing", function (ctx) {
    const scale = network.getScale();
    ctx.save();
    batches.forEach(function (batch, i) {
      if (!batch) return;
      strokeBatch(ctx, batch.coords, batch.style, scale, false);
      if (selectedCoords[i]) strokeBatch(ctx, selectedCoords[i], batch.style, scale, true);
    });
    ctx.restore();
  });
  network.on("select", function (params) {
    selectBatchEdges(params.nodes);
  });
  network.on("deselectNode", function (params) {
    selectBatchEdges(params.nodes);
  });
  network.moveTo({ position: view.position, scale: view.scale, animation: false });
  performance.mark("nlpmap:network");
  window.network = network;
  window.nlpmapNodes = nodes;
  window.nlpmapEdgeCount = data.edges.length;
  network.once("afterDrawing", function () {
    window.nlpmapFirstDraw = performance.now();
  });

  // On zooming: cap the labels' fonts at MAX_LABEL_PX on screen, and on big
  // graphs label the nodes in view whose labels have become readable.
  let pending = 0;
  function refreshLabels() {
    pending = 0;
    const scale = network.getScale();
    const cap = MAX_LABEL_PX / scale;
    const updates = [];
    for (const node of withLabel) {
      const size = Math.min(fontSize(node.value), cap);
      if (Math.abs(size - shownFont[node.id]) > 0.05 * size) {
        updates.push({ id: node.id, font: { size: size } });
        shownFont[node.id] = size;
      }
    }
    const least = ((LABEL_PX - 1) / scale - MIN_LABEL) / (labelMax - MIN_LABEL);
    if (big && least <= 1) {
      const corner = network.DOMtoCanvas({ x: 0, y: 0 });
      const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      for (const node of data.nodes) {
        if (
          !shownFont[node.id] &&
          node.value >= least &&
          node.x >= corner.x && node.x <= far.x &&
          node.y >= corner.y && node.y <= far.y
        ) {
          const size = Math.min(fontSize(node.value), cap);
          updates.push({ id: node.id, label: node.label, font: { size: size } });
          shownFont[node.id] = size;
          withLabel.push(node);
        }
      }
    }
    if (updates.length) {
      drawnNodes.update(updates);
    }
  }
  function scheduleLabels() {
    if (!pending) {
      pending = window.setTimeout(refreshLabels, big ? 120 : 30);
    }
  }
  network.on("zoom", scheduleLabels);
  network.on("dragEnd", scheduleLabels);

  const details = document.getElementById("details");
  const detailsTitle = document.getElementById("details-title");
  const detailsText = document.getElementById("details-text");
  const detailsLink = document.getElementById("details-link");

  function show(node) {
    if (!node) {
      return;
    }
    const lines = String(node.title || node.label).split("\n");
    detailsTitle.textContent = lines[0];
    detailsText.textContent = lines.slice(1).join("\n");
    if (node.url) {
      detailsLink.href = root + node.url;
      detailsLink.hidden = false;
    } else {
      detailsLink.hidden = true;
    }
    details.hidden = false;
  }

  network.on("hoverNode", function (params) {
    show(nodes.get(params.node));
  });

  network.on("click", function (params) {
    if (!params.nodes.length) {
      return;
    }
    const node = nodes.get(params.nodes[0]);
    if (node && node.url) {
      window.location.assign(root + node.url);
    } else {
      show(node);
    }
  });

  const form = document.getElementById("search");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");

  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) {
      return [];
    }
    const exact = [];
    const partial = [];
    nodes.forEach(function (node) {
      const label = String(node.title || node.label).split("\n")[0].toLowerCase();
      const terms = String(node.terms || "").toLowerCase();
      if (label === q || terms.split(" | ").indexOf(q) >= 0) {
        exact.push(node.id);
      } else if (label.indexOf(q) >= 0 || terms.indexOf(q) >= 0) {
        partial.push(node.id);
      }
    });
    return exact.concat(partial);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const ids = find(input.value);
    if (!ids.length) {
      status.textContent = "no match";
      network.unselectAll();
      selectBatchEdges([]);
      network.redraw();
      return;
    }
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    network.selectNodes(ids.slice(0, 50), false);
    selectBatchEdges(ids.slice(0, 50));
    network.focus(ids[0], { scale: Math.max(network.getScale(), 1.1), animation: false });
    refreshLabels();
    show(nodes.get(ids[0]));
  });
})();
