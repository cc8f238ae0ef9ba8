// Rolebook search: full-text search of the handbook in the browser, with no server and
// no request outside the site.
//
// The index (written by generator/render/search.go) lives under search/ of the page's
// language: manifest.json names the term chunks by their first term and the document
// chunks by number. A query fetches the manifest, the term chunks its terms fall in and
// the document chunks of the results it shows, nothing else. Chunks are gzip files,
// decompressed with the browser's DecompressionStream (a host that already decoded them
// is fine too). Queries are split as the index is: words of two letters or more (each
// also matching as a prefix, for search as you type), and in Chinese, Japanese and
// Korean text every pair of neighbouring characters (a single character alone).
//
// Stable ids, relied on by the browser tests and by themes:
//   #search          the form; hidden until this script runs; data-* hold its words
//   #search-input    the combobox (ARIA 1.2): "/" focuses it, Up and Down move through
//                    the results, Enter opens one, Escape closes the list, then clears
//   #search-results  the listbox; each result is an li[role=option] with data-href
//   #search-status   the polite live region that announces the number of results
// A ?q= parameter in the page's address runs that search when the page loads.
//
// Every string of the index is data: it is inserted as text (textContent, text nodes
// and <mark> elements), never as HTML, and a result opens only a same-origin address.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status || !window.fetch || typeof DecompressionStream !== "function") return;
  var panel = list.parentNode;
  var empty = form.querySelector(".search-empty");
  var words = form.dataset;
  var kinds = [words.kindPage, words.kindRole, words.kindDuty, words.kindPerson];
  var base = new URL(words.index, location.href);
  var PAGE = 10;       // results shown at a time
  var EXTRA = 2;       // term chunks a prefix may spread into beyond its own
  var EXPAND = 100;    // terms a prefix may stand for
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u;
  var WORD = /[\p{L}\p{N}\p{M}]/u;

  // fold is searchFold of search.go: NFKC, lower case, final sigma as sigma.
  function fold(s) {
    return s.normalize("NFKC").toLowerCase().replace(/ς/g, "σ");
  }

  // parse splits a query into clauses that must all match: {term, prefix}; and the
  // strings to highlight.
  function parse(q) {
    var clauses = [], marks = [], word = "", run = [];
    function endWord() {
      if (Array.from(word).length >= 2) {
        clauses.push({ term: word, prefix: true });
        marks.push(word);
      }
      word = "";
    }
    function endRun() {
      if (run.length === 1) clauses.push({ term: run[0], prefix: false });
      for (var i = 1; i < run.length; i++) clauses.push({ term: run[i - 1] + run[i], prefix: false });
      if (run.length) marks.push(run.join(""));
      run = [];
    }
    for (var ch of fold(q)) {
      if (CJK.test(ch) && ch.codePointAt(0) >= 0x1100) {
        endWord();
        run.push(ch);
      } else if (WORD.test(ch)) {
        endRun();
        word += ch;
      } else {
        endWord();
        endRun();
      }
    }
    endWord();
    endRun();
    var seen = {};
    clauses = clauses.filter(function (c) {
      var k = c.term + (c.prefix ? "*" : "");
      return seen[k] ? false : (seen[k] = true);
    });
    return { clauses: clauses, marks: marks };
  }

  var files = new Map();
  function load(url, opts) {
    var p = files.get(url);
    if (!p) {
      p = fetch(url, opts).then(function (res) {
        if (!res.ok) throw new Error(res.status + " " + url);
        return res.arrayBuffer();
      }).then(function (buf) {
        var b = new Uint8Array(buf);
        if (b.length > 1 && b[0] === 0x1f && b[1] === 0x8b) {
          return new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
        }
        return new TextDecoder().decode(b);
      }).then(JSON.parse);
      p.catch(function () { files.delete(url); });
      files.set(url, p);
    }
    return p;
  }
  var manifest = null;
  function getManifest() {
    if (!manifest) {
      manifest = load(base.href, { cache: "no-cache" }).then(function (m) {
        m.firsts = m.terms.map(function (t) { return t[0]; });
        return m;
      });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }
  function file(name) { return new URL(name, base).href; }

  // chunks returns the term chunks a clause needs: the one its term falls in, and for
  // a prefix the next few that start with it.
  function chunks(m, c) {
    var lo = 0, hi = m.firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.firsts[mid] <= c.term) lo = mid; else hi = mid - 1;
    }
    var out = [lo];
    for (var j = lo + 1; c.prefix && j < m.firsts.length && j <= lo + EXTRA && m.firsts[j].startsWith(c.term); j++) out.push(j);
    return out;
  }

  // scores returns, for one clause, a Map of doc id -> score.
  function scores(m, c, loaded) {
    var out = new Map(), n = 0;
    loaded.forEach(function (entries) {
      var lo = 0, hi = entries.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (entries[mid][0] < c.term) lo = mid + 1; else hi = mid;
      }
      for (var k = lo; k < entries.length && n < EXPAND; k++) {
        var e = entries[k], t = e[0];
        if (t !== c.term && !(c.prefix && t.startsWith(c.term))) break;
        n++;
        var deltas = e[1], weights = e[2], id = 0;
        var idf = Math.log(1 + m.docs / deltas.length) * (t === c.term ? 1 : 0.6);
        for (var i = 0; i < deltas.length; i++) {
          id += deltas[i];
          var w = parseInt(weights[i], 16);
          var s = idf * (1 + Math.log2(w & 7 || 1) + (w & 8 ? 4 : 0));
          if (!(out.get(id) >= s)) out.set(id, s);
        }
      }
    });
    return out;
  }

  // search returns the ranked doc ids matching every clause of the query.
  function search(q) {
    return getManifest().then(function (m) {
      var clauses = q.clauses;
      var needs = clauses.map(function (c) { return chunks(m, c); });
      var all = [];
      needs.forEach(function (n) { n.forEach(function (i) { if (all.indexOf(i) < 0) all.push(i); }); });
      return Promise.all(all.map(function (i) { return load(file(m.terms[i][1])); })).then(function (got) {
        var byIndex = new Map();
        all.forEach(function (i, k) { byIndex.set(i, got[k]); });
        var maps = clauses.map(function (c, k) {
          return scores(m, c, needs[k].map(function (i) { return byIndex.get(i); }));
        });
        maps.sort(function (a, b) { return a.size - b.size; });
        var total = new Map(maps[0]);
        for (var k = 1; k < maps.length; k++) {
          total.forEach(function (s, id) {
            var t = maps[k].get(id);
            if (t === undefined) total.delete(id); else total.set(id, s + t);
          });
        }
        var ids = Array.from(total.keys());
        ids.sort(function (a, b) { return total.get(b) - total.get(a) || a - b; });
        return { m: m, ids: ids };
      });
    });
  }

  function docs(m, ids) {
    return Promise.all(ids.map(function (id) {
      return load(file(m.docChunks[Math.floor(id / m.perChunk)])).then(function (c) { return c[id % m.perChunk]; });
    }));
  }

  // highlight appends text to el with every occurrence of marks inside <mark>.
  function highlight(el, text, marks) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) lower = text;
    var ranges = [];
    marks.forEach(function (t) {
      for (var i = lower.indexOf(t); i >= 0 && ranges.length < 50; i = lower.indexOf(t, i + t.length)) {
        if (!CJK.test(t) && i > 0 && WORD.test(lower[i - 1])) continue; // words match at their start
        ranges.push([i, i + t.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] < at) return;
      if (r[0] > at) el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      el.appendChild(mk);
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }

  // snippet cuts the excerpt so that the first match is near its start (the style
  // shows three lines of it).
  function snippet(text, marks) {
    var lower = text.toLowerCase(), first = -1;
    marks.forEach(function (t) {
      var i = lower.indexOf(t);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    if (first < 40) return text;
    var start = text.lastIndexOf(" ", first - 1);
    if (start < first - 30) start = first - 16;
    return "…" + text.slice(start + 1);
  }

  var state = { q: null, ids: [], shown: 0, m: null, active: -1, seq: 0 };

  function say(msg) {
    status.textContent = msg;
  }
  function count(word, n) {
    return (word || "%d").replace("%d", n.toLocaleString());
  }
  function setOpen(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", open && list.children.length ? "true" : "false");
    if (!open) setActive(-1);
  }
  function setActive(i) {
    var opts = list.children;
    if (state.active >= 0 && opts[state.active]) opts[state.active].setAttribute("aria-selected", "false");
    state.active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[i].id);
      opts[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function option(doc, idx) {
    var li = document.createElement("li");
    li.id = "search-option-" + idx;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.href = doc[0];
    var title = document.createElement("span");
    title.className = "search-title";
    highlight(title, doc[1], state.q.marks);
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = kinds[doc[2]] || "";
    li.appendChild(title);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(kind);
    if (doc[3]) {
      var snip = document.createElement("span");
      snip.className = "search-snippet";
      highlight(snip, snippet(doc[3], state.q.marks), state.q.marks);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(snip);
    }
    return li;
  }

  // more shows the next page of results; focusFirst moves the selection to them.
  function more(seq, focusFirst) {
    var from = state.shown, ids = state.ids.slice(from, from + PAGE);
    return docs(state.m, ids).then(function (got) {
      if (seq !== state.seq) return;
      var old = list.querySelector(".search-more");
      if (old) old.remove();
      got.forEach(function (doc, k) { if (doc) list.appendChild(option(doc, from + k)); });
      state.shown = from + ids.length;
      if (state.shown < state.ids.length) {
        var li = document.createElement("li");
        li.id = "search-option-more";
        li.className = "search-more";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = count(words.more, state.ids.length - state.shown);
        list.appendChild(li);
      }
      if (focusFirst) setActive(from);
    });
  }

  function run(text) {
    var seq = ++state.seq;
    var q = parse(text);
    state.q = q;
    state.ids = [];
    state.shown = 0;
    if (!q.clauses.length) {
      list.textContent = "";
      empty.hidden = true;
      setOpen(false);
      say("");
      return Promise.resolve();
    }
    return search(q).then(function (r) {
      if (seq !== state.seq) return;
      state.m = r.m;
      state.ids = r.ids;
      list.textContent = "";
      setActive(-1);
      return more(seq, false).then(function () {
        if (seq !== state.seq) return;
        var n = r.ids.length;
        empty.hidden = n > 0;
        empty.textContent = n ? "" : words.none;
        list.hidden = n === 0;
        setOpen(true);
        say(n ? count(words.results, n) : words.none);
      });
    }).catch(function () {
      if (seq !== state.seq) return;
      list.textContent = "";
      list.hidden = true;
      empty.hidden = false;
      empty.textContent = words.error;
      setOpen(true);
      say(words.error);
    });
  }

  function activate(i) {
    var li = list.children[i];
    if (!li) return;
    if (li.classList.contains("search-more")) {
      more(state.seq, true);
      return;
    }
    var u = new URL(li.dataset.href, location.href);
    if (u.origin === location.origin) location.assign(u.href);
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 120);
  });
  input.addEventListener("focus", function () {
    getManifest().catch(function () {});
    if (state.ids.length || !empty.hidden) setOpen(true);
  });
  input.addEventListener("keydown", function (e) {
    var n = list.children.length;
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        e.preventDefault();
        if (panel.hidden) setOpen(true);
        if (!n) return;
        var d = e.key === "ArrowDown" ? 1 : -1;
        setActive(state.active < 0 ? (d > 0 ? 0 : n - 1) : (state.active + d + n) % n);
        break;
      case "Enter":
        e.preventDefault();
        if (!panel.hidden && n) activate(state.active >= 0 ? state.active : 0);
        else run(input.value);
        break;
      case "Escape":
        if (!panel.hidden) {
          e.preventDefault();
          setOpen(false);
        } else if (input.value) {
          e.preventDefault();
          input.value = "";
          run("");
        }
        break;
    }
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  list.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the focus in the box
  list.addEventListener("click", function (e) {
    var li = e.target.closest("[role=option]");
    if (li) activate(Array.prototype.indexOf.call(list.children, li));
  });
  form.addEventListener("focusout", function (e) {
    if (!form.contains(e.relatedTarget)) setOpen(false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  form.hidden = false;
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run(q);
  }
})();
