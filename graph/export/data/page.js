/* The standalone page of `nlpmap export --format html`: draws #graph-data with the inlined
 * vis-network at the positions the build stored (physics off), finds names and aliases
 * (English or Chinese), shows a node's details. Every text of the map goes into the page as
 * textContent or as a vis-network string (drawn on the canvas, tooltips set as innerText);
 * no HTML is ever built from the data. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const byId = new Map();
  for (const node of data.nodes) {
    byId.set(node.id, node);
  }

  const nodes = new vis.DataSet(
    data.nodes.map(function (node) {
      return { id: node.id, label: node.label, title: node.tooltip, group: node.group,
               x: node.x, y: node.y, value: node.value };
    })
  );
  const edges = new vis.DataSet(
    data.edges.map(function (edge, i) {
      const style = data.edge_styles[edge[2]];
      const item = { id: i, from: edge[0], to: edge[1], color: { color: style.color, opacity: style.opacity },
                     width: style.width };
      if (style.arrows) item.arrows = "to";
      if (style.dashes) item.dashes = [3, 5];
      return item;
    })
  );

  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false,
    layout: { improvedLayout: false },
    groups: data.groups,
    nodes: {
      borderWidth: 1,
      scaling: { min: 4, max: 24, label: { enabled: true, min: 9, max: 22, maxVisible: 18, drawThreshold: 6 } },
      font: { face: "Noto Sans CJK SC, Noto Sans, system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
    },
    edges: { smooth: false, selectionWidth: 1.5, arrows: { to: { scaleFactor: 0.45 } } },
    interaction: { hover: data.nodes.length <= 3000, tooltipDelay: 150, dragNodes: false,
                   hideEdgesOnDrag: data.edges.length > 20000 },
  });
  window.network = network;
  window.nlpmapData = data;

  const details = document.getElementById("details");
  const link = document.getElementById("details-link");
  // the exporter percent-encodes every href; anything else, or a scheme but http(s) and file, is dropped
  function safeHref(href) {
    return /^[\w\-.~%\/!$&'()*+,;=:@]+$/.test(href) &&
      (!/^[a-z][a-z0-9+.-]*:/i.test(href) || /^(https?|file):/i.test(href));
  }

  function show(node) {
    document.getElementById("details-title").textContent = node.name;
    document.getElementById("details-kind").textContent = node.kind + (node.type ? " · " + node.type : "");
    document.getElementById("details-aliases").textContent = node.aliases.length ? "aka " + node.aliases.join(", ") : "";
    const text = [node.description || "", node.path ? "File: " + node.path : ""].filter(Boolean);
    document.getElementById("details-text").textContent = text.join("\n");
    if (node.href && safeHref(node.href)) {
      link.setAttribute("href", node.href);
      link.hidden = false;
    } else {
      link.removeAttribute("href");
      link.hidden = true;
    }
    details.hidden = false;
  }

  network.on("click", function (params) {
    if (params.nodes.length) show(byId.get(params.nodes[0]));
  });

  // Search: whole names and aliases first, then names and aliases holding the query;
  // concepts before the articles and sections of the same name.
  const terms = data.nodes.map(function (node) {
    return [node.name].concat(node.aliases).map(function (t) { return String(t).toLowerCase(); });
  });
  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits = [];
    data.nodes.forEach(function (node, i) {
      const rank = terms[i].indexOf(q) >= 0 ? 0 : terms[i].some(function (t) { return t.indexOf(q) >= 0; }) ? 2 : -1;
      if (rank >= 0) hits.push([rank + (node.kind === "concept" ? 0 : 1), i, node.id]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.map(function (hit) { return hit[2]; });
  }
  window.nlpmapFind = find;

  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    const ids = find(input.value);
    if (!ids.length) {
      status.textContent = "no match";
      network.unselectAll();
      return;
    }
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    network.selectNodes(ids.slice(0, 50), false);
    network.focus(ids[0], { scale: Math.max(network.getScale(), 1.2), animation: false });
    show(byId.get(ids[0]));
  });
})();
