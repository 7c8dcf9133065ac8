/* The submit page's script (/submit/): the form for staff who do not use git.
 *
 * It writes the new item's file exactly as `fbreg new` does (same field order, the next id after
 * the published register's highest of that year, the folder of the month of receipt, `received`
 * with the register's UTC offset worked out with Intl for its IANA zone, daylight saving included),
 * checks the fields against the register's rules where that is cheap, and hands the file to the
 * repository's "new file" page (GitHub, Gitea/Forgejo: pre-filled through its address) or offers it
 * to copy and download.
 *
 * The configuration (lists, labels, limits, the repository) comes from the register and is
 * untrusted: it is read from a JSON script element and only ever shown with textContent. Every
 * free-text value goes into the file as a JSON-style double-quoted YAML scalar, and the
 * description as a literal block (`|`) of lines from which every character YAML cannot carry
 * has been removed: nothing typed into the form can become YAML structure. */
(function () {
  "use strict";

  var form = document.getElementById("fbr-submit-form");
  var source = document.getElementById("fbr-submit-config");
  if (!form || !source) return;
  var C;
  try { C = JSON.parse(source.textContent); } catch (e) { return; }
  var M = C.messages || {}, L = C.limits || {}, F = C.fields || {}, O = C.options || {}, HOST = C.host || {};
  var ORDER = ["title", "description", "category", "severity", "channel", "received", "location",
               "reporter_type", "ref", "department", "tags"];
  var FUTURE_SLACK = 5 * 60 * 1000;        // the reader's clock may be a little off

  function $(id) { return document.getElementById(id); }
  function control(name) { return form.elements.namedItem(name); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function msg(key, values) {
    var text = String(M[key] || key);
    return text.replace(/\{(\w+)\}/g, function (whole, k) {
      return values && Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : whole;
    });
  }

  function pad(n, width) {
    n = String(n);
    while (n.length < (width || 2)) n = "0" + n;
    return n;
  }

  /* ------------------------------------------------------------ the register's clock */
  var zone;
  try {
    zone = new Intl.DateTimeFormat("en-US", {
      timeZone: C.timezone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    });
  } catch (e) {
    return;    // a zone this browser does not know: leave the page as it is without the script
  }

  function wallAt(ms) {             // [y, mo, d, h, mi, s] on the register's clock at instant ms
    var p = {};
    zone.formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return [+p.year, +p.month, +p.day, (+p.hour) % 24, +p.minute, +p.second];
  }

  function utcOf(w) { return Date.UTC(w[0], w[1] - 1, w[2], w[3], w[4], w[5] || 0); }

  function offsetAt(ms) {           // the zone's UTC offset at instant ms, in ms
    var s = Math.floor(ms / 1000) * 1000;
    return utcOf(wallAt(s)) - s;
  }

  /* The instant of a wall-clock time in the register's zone, and its offset. Like Python's
   * zoneinfo (fold=0): a time that happens twice (clocks going back) is the first of the two;
   * a time the clocks skipped is read with the offset before the change. */
  function zoned(w) {
    var guess = utcOf(w), day = 86400000, found = [];
    [offsetAt(guess - day), offsetAt(guess), offsetAt(guess + day)].forEach(function (off) {
      var ms = guess - off;
      if (utcOf(wallAt(ms)) === guess && found.indexOf(ms) < 0) found.push(ms);
    });
    if (found.length) {
      var first = Math.min.apply(null, found);
      return { ms: first, offset: guess - first };
    }
    var before = offsetAt(guess - day);
    return { ms: guess - before, offset: before };
  }

  function isoWithOffset(w, offset) {
    var minutes = Math.round(Math.abs(offset) / 60000);
    return pad(w[0], 4) + "-" + pad(w[1]) + "-" + pad(w[2]) + "T" + pad(w[3]) + ":" + pad(w[4]) + ":" +
      pad(w[5] || 0) + (offset < 0 ? "-" : "+") + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function inputValue(w) {          // the datetime-local form of a wall-clock time
    return pad(w[0], 4) + "-" + pad(w[1]) + "-" + pad(w[2]) + "T" + pad(w[3]) + ":" + pad(w[4]);
  }

  function readReceived(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value || "");
    if (!m) return null;
    var w = m.slice(1, 7).map(function (x) { return x ? +x : 0; });
    if (w[0] < 1970 || w[1] < 1 || w[1] > 12 || w[2] < 1 || w[3] > 23 || w[4] > 59 || w[5] > 59) return null;
    if (new Date(utcOf(w)).getUTCDate() !== w[2]) return null;     // 31 February
    var z = zoned(w);
    return { wall: w, ms: z.ms, iso: isoWithOffset(w, z.offset) };
  }

  /* ------------------------------------------------------------ text into YAML */
  var INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;   // as the validator refuses
  var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;  // YAML cannot carry them
  var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

  function stripLoneSurrogates(s) {
    if (!LONE_SURROGATE.test(s)) return s;
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        var next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) { out += s[i] + s[i + 1]; i++; }
      } else if (!(c >= 0xdc00 && c <= 0xdfff)) {
        out += s[i];
      }
    }
    return out;
  }

  function clean(s, multiline) {
    s = stripLoneSurrogates(String(s || "")).replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n")
      .replace(INVISIBLE, "").replace(CONTROL, "");
    if (!multiline) s = s.replace(/[\n\t]+/g, " ");
    return s.trim();
  }

  function length(s) { return Array.from(s).length; }     // characters, as the schema counts them

  function quoted(s) {              // a JSON string is a YAML double-quoted scalar; escape what YAML reads differently
    return JSON.stringify(String(s)).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return "\\u" + pad(c.charCodeAt(0).toString(16), 4);
    });
  }

  var PLAIN = /^[a-z][a-z0-9-]*$/, WORDS = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
  function code(v) { return PLAIN.test(v) && WORDS.indexOf(v) < 0 ? v : quoted(v); }

  function literal(text) {          // the description as a literal block, indented two spaces
    return text.split("\n").map(function (line) { return line ? "  " + line : ""; }).join("\n");
  }

  function known(list, value) {
    return (O[list] || []).some(function (o) { return o[0] === value; });
  }

  function label(list, value) {
    var found = (O[list] || []).filter(function (o) { return o[0] === value; })[0];
    return found ? found[1] : value;
  }

  /* ------------------------------------------------------------ the form's state */
  function tagsOf(text) {
    var seen = [];
    String(text || "").split(/[,，、;；\n]+/).forEach(function (t) {
      t = clean(t, false);
      if (t && seen.indexOf(t) < 0) seen.push(t);
    });
    return seen;
  }

  function nextId(year) {
    var highest = (C.highest && C.highest[String(year)]) || 0;
    var n = highest + 1;
    if (!/^[A-Z][A-Z0-9]{0,9}$/.test(C.prefix || "") || n > 999999) return "";
    return C.prefix + "-" + pad(year, 4) + "-" + pad(n, 4);
  }

  function read() {
    var raw = {};
    ORDER.concat(["anonymous"]).forEach(function (n) {
      var c = control(n);
      raw[n] = !c ? "" : c.type === "checkbox" ? c.checked : c.value;
    });
    var v = {
      title: clean(raw.title, false), description: clean(raw.description, true),
      category: raw.category, severity: raw.severity, channel: raw.channel,
      received: readReceived(raw.received), location: clean(raw.location, false),
      reporter_type: raw.reporter_type, anonymous: !!raw.anonymous, ref: clean(raw.ref, false),
      department: raw.department, tags: tagsOf(raw.tags)
    };
    var w = v.received && v.received.wall;
    v.id = w ? nextId(w[0]) : "";
    v.path = (C.items_dir || "register/items") + "/" + (w ? pad(w[0], 4) + "/" + pad(w[1]) : "YYYY/MM") + "/" +
      (v.id || (C.prefix || "") + "-YYYY-NNNN") + ".yaml";
    v.file = v.path.slice(v.path.lastIndexOf("/") + 1);
    v.status = v.department ? "assigned" : "new";
    v.text = yaml(v);
    v.errors = check(v, raw);
    return v;
  }

  function yaml(v) {
    var lines = [
      "id: " + (v.id || quoted("")), "title: " + quoted(v.title),
      "received: " + (v.received ? v.received.iso : quoted("")),
      "channel: " + code(v.channel), "category: " + code(v.category), "severity: " + code(v.severity)
    ];
    if (v.department) lines.push("department: " + code(v.department));
    lines.push("status: " + v.status);
    var ref = v.anonymous ? "" : v.ref;
    if (v.reporter_type || ref || v.anonymous) {
      var r = [];
      if (v.reporter_type) r.push("type: " + code(v.reporter_type));
      r.push("anonymous: " + (v.anonymous ? "true" : "false"));
      if (ref) r.push("ref: " + quoted(ref));
      lines.push("reporter: {" + r.join(", ") + "}");
    }
    if (v.location) lines.push("location: " + quoted(v.location));
    if (v.tags.length) lines.push("tags: [" + v.tags.map(quoted).join(", ") + "]");
    lines.push("description: |");
    if (v.description) lines.push(literal(v.description));
    return lines.join("\n") + "\n";
  }

  function looksLikePhone(s) {
    return /^\+?[\d\s().\/-]+$/.test(s) && s.replace(/\D/g, "").length >= 7;
  }

  var refPattern = null;
  try { refPattern = L.ref_pattern ? new RegExp(L.ref_pattern) : null; } catch (e) { refPattern = null; }

  function check(v, raw) {
    var errors = [];
    function add(name, key, values) { errors.push([name, msg(key, values)]); }
    function text(name, value, min, max, required) {
      var n = length(value);
      if (!n) { if (required) add(name, "err_required", { field: F[name] }); }
      else if (min && n < min) add(name, "err_short", { field: F[name], n: min });
      else if (max && n > max) add(name, "err_long", { field: F[name], n: max, len: n });
    }
    text("title", v.title, L.title_min, L.title_max, true);
    text("description", v.description, 1, L.description_max ? L.description_max - 1 : 0, true);
    ["category", "severity", "channel"].forEach(function (name) {
      if (!v[name]) add(name, "err_choose", { field: F[name] });
      else if (!known(name, v[name])) add(name, "err_option", { field: F[name] });
    });
    if (!raw.received) add("received", "err_required", { field: F.received });
    else if (!v.received) add("received", "err_received");
    else if (v.received.ms > Date.now() + FUTURE_SLACK) add("received", "err_future");
    else if (!v.id) add("received", "err_id");
    text("location", v.location, 0, L.location_max, false);
    if (v.reporter_type && !known("reporter_type", v.reporter_type)) add("reporter_type", "err_option", { field: F.reporter_type });
    if (v.ref && !v.anonymous) {
      if (L.ref_max && length(v.ref) > L.ref_max) add("ref", "err_long", { field: F.ref, n: L.ref_max, len: length(v.ref) });
      else if (v.ref.indexOf("@") >= 0) add("ref", "err_ref_email");
      else if (looksLikePhone(v.ref)) add("ref", "err_ref_phone");
      else if (refPattern && !refPattern.test(v.ref)) add("ref", "err_ref_pattern");
    }
    if (v.department && !known("department", v.department)) add("department", "err_option", { field: F.department });
    if (L.tags_max && v.tags.length > L.tags_max) add("tags", "err_tags_many", { n: L.tags_max });
    var long = v.tags.filter(function (t) { return L.tag_max && length(t) > L.tag_max; })[0];
    if (long) add("tags", "err_tag_long", { tag: long, n: L.tag_max });
    return errors.sort(function (a, b) { return ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]); });
  }

  /* ------------------------------------------------------------ showing it */
  var summary = $("fbr-submit-errors"), preview = $("fbr-submit-preview"), pathNote = $("fbr-submit-path");
  var result = $("fbr-submit-result"), link = $("fbr-submit-link"), opened = $("fbr-submit-opened");
  var manual = $("fbr-submit-manual"), idNote = $("fbr-submit-id-note"), copied = $("fbr-submit-copied");
  var isoNote = $("fbr-f-received-iso"), statusNote = $("fbr-f-status");
  var attempted = false, current = null;

  function showErrors(errors) {
    form.querySelectorAll(".fbr-field[data-field]").forEach(function (box) {
      var name = box.getAttribute("data-field"), input = control(name), out = box.querySelector(".fbr-error");
      if (!input || !out) return;
      var mine = errors.filter(function (e) { return e[0] === name; });
      var hint = $(input.id + "-hint") ? input.id + "-hint" : "";
      if (mine.length) {
        out.textContent = mine.map(function (e) { return e[1]; }).join(" ");
        out.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", (out.id + " " + hint).trim());
        box.classList.add("fbr-invalid");
      } else {
        out.textContent = "";
        out.hidden = true;
        input.removeAttribute("aria-invalid");
        if (hint) input.setAttribute("aria-describedby", hint); else input.removeAttribute("aria-describedby");
        box.classList.remove("fbr-invalid");
      }
    });
    summary.replaceChildren();
    summary.hidden = !errors.length;
    if (!errors.length) return;
    summary.appendChild(el("p", {}, msg("errors", { n: errors.length })));
    var list = summary.appendChild(el("ul"));
    errors.forEach(function (e) {
      var target = control(e[0]);
      var a = el("a", { href: "#" + target.id }, e[1]);
      a.addEventListener("click", function (ev) { ev.preventDefault(); target.focus(); });
      list.appendChild(el("li")).appendChild(a);
    });
  }

  function update() {
    current = read();
    preview.value = current.text;
    pathNote.textContent = msg("path", { path: current.path });
    isoNote.textContent = current.received ? msg("received_iso", { iso: current.received.iso }) : "";
    statusNote.textContent = msg("status_will", { status: M[current.status] || current.status });
    control("ref").disabled = current.anonymous;
    if (attempted) showErrors(current.errors);
    return current;
  }

  function hostURL(v) {
    var template = HOST.template || "";
    if (!/^https:\/\/[^\s]+$/.test(template)) return "";
    var slash = v.path.lastIndexOf("/");
    var values = {
      path: encodeURIComponent(v.path), file: encodeURIComponent(v.path.slice(slash + 1)),
      dir: v.path.slice(0, slash).split("/").map(encodeURIComponent).join("/"), value: encodeURIComponent(v.text)
    };
    return template.replace(/\{(path|dir|file|value)\}/g, function (whole, k) { return values[k]; });
  }

  function hideResult() {
    result.hidden = true;
    link.hidden = true;
    link.removeAttribute("href");
    [opened, manual, idNote, copied].forEach(function (n) { n.textContent = ""; });
  }

  function showResult(v) {
    var url = hostURL(v), host = HOST.name || M.host_unknown || "";
    idNote.textContent = msg("id_note", { id: v.id });
    if (url && (HOST.kind === "github" || HOST.kind === "gitea")) {
      window.open(url, "_blank", "noopener");
      link.href = url;
      link.textContent = msg("open_link", { host: host });
      link.hidden = false;
      opened.textContent = msg("opened", { host: host }) + (url.length > 8000 ? " " + msg("long_url") : "");
    } else if (url && HOST.kind === "gitlab") {
      link.href = url;
      link.textContent = msg("paste_link", { host: host });
      link.hidden = false;
      manual.textContent = msg("paste_note", { file: v.file });
    } else {
      manual.textContent = msg("manual_note", { path: v.path });
    }
    result.hidden = false;
    result.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    attempted = true;
    var v = update();
    showErrors(v.errors);
    hideResult();
    if (v.errors.length) {
      summary.focus();
      return;
    }
    showResult(v);
  });

  function changed(e) {
    if (e.target === preview) return;
    if (!result.hidden) hideResult();       // the file shown there is no longer the form's
    update();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  $("fbr-submit-copy").addEventListener("click", function () {
    var text = preview.value;
    function fallback() {
      preview.focus();
      preview.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      copied.textContent = ok ? msg("copied") : msg("copy_failed");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied.textContent = msg("copied"); }, fallback);
    } else {
      fallback();
    }
  });

  $("fbr-submit-download").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([preview.value], { type: "text/yaml;charset=utf-8" }));
    var a = el("a", { href: url, download: current.file });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  });

  /* ------------------------------------------------------------ start */
  var now = inputValue(wallAt(Date.now()));
  var received = control("received");
  received.value = now;
  received.max = now.slice(0, 10) + "T23:59";
  form.hidden = false;
  var nojs = $("fbr-submit-nojs");
  if (nojs) nojs.hidden = true;
  update();
})();
