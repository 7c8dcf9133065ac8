// The site's search dialog (partials/search.html). The work happens in a worker
// (search-worker.js, over Pagefind's index in pagefind/), started when the dialog opens, or ahead of
// time when the pointer reaches the search button or it gets the focus; results are rendered as
// text (textContent), never as HTML. Keyboard: "/" or "s" opens it (as in Material), Escape closes it.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector(".fbr-search");
  if (!toggle || !dialog) return;
  var bundle = new URL(dialog.getAttribute("data-bundle"), document.baseURI).href;
  var workerUrl = new URL(dialog.getAttribute("data-worker"), document.baseURI).href;
  var labels = JSON.parse(dialog.getAttribute("data-labels") || "{}");
  var box = dialog.querySelector(".fbr-search__input");
  var list = dialog.querySelector(".fbr-search__results");
  var message = dialog.querySelector(".fbr-search__message");
  var more = dialog.querySelector(".fbr-search__more");
  var worker = null, seq = 0;

  function start() {
    if (worker) return;
    try {
      worker = new Worker(workerUrl, { type: "module" });
    } catch (err) {
      message.textContent = labels.error || "";
      return;
    }
    worker.onmessage = function (e) { answered(e.data); };
    worker.postMessage({ type: "warm", bundle: bundle });
  }

  function ask(page) {
    var query = box.value.trim();
    seq += 1;
    if (!query) { list.textContent = ""; message.textContent = ""; more.hidden = true; return; }
    start();
    if (!worker) return;
    if (!page) message.textContent = labels.loading || "";
    worker.postMessage({ type: "search", bundle: bundle, seq: seq, query: query, page: page || 0 });
  }

  function count(n) {
    var text = n === 0 ? labels.none : n === 1 ? labels.one : labels.other;
    return (text || "").replace("#", String(n));
  }

  function answered(data) {
    if (data.seq !== seq) return;     // typed on since
    if (data.type === "error") { message.textContent = labels.error || data.message; return; }
    if (!data.page && !data.offset) list.textContent = "";   // a new query (not the rest of its first page)
    message.textContent = count(data.total) + " · " + data.query;
    data.results.forEach(function (r) {
      var item = document.createElement("li");
      item.className = "fbr-search__result";
      var link = document.createElement("a");
      link.className = "fbr-search__link";
      link.href = r.url;
      link.textContent = r.title;
      var excerpt = document.createElement("p");
      excerpt.className = "fbr-search__excerpt";
      r.excerpt.forEach(function (part) {
        var node = part[1] ? document.createElement("mark") : document.createTextNode(part[0]);
        if (part[1]) node.textContent = part[0];
        excerpt.appendChild(node);
      });
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    if (data.partial) return;
    more.hidden = !data.more;
    more.textContent = (labels.more || "").replace("#", String(data.total - list.children.length));
    more.onclick = function () { more.hidden = true; ask((data.page || 0) + 1); };
  }

  function opened() {
    document.body.classList.add("fbr-searching");
    start();
    box.focus();
  }

  box.addEventListener("input", function () { ask(0); });
  dialog.querySelector(".fbr-search__form").addEventListener("submit", function (e) { e.preventDefault(); ask(0); });
  document.querySelectorAll('label[for="__search"]').forEach(function (button) {
    button.addEventListener("pointerenter", start, { once: true });
    button.addEventListener("focus", start, { once: true });
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) opened(); else document.body.classList.remove("fbr-searching");
  });
  document.addEventListener("keydown", function (e) {
    var target = e.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (e.key === "Escape" && toggle.checked) {
      e.stopPropagation();   // Material's own key handling expects its search form: not here
      e.preventDefault();    // a search box clears itself on Escape: the query stays for the next opening
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
