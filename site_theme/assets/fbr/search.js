// The site's search: Pagefind's UI in the dialog of partials/search.html. The bundle (pagefind/)
// is loaded the first time the dialog opens; every later query loads only the index chunks of its
// words. Keyboard: "/" or "s" opens it (as in Material), Escape closes it.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector(".fbr-search");
  if (!toggle || !dialog) return;
  var bundle = new URL(dialog.getAttribute("data-bundle"), document.baseURI);
  var ui = null;
  var HAN_PAIR = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;

  function load(done) {
    if (ui) return done();
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", bundle).href;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = new URL("pagefind-ui.js", bundle).href;
    script.onload = function () {
      ui = new window.PagefindUI({
        element: "#fbr-search",
        bundlePath: bundle.pathname,
        baseUrl: bundle.pathname.replace(/pagefind\/$/, ""),
        showSubResults: false,
        showImages: false,
        resetStyles: false,
        autofocus: true,
        // Han characters are indexed one by one (generator/searchindex.py): query them the same way
        processTerm: function (term) { return term.replace(HAN_PAIR, "$1 "); }
      });
      var box = input();
      if (box) box.id = "fbr-search-input";   // named by the dialog's visible label (partials/search.html)
      done();
    };
    document.head.appendChild(script);
  }

  function input() { return dialog.querySelector("input"); }

  function opened() {
    document.body.classList.add("fbr-searching");
    load(function () { var i = input(); if (i) i.focus(); });
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) opened(); else document.body.classList.remove("fbr-searching");
  });
  document.addEventListener("keydown", function (e) {
    var target = e.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (e.key === "Escape" && toggle.checked) {
      e.stopPropagation();   // Material's own key handling expects its search form: not here
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    } else if (!typing && !toggle.checked && !e.ctrlKey && !e.metaKey && !e.altKey &&
               (e.key === "/" || e.key === "s" || e.key === "S")) {
      e.preventDefault();
      e.stopPropagation();
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }, true);
  var close = dialog.querySelector(".fbr-search__close");
  close.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); close.click(); }
  });
  if (toggle.checked) opened();
})();
