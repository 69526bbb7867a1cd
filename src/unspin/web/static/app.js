// unspin web app: the little behaviour the server-rendered pages need. No inline handlers
// (the CSP forbids them); text from the page is shown with textContent only.
(function () {
  "use strict";
  // Facet menus submit their form when changed.
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Map markers: a tooltip with the marker's <title> text, shown on hover or focus.
  var tip = document.createElement("div");
  tip.id = "map-tip";
  document.body.appendChild(tip);
  document.querySelectorAll("svg.worldmap .place, svg.worldmap .event").forEach(function (mark) {
    var title = mark.querySelector("title");
    if (!title) { return; }
    mark.addEventListener("mouseenter", function (ev) {
      tip.textContent = title.textContent;
      tip.style.display = "block";
      tip.style.left = (ev.clientX + 12) + "px";
      tip.style.top = (ev.clientY + 12) + "px";
      mark.classList.add("hover");
    });
    mark.addEventListener("mouseleave", function () {
      tip.style.display = "none";
      mark.classList.remove("hover");
    });
  });
  document.documentElement.setAttribute("data-unspin-js", "ready");
}());
