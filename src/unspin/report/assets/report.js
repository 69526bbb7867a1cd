// unspin HTML report: layer toggles and the technique popover. Builds DOM nodes with
// textContent only, so no article text is ever parsed as HTML.
(function () {
  "use strict";
  var data = {};
  document.querySelectorAll("script.unspin-data").forEach(function (node) {
    data[node.getAttribute("data-article")] = JSON.parse(node.textContent);
  });
  var pop = document.createElement("div");
  pop.id = "unspin-pop";
  pop.setAttribute("role", "tooltip");
  document.body.appendChild(pop);
  var pinned = null;

  function show(seg) {
    var article = seg.closest("article.report");
    var notes = data[article.getAttribute("data-article")] || {};
    var shown = article.className;
    pop.textContent = "";
    var count = 0;
    seg.getAttribute("data-a").split(" ").forEach(function (key) {
      var note = notes[key];
      if (!note || shown.indexOf("show-" + note.layer) < 0) { return; }
      var item = document.createElement("div");
      item.className = "item";
      var head = document.createElement("div");
      head.className = "head";
      head.textContent = note.title;
      if (note.confidence !== null && note.confidence !== undefined) {
        var conf = document.createElement("span");
        conf.className = "conf";
        conf.textContent = " · " + Math.round(note.confidence * 100) + " %";
        head.appendChild(conf);
      }
      item.appendChild(head);
      if (note.body) {
        var body = document.createElement("div");
        body.className = "explanation";
        body.textContent = note.body;
        item.appendChild(body);
      }
      pop.appendChild(item);
      count += 1;
    });
    if (!count) { hide(); return; }
    var box = seg.getBoundingClientRect();
    pop.classList.add("open");
    pop.style.left = Math.max(4, window.scrollX + box.left) + "px";
    pop.style.top = (window.scrollY + box.bottom + 6) + "px";
  }
  function hide() { pop.classList.remove("open"); }

  document.addEventListener("mouseover", function (ev) {
    var seg = ev.target.closest ? ev.target.closest(".seg[data-a], .badge[data-a]") : null;
    if (seg && !pinned) { show(seg); }
  });
  document.addEventListener("mouseout", function (ev) {
    var seg = ev.target.closest ? ev.target.closest(".seg[data-a], .badge[data-a]") : null;
    if (seg && !pinned) { hide(); }
  });
  document.addEventListener("click", function (ev) {
    var seg = ev.target.closest ? ev.target.closest(".seg[data-a], .badge[data-a]") : null;
    if (seg) { pinned = seg; show(seg); ev.stopPropagation(); }
    else if (!pop.contains(ev.target)) { pinned = null; hide(); }
  });
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches && ev.target.matches(".seg[data-a], .badge[data-a]")) { show(ev.target); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { pinned = null; hide(); }
  });
  document.querySelectorAll("input.toggle").forEach(function (box) {
    box.addEventListener("change", function () {
      var article = box.closest("article.report");
      article.classList.toggle("show-" + box.getAttribute("data-layer"), box.checked);
      if (pinned) { pinned = null; hide(); }
    });
  });
})();
