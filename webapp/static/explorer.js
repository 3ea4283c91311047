/* nlpmap explorer: draws the graph data of #graph-data with vis-network.
 * Positions come precomputed from the build, so physics stays off and the
 * first frame is the final one. Tooltips are plain strings (vis-network
 * shows them with innerText); no HTML is built from strings here. */
(function () {
  "use strict";

  performance.mark("nlpmap:start");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const root = document.body.dataset.root || "";
  const big = data.nodes.length > 2000;

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(
    data.edges.map(function (edge, i) {
      const style = data.edge_styles[edge[2]];
      return { id: i, from: edge[0], to: edge[1], color: style.color, width: style.width, arrows: style.arrows };
    })
  );

  const options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    groups: data.groups,
    nodes: {
      borderWidth: 1,
      scaling: {
        min: 4,
        max: 28,
        label: { enabled: true, min: 9, max: 30, maxVisible: 20, drawThreshold: 8 },
      },
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
      keyboard: false,
    },
  };

  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  performance.mark("nlpmap:network");
  window.network = network;
  window.nlpmapNodes = nodes;
  network.once("afterDrawing", function () {
    window.nlpmapFirstDraw = performance.now();
  });

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
      return;
    }
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    network.selectNodes(ids.slice(0, 50), false);
    network.focus(ids[0], { scale: Math.max(network.getScale(), 1.1), animation: false });
    show(nodes.get(ids[0]));
  });
})();
