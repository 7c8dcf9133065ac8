// The search's work, off the page's thread: Pagefind's index (pagefind/ and its shards, listed in
// pagefind/fbr-shards.json; generator/searchindex.py) queried with the words the build indexed
// (Han text as overlapping character pairs: generator/searchdocs.py), and excerpts written back
// from those words. It answers search.js with plain text only; the page renders it as text.
//
// Pagefind runs here in this worker's own thread: a worker has no document, so Pagefind does not
// cut the query with the browser's word segmentation (the pairs are the words), and its index
// files load while the page stays responsive.

const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";   // searchdocs.HAN
const SPACE = "\ue000";                                   // searchdocs.SPACE
const RUN = new RegExp(`[${HAN}]+`, "g");
const IS_HAN = new RegExp(`^[${HAN}]`);
const ID = /^[A-Za-z][A-Za-z0-9]{0,9}-[0-9]{4}-[0-9]{4,6}$/;    // an item id (validate.ID_FORM)
const PAGE = 10;              // results a page of the dialog shows
const EXCERPT = 70;           // characters of text around the first match

let pagefind = null;
let ready = null;
let current = null;           // the latest query: an older one stops when it sees it is not the latest

// The query as the index's words: each Han run as its pairs (a lone character as itself), the rest as typed.
export function terms(query) {
  const out = [];
  let pos = 0;
  for (const m of query.matchAll(RUN)) {
    out.push(query.slice(pos, m.index));
    const run = m[0];
    if (run.length === 1) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    pos = m.index + run.length;
  }
  out.push(query.slice(pos));
  return out.join(" ").replace(/\s+/g, " ").trim();
}

// The original text from a document's words (searchdocs.pairs, the other way round).
export function decode(content) {
  let out = "", prevHan = false, pending = false, first = true;
  for (let unit of content.split(" ")) {
    if (!unit) continue;
    let before = false, after = false;
    if (unit.startsWith(SPACE)) { before = true; unit = unit.slice(1); }
    if (unit.endsWith(SPACE)) { after = true; unit = unit.slice(0, -1); }
    if (!unit) { pending = pending || before || after; continue; }
    const han = IS_HAN.test(unit);
    const text = han ? unit[0] + unit.slice(IS_HAN.test(unit.slice(1)) ? 2 : 1) : unit;
    if (!first && (before || pending || (!han && !prevHan))) out += " ";
    out += text;
    prevHan = han;
    pending = after;
    first = false;
  }
  return out;
}

// [[text, marked], …] around the first place the query's words are found in ``text``.
export function excerpt(text, query) {
  const lower = text.toLowerCase();
  const words = [];
  for (const part of query.toLowerCase().split(/\s+/)) {
    if (!part) continue;
    if (ID.test(part)) { words.push(part); continue; }
    let pos = 0;                 // Han runs as they are; other text without punctuation
    for (const m of part.matchAll(RUN)) {
      words.push(...part.slice(pos, m.index).split(/[^\p{L}\p{N}]+/u), m[0]);
      pos = m.index + m[0].length;
    }
    words.push(...part.slice(pos).split(/[^\p{L}\p{N}]+/u));
  }
  const found = [];
  for (const word of new Set(words.filter(Boolean))) {
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
      found.push([at, at + word.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const firstAt = found.length ? found[0][0] : 0;
  const start = Math.max(0, Math.min(firstAt - Math.floor(EXCERPT / 3), text.length - EXCERPT));
  const end = Math.min(text.length, start + EXCERPT);
  const parts = [];
  let pos = start;
  for (const [a, b] of found) {
    if (b <= pos || a >= end) continue;
    if (a > pos) parts.push([text.slice(pos, a), false]);
    parts.push([text.slice(Math.max(a, pos), Math.min(b, end)), true]);
    pos = Math.min(b, end);
  }
  if (pos < end) parts.push([text.slice(pos, end), false]);
  if (start > 0) parts.unshift(["…", false]);
  if (end < text.length) parts.push(["…", false]);
  return parts;
}

function start(bundle) {
  if (ready) return ready;
  ready = (async () => {
    const list = fetch(new URL("fbr-shards.json", bundle), { cache: "no-cache" }).then((r) => r.json()).catch(() => ({}));
    // Pagefind fetches its metadata and WebAssembly only after its entry file (and a shard's only once
    // the primary's WebAssembly is in): asked for now, they come from the cache then
    list.then((d) => (d.files || []).forEach((f) => fetch(new URL(f, bundle)).catch(() => null)));
    const shards = list.then((d) => d.shards || []);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    const base = new URL(bundle).pathname;
    await pagefind.options({ basePath: base });
    pagefind.init();
    await Promise.all((await shards).map((name) => pagefind.mergeIndex(`${base}shards/${name}/`)));
  })();
  return ready;
}

async function result(r, query) {
  const data = await r.data();
  const text = decode(data.content || "");
  const title = (data.meta && data.meta.title) || data.url;
  // the document starts with its title (shown as the link): the excerpt comes from the rest when it matches there
  const body = text.startsWith(title) ? text.slice(title.length).trim() : text;
  const parts = excerpt(body, query);
  return { url: data.url, title, excerpt: parts.some((p) => p[1]) || body === text ? parts : excerpt(text, query), text };
}

async function search(message, first) {
  const { query, page } = message;
  const term = terms(query);
  if (!term) return { results: [], total: 0, more: false };
  // A shard in which one of the words does not occur at all answers for the others (Pagefind leaves
  // out a word its index lacks), so with several words each is also asked alone and only the pages
  // found for every one of them are kept, in the order of the whole query.
  const words = term.split(" ");
  const [found, ...each] = await Promise.all([term, ...(words.length > 1 ? words : [])].map((t) => pagefind.search(t)));
  if (current !== message) return null;
  let hits = found.results;
  for (const alone of each) {
    const ids = new Set(alone.results.map((r) => r.id));
    hits = hits.filter((r) => ids.has(r.id));
  }
  if (ID.test(query.trim())) {
    // an id: the item itself first, then items that name it; nothing that only looks like it
    const id = query.trim().toUpperCase();
    const named = new RegExp(`(^|[^A-Za-z0-9-])${id}(?![0-9])`, "i");
    const top = await Promise.all(hits.slice(0, PAGE).map((r) => result(r, query)));
    const exact = top.filter((x) => named.test(x.text));
    exact.sort((a, b) => (b.title.toUpperCase().startsWith(id + " ") ? 1 : 0) - (a.title.toUpperCase().startsWith(id + " ") ? 1 : 0));
    return { results: exact, total: exact.length, more: false };
  }
  const slice = hits.slice(page * PAGE, (page + 1) * PAGE);
  const loading = slice.map((r) => result(r, query));
  if (loading.length > 1) loading[0].then((r) => first(r, hits.length));   // the best one shown at once
  const results = await Promise.all(loading);
  return { results, total: hits.length, more: (page + 1) * PAGE < hits.length };
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    await start(message.bundle);
    if (message.type === "warm") return;
    current = message;
    const reply = { type: "results", seq: message.seq, query: message.query, page: message.page };
    let shown = 0;
    const answer = await search(message, (r, total) => {
      if (current !== message || shown) return;
      shown = 1;
      delete r.text;
      self.postMessage({ ...reply, results: [r], total, more: false, partial: true });
    });
    if (answer === null || current !== message) return;   // a newer query came meanwhile
    for (const r of answer.results) delete r.text;
    self.postMessage({ ...reply, ...answer, results: answer.results.slice(shown), offset: shown });
  } catch (err) {
    self.postMessage({ type: "error", seq: message.seq, message: String(err && err.message || err) });
  }
};
