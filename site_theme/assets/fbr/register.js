/* The register site's one script. Pages work without it; with it:
 *  - the ledger gets filters (department, status, category, severity, year, text) and sortable
 *    columns over the whole register (all pages), read from register/rows.json;
 *  - the overdue page is re-checked against the reader's clock from overdue/deadlines.json.
 * Every value from the register is untrusted: it is only ever set with textContent. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  /* ------------------------------------------------------------------ ledger */
  var COLUMNS = ["n", "id", "received", "channel", "category", "title", "department", "severity", "deadline",
                 "status", "closed"];
  var FILTERS = ["department", "status", "category", "severity", "year"];
  var SHOWN_MAX = 1000;

  function ledger(table) {
    var form = table.closest("article, .md-content").querySelector("form.fbr-filter");
    if (!form) return;
    var labels = JSON.parse(table.getAttribute("data-labels") || "{}");
    var prefix = table.getAttribute("data-prefix") || "";
    var tbody = table.tBodies[0];
    var original = tbody.cloneNode(true);
    var pager = document.querySelector(".fbr-pages");
    var count = form.querySelector(".fbr-count");
    var rows = null;       // the whole register, once loaded
    var loading = null;
    var sort = null;       // {key, dir}

    function fromPage() {  // fallback when rows.json cannot be fetched (e.g. opened from disk)
      return Array.prototype.map.call(original.rows, function (tr) {
        var c = tr.cells, r = { codes: {} };
        COLUMNS.forEach(function (k, i) { r[k] = c[i] ? c[i].textContent : ""; });
        FILTERS.forEach(function (k) { r.codes[k] = tr.getAttribute("data-" + k) || ""; });
        r.codes.open = ["new", "assigned", "in-progress", "on-hold", "verifying"].indexOf(r.codes.status) >= 0;
        r.overdue = !!tr.querySelector(".fbr-overdue");
        return r;
      });
    }

    function load() {
      if (rows) return Promise.resolve(rows);
      if (!loading) {
        count.textContent = labels.loading || "…";
        loading = getJSON(table.getAttribute("data-rows")).then(function (data) {
          rows = data.rows.map(function (r, i) { r.n = String(i + 1); return r; });
          return rows;
        }).catch(function () { rows = fromPage(); return rows; });
      }
      return loading;
    }

    function state() {
      var s = { q: form.elements.q.value.trim().toLowerCase() };
      FILTERS.forEach(function (k) { s[k] = form.elements[k].value; });
      return s;
    }

    function active(s) {
      return !!(s.q || FILTERS.some(function (k) { return s[k]; }) || sort);
    }

    function matches(r, s) {
      for (var i = 0; i < FILTERS.length; i++) {
        var k = FILTERS[i], want = s[k];
        if (!want) continue;
        if (k === "status" && want === "open") { if (!r.codes.open) return false; }
        else if (String(r.codes[k]) !== want) return false;
      }
      if (s.q) {
        var hay = [r.id, r.title, r.department, r.channel, r.category, r.status].join(" ").toLowerCase();
        return s.q.split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0; });
      }
      return true;
    }

    function row(r) {
      var tr = el("tr");
      COLUMNS.forEach(function (k) {
        var td = el("td");
        if (k === "id") td.appendChild(el("a", { href: prefix + "items/" + encodeURIComponent(r.id) + "/" }, r.id));
        else if (k === "deadline") td.appendChild(el("span", r.overdue ? { "class": "fbr-overdue" } : {}, r.deadline));
        else if (k === "status") td.appendChild(el("span", { "class": "fbr-status fbr-status-" + r.codes.status }, r.status));
        else if (k === "title") td.appendChild(el("span", { "class": "fbr-t" }, r.title));
        else td.textContent = r[k] || "";
        tr.appendChild(td);
      });
      return tr;
    }

    function syncURL(s) {
      var params = new URLSearchParams();
      if (s.q) params.set("q", form.elements.q.value.trim());
      FILTERS.forEach(function (k) { if (s[k]) params.set(k, s[k]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function apply() {
      var s = state();
      syncURL(s);
      if (!active(s)) {
        tbody.replaceWith(original.cloneNode(true));
        tbody = table.tBodies[0];
        if (pager) pager.hidden = false;
        count.textContent = "";
        return Promise.resolve();
      }
      return load().then(function (all) {
        var found = all.filter(function (r) { return matches(r, s); });
        if (sort) {
          var k = sort.key, d = sort.dir;
          found = found.slice().sort(function (a, b) {
            var x = k === "n" ? Number(a.n) : a[k] || "", y = k === "n" ? Number(b.n) : b[k] || "";
            return (x < y ? -1 : x > y ? 1 : 0) * d || (Number(a.n) - Number(b.n));
          });
        }
        var body = el("tbody");
        found.slice(0, SHOWN_MAX).forEach(function (r) { body.appendChild(row(r)); });
        tbody.replaceWith(body);
        tbody = body;
        if (pager) pager.hidden = true;
        count.textContent = (labels.matching || "{n}").replace("{n}", found.length) +
          (found.length > SHOWN_MAX ? " (" + SHOWN_MAX + ")" : "");
      });
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = el("button", { type: "button", "class": "fbr-sort", title: labels.sort_by || "" });
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = COLUMNS[i];
        sort = sort && sort.key === key ? { key: key, dir: -sort.dir } : { key: key, dir: 1 };
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
        apply();
      });
    });

    var params = new URLSearchParams(location.search);
    if (params.get("q")) form.elements.q.value = params.get("q");
    FILTERS.forEach(function (k) {
      var v = params.get(k), select = form.elements[k];
      if (v && Array.prototype.some.call(select.options, function (o) { return o.value === v; })) select.value = v;
    });
    var timer = null;
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () {
      sort = null;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
      setTimeout(apply, 0);
    });
    form.hidden = false;
    if (active(state())) apply();
  }

  /* ------------------------------------------------------------------ overdue */
  function hours(h) { return h >= 48 ? (h / 24).toFixed(1) + " d" : h.toFixed(1) + " h"; }

  function overdue(box) {
    var note = document.querySelector(".fbr-recheck");
    var prefix = box.getAttribute("data-prefix") || "";
    getJSON(box.getAttribute("data-deadlines")).then(function (data) {
      var now = Date.now();
      if (now <= Date.parse(data.as_of)) return;   // the build is newer than the reader's clock
      var L = data.labels, groups = [], rows = [], oldest = {};
      data.deadlines.forEach(function (d) {          // each item's oldest breached deadline sets its level
        var due = Date.parse(d.due);
        if (now > due && (!oldest[d.id] || due < Date.parse(oldest[d.id].due))) oldest[d.id] = d;
      });
      data.deadlines.forEach(function (d) {          // in the list's order: by department, oldest due first
        var due = Date.parse(d.due);
        if (now <= due) return;
        var level = "";
        oldest[d.id].levels.forEach(function (l) { if (now >= Date.parse(l[0])) level = l[1]; });
        rows.push({ d: d, hours: (now - due) / 3600000, level: level });
      });
      // a page of a long list shows its share of the rows; the last page also any the reader's clock added
      var start = parseInt(box.getAttribute("data-start") || "0", 10);
      var size = box.hasAttribute("data-size") ? parseInt(box.getAttribute("data-size"), 10) : rows.length;
      rows = rows.slice(start, box.hasAttribute("data-last") || !box.hasAttribute("data-size") ? undefined : start + size);
      rows.forEach(function (r) {
        var g = groups[groups.length - 1];
        if (!g || g.department !== r.d.department) groups.push(g = { department: r.d.department, name: r.d.department_name, rows: [] });
        g.rows.push(r);
      });
      var frag = document.createDocumentFragment();
      if (!groups.length) frag.appendChild(el("p", {}, L.no_overdue));
      groups.forEach(function (g) {
        frag.appendChild(el("h2", { id: "dept-" + (g.department || "none") }, g.name));
        var table = el("table", { "class": "fbr-table fbr-breaches" });
        var head = el("tr");
        ["id", "title", "milestone", "due", "overdue_for", "escalation", "reminders"].forEach(function (k) {
          head.appendChild(el("th", { scope: "col" }, L[k]));
        });
        table.appendChild(el("thead")).appendChild(head);
        var body = table.appendChild(el("tbody"));
        g.rows.forEach(function (r) {
          var tr = body.appendChild(el("tr"));
          tr.appendChild(el("td")).appendChild(el("a", { href: prefix + "items/" + encodeURIComponent(r.d.id) + "/" }, r.d.id));
          tr.appendChild(el("td")).appendChild(el("span", { "class": "fbr-t" }, r.d.title));
          [r.d.milestone, r.d.due_text, hours(r.hours), r.level, String(r.d.reminders || 0)].forEach(function (v) {
            tr.appendChild(el("td", {}, v));
          });
        });
        frag.appendChild(table);
      });
      box.replaceChildren(frag);
      if (note) {
        var when = new Date(now);
        note.textContent = L.rechecked + ": " + when.toLocaleString(document.documentElement.lang || undefined,
          { timeZone: data.timezone, hour12: false }) + " (" + data.timezone + ")";
        note.hidden = false;
      }
    }).catch(function () { /* the page as built stays */ });
  }

  function start() {
    document.querySelectorAll("table.fbr-ledger[data-rows]").forEach(ledger);
    document.querySelectorAll(".fbr-overdue-list[data-deadlines]").forEach(overdue);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
