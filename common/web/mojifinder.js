// The page's behaviour beyond the plain form, which works without it:
// results as you type and on Enter, the query in the URL (back and forward
// work), a page of results at a time, and copying a character.
"use strict";

(() => {
  const pageSize = 100;
  const typingPause = 250;  // ms after the last key before searching

  const form = document.getElementById("search");
  const input = document.getElementById("query");
  // The language the server chose (the URL's, or the browser's own).
  const language = document.getElementById("lang");
  // The page ranks the best match first, as the server rendered it, unless
  // the URL asks for code point order.
  const order = new URLSearchParams(location.search).get("order") === "codepoint" ? "codepoint" : "relevance";
  const table = document.getElementById("results");
  const caption = table.querySelector("caption");
  const body = table.querySelector("tbody");
  const pager = document.getElementById("pager");
  const notice = document.getElementById("notice");

  // What the table shows: the query, how many it found, where the next
  // page begins.
  const state = {
    query: table.dataset.query || "",
    total: Number(table.dataset.total || 0),
    next: Number(table.dataset.next || 0),
  };
  let inFlight = null;
  let typingTimer = 0;

  // The original's caption, word for word.
  const countText = (n) => (n === 1 ? "1 character found" : `${n} characters found`);

  // Controls have no glyph: they are shown as their Control Pictures, as
  // the server's own rows show them.
  const visible = (text) => {
    const cps = Array.from(text, (c) => c.codePointAt(0));
    if (cps.length !== 1) return text;
    const cp = cps[0];
    if (cp < 0x20) return String.fromCodePoint(0x2400 + cp);
    if (cp === 0x7f) return "\u2421";
    return text;
  };

  const label = (text) =>
    Array.from(text, (c) => "U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")).join(" ");

  const row = (result) => {
    const tr = document.createElement("tr");
    tr.tabIndex = 0;
    for (const text of [label(result.char), visible(result.char), result.name]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  };

  const showPager = () => {
    pager.replaceChildren();
    const shown = body.rows.length;
    if (state.query === "" || state.next >= state.total || state.next === 0) return;
    const status = document.createElement("span");
    status.textContent = `Showing ${shown.toLocaleString("en")} of ${state.total.toLocaleString("en")}`;
    const more = document.createElement("button");
    more.type = "button";
    more.id = "more";
    more.className = "quiet";
    more.textContent = `Show ${Math.min(pageSize, state.total - state.next)} more`;
    more.addEventListener("click", () => fetchPage(state.query, state.next, true));
    pager.append(status, more);
  };

  const urlFor = (query) =>
    (query === "" ? "/" : "/?q=" + encodeURIComponent(query).replace(/%20/g, "+")) +
    (query === "" ? "?" : "&") + "lang=" + encodeURIComponent(language.value) +
    (order === "codepoint" ? "&order=codepoint" : "");

  const remember = (query, push) => {
    const url = urlFor(query);
    if (url === location.pathname + location.search) return;
    if (push) history.pushState({ query }, "", url);
    else history.replaceState({ query }, "", url);
  };

  // Asks the API for a page of results and shows it: in place of the
  // table's rows, or after them.
  async function fetchPage(query, offset, append) {
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    const lang = encodeURIComponent(language.value);
    const url = `/search?q=${encodeURIComponent(query)}&lang=${lang}&order=${order}&limit=${pageSize}&offset=${offset}`;
    let response, results;
    try {
      response = await fetch(url, { signal: controller.signal });
      results = await response.json();
    } catch (error) {
      if (error.name !== "AbortError") notice.textContent = "The search failed: the server could not be reached.";
      return;
    } finally {
      if (inFlight === controller) inFlight = null;
    }
    if (controller.signal.aborted) return;
    document.title = query === "" ? "Mojifinder" : `${query} – Mojifinder`;
    if (!response.ok) {
      body.replaceChildren();
      state.query = query;
      state.total = state.next = 0;
      caption.textContent = typeof results.detail === "string" ? results.detail : "That query cannot be answered.";
      showPager();
      return;
    }
    const rows = results.map(row);
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
    state.query = query;
    state.total = Number(response.headers.get("X-Total-Count") || results.length);
    state.next = offset + results.length;
    caption.textContent = countText(state.total);
    showPager();
  }

  const search = (push) => {
    clearTimeout(typingTimer);
    const query = input.value.trim();
    remember(query, push);
    if (query === "") {
      if (inFlight) inFlight.abort();
      state.query = "";
      state.total = state.next = 0;
      body.replaceChildren();
      caption.textContent = "";
      document.title = "Mojifinder";
      showPager();
      return;
    }
    fetchPage(query, 0, false);
  };

  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => search(false), typingPause);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(true);
  });
  language.addEventListener("change", () => search(true));
  window.addEventListener("popstate", () => {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    if (params.has("lang")) language.value = params.get("lang");
    search(false);
  });

  // Copying: the characters a row's code points spell.
  const copyWithSelection = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  };

  const copyRow = async (tr) => {
    const text = tr.cells[0].textContent
      .split(" ")
      .map((cp) => String.fromCodePoint(parseInt(cp.slice(2), 16)))
      .join("");
    const name = tr.cells[2].textContent;
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = copyWithSelection(text);
    }
    notice.textContent = copied ? `Copied ${tr.cells[1].textContent} ${name}` : `Select and copy: ${text}`;
    for (const other of body.querySelectorAll("tr.copied")) other.classList.remove("copied");
    tr.classList.add("copied");
  };

  body.addEventListener("click", (event) => {
    const tr = event.target.closest("tr");
    if (tr) copyRow(tr);
  });
  body.addEventListener("keydown", (event) => {
    const tr = event.target.closest("tr");
    if (!tr) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      copyRow(tr);
    } else if (event.key === "ArrowDown" && tr.nextElementSibling) {
      event.preventDefault();
      tr.nextElementSibling.focus();
    } else if (event.key === "ArrowUp" && tr.previousElementSibling) {
      event.preventDefault();
      tr.previousElementSibling.focus();
    }
  });

  // The server rendered the first page and its links for a reader without
  // JavaScript; from here the button fetches the next pages in place.
  history.replaceState({ query: state.query }, "", location.href);
  showPager();
})();
