/* nlpmap live reload (`nlpmap serve --watch`), apart from explorer.js (owned by the
 * explorer's author: this file only reads window.network, set there, and never changes
 * its code). Polls /api/live; when the served graph's version changes, it keeps the
 * reader's view (position, zoom, selected nodes, search text) in sessionStorage, reloads
 * the page, and puts the view back once explorer.js has drawn the new graph. A failed
 * rebuild shows its error in a banner; the page keeps the last good graph. */
(function () {
  "use strict";

  const root = document.body.dataset.root || "";
  const KEY = "nlpmap:live-view";
  const POLL_MS = 1000;
  let version = null;

  function banner(text) {
    let box = document.getElementById("live-error");
    if (!text) {
      if (box) {
        box.hidden = true;
      }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "live-error";
      box.className = "live-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:10;padding:6px 12px;" +
        "background:#fde8e8;color:#8a1c1c;border-bottom:1px solid #e0a0a0;font:13px sans-serif";
      document.body.prepend(box);
    }
    box.textContent = "Rebuild failed, showing the last good graph: " + text;
    box.hidden = false;
  }

  // Node ids are positions in the drawing data and change with the graph: a node is
  // recognised by its page URL (articles, concepts, the hub), else its label.
  function nodeKey(id) {
    const node = window.nlpmapNodes && window.nlpmapNodes.get(id);
    return node ? node.url || node.group + ":" + node.label : "";
  }

  function saveView() {
    const network = window.network;
    if (!network) {
      return;
    }
    const search = document.getElementById("search-input");
    sessionStorage.setItem(KEY, JSON.stringify({
      position: network.getViewPosition(),
      scale: network.getScale(),
      selected: network.getSelectedNodes().map(nodeKey),
      search: search ? search.value : "",
    }));
  }

  function restoreView() {
    const saved = sessionStorage.getItem(KEY);
    const network = window.network;
    if (!saved || !network) {
      return;
    }
    sessionStorage.removeItem(KEY);
    const view = JSON.parse(saved);
    network.moveTo({ position: view.position, scale: view.scale });
    const wanted = new Set(view.selected);
    const known = window.nlpmapNodes ? window.nlpmapNodes.getIds({
      filter: function (node) { return wanted.has(nodeKey(node.id)); },
    }) : [];
    if (known.length) {
      network.selectNodes(known);
    }
    const search = document.getElementById("search-input");
    if (search && view.search) {
      search.value = view.search;
    }
    network.emit("zoom", { scale: view.scale }); // explorer.js sizes the labels on zoom
    window.nlpmapLiveRestored = view;
  }

  function poll() {
    fetch(root + "/api/live", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (version === null) {
          version = state.version;
        } else if (state.version !== version) {
          saveView();
          window.location.reload();
          return;
        }
        window.nlpmapLiveVersion = version;
        banner(state.error);
      })
      .catch(function () { /* the server restarts: try again */ })
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }

  restoreView();
  poll();
})();
