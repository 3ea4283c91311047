/* nlpmap concept page: the small local graph of #local-graph-data drawn with vis-network.
 * Positions come from the server (the concept in the middle, its neighbours on a circle), so
 * physics stays off; a click on a node opens its page. Labels are plain strings. */
(function () {
  "use strict";

  const holder = document.getElementById("local-graph");
  const source = document.getElementById("local-graph-data");
  if (!holder || !source || typeof vis === "undefined") return;
  const data = JSON.parse(source.textContent);
  const COLOURS = {
    model: "#f97316", method: "#10b981", architecture: "#8b5cf6", task: "#ef4444", loss: "#a16207",
    metric: "#ec4899", dataset: "#14b8a6", concept: "#ca8a04", candidate: "#64748b",
  };
  const EDGES = {
    relation: { color: { color: "#f97316", opacity: 0.75 }, width: 1.6 },
    related: { color: { color: "#94a3b8", opacity: 0.9 }, width: 1.2, dashes: [4, 4] },
    between: { color: { color: "#fdba74", opacity: 0.5 }, width: 1 },
  };
  const nodes = data.nodes.map(function (n, i) {
    const colour = n.center ? "#111827" : (COLOURS[n.type] || COLOURS.concept);
    return {
      id: i,
      label: n.label.length > 18 ? n.label.slice(0, 17) + "…" : n.label,
      title: n.label + " · " + n.type,
      x: n.x, y: n.y,
      shape: "dot",
      size: n.center ? 12 : 7,
      color: { background: colour, border: "#ffffff", highlight: { background: colour, border: "#2563eb" } },
      font: { face: "Noto Sans CJK SC, Noto Sans, system-ui, sans-serif", size: n.center ? 26 : 22,
              color: "#111827", strokeWidth: 3, strokeColor: "#ffffff", bold: n.center },
      url: n.url,
    };
  });
  const index = {};
  data.nodes.forEach(function (n, i) { index[n.id] = i; });
  const edges = data.edges.map(function (e) {
    return Object.assign({ from: index[e.source], to: index[e.target], smooth: false }, EDGES[e.kind] || EDGES.related);
  });
  const network = new vis.Network(holder, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
    physics: false,
    interaction: { hover: true, dragNodes: false, zoomView: false, dragView: false, tooltipDelay: 150 },
    nodes: { borderWidth: 2 },
  });
  network.once("afterDrawing", function () {
    network.fit({ animation: false });
    window.nlpmapLocalGraph = network;
  });
  network.on("click", function (event) {
    if (event.nodes.length) {
      const node = data.nodes[event.nodes[0]];
      if (node.url && !node.center) window.location.assign((document.body.dataset.root || "") + node.url);
    }
  });
  network.on("hoverNode", function () { holder.style.cursor = "pointer"; });
  network.on("blurNode", function () { holder.style.cursor = "default"; });
})();
