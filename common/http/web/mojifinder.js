// The page's behaviour beyond the plain form, which works without it:
// results as you type and on Enter, the query in the URL (back and forward
// work), a page of results at a time, tiles or lines, copying with a
// confirmation you can see, what you copied lately, and a panel of details
// for a character.
"use strict";

(() => {
  const pageSize = 100;
  const typingPause = 250;  // ms after the last key before searching
  const shownFor = 2500;  // ms a confirmation stays
  const recentKey = "mojifinder.recent";
  const recentMost = 16;

  document.documentElement.classList.add("js");
  const form = document.getElementById("search");
  const input = document.getElementById("query");
  // The language the server chose (the URL's, or the browser's own).
  const language = document.getElementById("lang");
  const list = document.getElementById("results");
  // The browser's own language, as the server read it: a URL leaves it out.
  const browserLanguage = list.dataset.browserLang || "";
  const params = new URLSearchParams(location.search);
  // The page ranks the best match first, as the server rendered it, unless
  // the URL asks for code point order.
  const order = params.get("order") === "codepoint" ? "codepoint" : "relevance";
  let view = ["grid", "list"].includes(params.get("view")) ? params.get("view") : "auto";
  const caption = document.getElementById("caption");
  const views = document.getElementById("views");
  const examples = document.getElementById("examples");
  const examplesTitle = document.getElementById("examples-title");
  const pager = document.getElementById("pager");
  const toast = document.getElementById("toast");
  const recent = document.getElementById("recent");

  // What the list shows: the query, how many it found, where the next
  // page begins.
  const state = {
    query: list.dataset.query || "",
    total: Number(list.dataset.total || 0),
    first: Number(list.dataset.first || 0),
    next: Number(list.dataset.next || 0),
  };
  // A page opened at an offset (`offset=200`) keeps the server's way back
  // to the page before, until another search starts from the first.
  const serverPrevious = pager.querySelector("a[rel=prev]");
  let inFlight = null;
  let typingTimer = 0;

  const grouped = (n) => n.toLocaleString("en");
  const countText = (n) => (n === 1 ? "1 character found" : `${grouped(n)} characters found`);
  const hex = (cp) => cp.toString(16).toUpperCase().padStart(4, "0");
  const codePoints = (text) => Array.from(text, (c) => c.codePointAt(0));
  const label = (text) => codePoints(text).map((cp) => "U+" + hex(cp)).join(" ");
  // The query that finds one character alone: its code point, or a
  // sequence as itself.
  const keyOf = (text) => (codePoints(text).length === 1 ? label(text) : text);
  const linkTo = (text) => "/?q=" + encodeURIComponent(keyOf(text));

  const element = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };

  // A result as the server renders it (answer.cpp's append_html_row),
  // from an item of the API's answer with all its fields (`fields=all`):
  // its glyph as shown, its tile, its block and category are the server's.
  const item = (result) => {
    const names = element("span", { class: "names" });
    if (result.short_name) names.append(element("span", { class: "short" }, result.short_name));
    names.append(element("span", { class: "name" }, result.name));
    const attributes = result.symbol ? { class: "s" } : {};
    if (result.block !== undefined) attributes["data-block"] = result.block;
    if (result.category !== undefined) attributes["data-category"] = result.category;
    return element("li", attributes,
      element("a", { class: "glyph", href: linkTo(result.char) }, result.shown),
      names,
      element("code", {}, label(result.char)),
      element("button", { type: "button", class: "copy" }, "Copy"));
  };

  // What a shown item stands for: its characters, its names.
  const describe = (li) => {
    const characters = li.querySelector("code").textContent.split(" ")
      .map((cp) => String.fromCodePoint(parseInt(cp.slice(2), 16))).join("");
    const shortName = li.querySelector(".short");
    return { char: characters, name: li.querySelector(".name").textContent,
      short_name: shortName ? shortName.textContent : "", shown: li.querySelector(".glyph").textContent };
  };

  const urlFor = (query) => {
    const parts = [];
    if (query !== "") parts.push("q=" + encodeURIComponent(query).replace(/%20/g, "+"));
    if (language.value !== browserLanguage) parts.push("lang=" + encodeURIComponent(language.value));
    if (order === "codepoint") parts.push("order=codepoint");
    if (view !== "auto") parts.push("view=" + view);
    return "/" + (parts.length ? "?" + parts.join("&") : "");
  };

  const remember = (query, push) => {
    const url = urlFor(query);
    if (url === location.pathname + location.search) return;
    if (push) history.pushState({ query }, "", url);
    else history.replaceState({ query }, "", url);
  };

  // Tiles or lines: as asked, or tiles when the first result is a symbol.
  // The choice is made here, once, rather than left to the style sheet's
  // rule for a page without the script (#results.auto:has(...)), which
  // the browser would match again for every row appended.
  const shownView = () => {
    if (view !== "auto") return view;
    const first = list.firstElementChild;
    return first && first.classList.contains("s") ? "grid" : "list";
  };
  const showView = () => {
    const shownAs = shownView();
    if (list.className !== shownAs) list.className = shownAs;
    for (const link of views.querySelectorAll("a")) {
      if (view !== "auto" && link.dataset.view === view) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
      link.title = link.dataset.view === shownAs ? "Shown now" : "";
    }
  };

  const showViews = () => {
    if (state.total === 0) {
      views.replaceChildren();
      return;
    }
    if (!views.children.length) {
      views.append(element("a", { href: "#", "data-view": "grid" }, "Grid"),
        element("a", { href: "#", "data-view": "list" }, "List"));
    }
    showView();
  };

  const showPager = () => {
    pager.replaceChildren();
    const shown = list.children.length;
    if (state.query === "" || state.total === 0) return;
    if (state.first > 0 && serverPrevious) pager.append(serverPrevious, " ");
    if (shown > 0 && (state.first > 0 || state.next < state.total)) {
      pager.append(element("span", {}, state.first > 0
        ? `${grouped(state.first + 1)} to ${grouped(state.first + shown)} of ${grouped(state.total)}`
        : `Showing ${grouped(shown)} of ${grouped(state.total)}`));
    }
    if (state.next >= state.total || state.next === 0) return;
    const more = element("button", { type: "button", id: "more", class: "quiet" },
      `Show ${grouped(Math.min(pageSize, state.total - state.next))} more`);
    more.addEventListener("click", () => fetchPage(state.query, state.next, true));
    pager.append(" ", more);
  };

  const showCaption = (text, error = false) => {
    caption.textContent = text;
    caption.className = error ? "error" : "";
  };

  const showExamples = (searched) => {
    examples.hidden = searched && state.total > 0;
    examplesTitle.textContent = searched
      ? "Try fewer words, the start of a word and *, another language, or one of these"
      : "Type words of a name, paste a character, or try one of these";
  };

  // Asks the API for a page of results and shows it: in place of the
  // list's items, or after them.
  async function fetchPage(query, offset, append) {
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    // The browser's language comes first and other languages' words are
    // found too, as the server's page does; one chosen only adds.
    const lang = encodeURIComponent(language.value);
    const which = language.value !== "" && language.value === browserLanguage ? "prefer_lang" : "lang";
    const url = `/search?q=${encodeURIComponent(query)}&${which}=${lang}&order=${order}&limit=${pageSize}&offset=${offset}` +
      "&fields=all";
    let response, results;
    try {
      response = await fetch(url, { signal: controller.signal });
      results = await response.json();
    } catch (error) {
      if (error.name !== "AbortError") showCaption("The search failed: the server could not be reached.", true);
      return;
    } finally {
      if (inFlight === controller) inFlight = null;
    }
    if (controller.signal.aborted) return;
    document.title = query === "" ? "Mojifinder" : `${query} – Mojifinder`;
    state.query = query;
    if (!response.ok) {
      list.replaceChildren();
      state.total = state.first = state.next = 0;
      showCaption(typeof results.detail === "string" ? results.detail : "That query cannot be answered.", true);
      showExamples(false);
      examples.hidden = true;
      showViews();
      showPager();
      return;
    }
    const items = results.map(item);
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    if (!append) state.first = offset;
    state.total = Number(response.headers.get("X-Total-Count") || results.length);
    state.next = offset + results.length;
    const corrected = response.headers.get("X-Corrected-Query");
    if (state.total === 0) showCaption(`Nothing found for ${query}`);
    else if (corrected) showCaption(`Nothing found for ${query}; showing ${decodeURIComponent(corrected)}: ${countText(state.total)}`);
    else if (response.headers.get("X-Found-In-Language")) {
      showCaption(`${countText(state.total)} in ${response.headers.get("X-Found-In-Language")}`);
    } else showCaption(countText(state.total));
    showExamples(true);
    showViews();
    showPager();
  }

  const search = (push) => {
    clearTimeout(typingTimer);
    const query = input.value.trim();
    remember(query, push);
    if (query === "") {
      if (inFlight) inFlight.abort();
      state.query = "";
      state.total = state.first = state.next = 0;
      list.replaceChildren();
      showCaption("");
      showExamples(false);
      document.title = "Mojifinder";
      showViews();
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
    const now = new URLSearchParams(location.search);
    input.value = now.get("q") || "";
    language.value = now.has("lang") ? now.get("lang") : browserLanguage;
    view = ["grid", "list"].includes(now.get("view")) ? now.get("view") : "auto";
    search(false);
  });
  views.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-view]");
    if (!link) return;
    event.preventDefault();
    view = link.dataset.view;
    showView();
    remember(state.query, false);
  });

  // Copying, and a confirmation where the eye is: on the button, and in a
  // toast at the bottom of the screen.
  const copyWithSelection = (text) => {
    const area = element("textarea", { readonly: "" });
    area.value = text;
    area.style.position = "fixed";
    area.style.left = "-9999px";
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

  let toastTimer = 0;
  const say = (text) => {
    toast.textContent = text;
    toast.classList.add("shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => toast.classList.remove("shown"), shownFor);
  };

  const copy = async (text, what, button) => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = copyWithSelection(text);
    }
    say(copied ? `Copied ${what}` : `Select and copy: ${text}`);
    if (copied && button) {
      button.textContent = "Copied";
      button.classList.add("done");
      setTimeout(() => {
        button.textContent = "Copy";
        button.classList.remove("done");
      }, shownFor);
    }
    return copied;
  };

  // What was copied lately, kept by the browser.
  const recentOnes = () => {
    try {
      const kept = JSON.parse(localStorage.getItem(recentKey) || "[]");
      // Whatever the storage holds (another page of this origin may have
      // written it), no more than the strip keeps.
      return Array.isArray(kept)
        ? kept.filter((r) => r && typeof r.char === "string" && typeof r.name === "string").slice(0, recentMost)
        : [];
    } catch {
      return [];
    }
  };
  const showRecent = () => {
    const ones = recentOnes();
    recent.hidden = ones.length === 0;
    recent.querySelector("ul").replaceChildren(...ones.map((one) => {
      const button = element("button", { type: "button", "aria-label": `Copy ${one.char} ${one.name}`, title: one.name },
        one.shown || one.char);
      button.addEventListener("click", () => copy(one.char, `${one.char} ${one.name}`, null));
      return element("li", {}, button);
    }));
  };
  const keepRecent = (result) => {
    const ones = [{ char: result.char, name: result.name, shown: result.shown },
      ...recentOnes().filter((one) => one.char !== result.char)].slice(0, recentMost);
    try {
      localStorage.setItem(recentKey, JSON.stringify(ones));
    } catch {
      return;  // storage refused (private mode): nothing kept
    }
    showRecent();
  };

  const copyItem = async (li, button) => {
    const result = describe(li);
    if (await copy(result.char, `${result.shown} ${result.name}`, button)) keepRecent(result);
    for (const other of list.querySelectorAll("li.copied")) other.classList.remove("copied");
    li.classList.add("copied");
  };

  // The detail panel: the character large, its names, and its code in the
  // forms people paste it in, each with its own copy button.
  const panel = element("dialog", { id: "detail", "aria-labelledby": "detail-name" });
  document.body.append(panel);
  // Closed, the panel gives the focus back to what opened it, not to the
  // page's body.
  let opener = null;
  panel.addEventListener("close", () => {
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
  const utf8 = (text) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).toUpperCase().padStart(2, "0"))
    .join(" ");
  const utf16 = (text) => Array.from({ length: text.length }, (_, i) => hex(text.charCodeAt(i))).join(" ");
  // A surrogate code point is half of a UTF-16 pair, no character: it has
  // no UTF-8 form (an encoder writes U+FFFD's bytes), nor one of its own
  // in UTF-16, HTML or CSS.
  const surrogate = (text) => /\p{Cs}/u.test(text);
  const noForm = "none: a surrogate is half of a UTF-16 pair, not a character";
  const forms = (text) => [
    ["Code points", label(text)],
    ["UTF-8", surrogate(text) ? noForm : utf8(text)],
    ["UTF-16", surrogate(text) ? noForm : utf16(text)],
    ["HTML", surrogate(text) ? noForm : codePoints(text).map((cp) => `&#x${hex(cp)};`).join("")],
    ["CSS", surrogate(text) ? noForm : codePoints(text).map((cp) => `\\${hex(cp)}`).join(" ")],
    ["JSON", Array.from({ length: text.length }, (_, i) => `\\u${hex(text.charCodeAt(i))}`).join("")],
  ];

  const shortNameIn = async (text, code) => {
    if (!code) return "";
    try {
      const response = await fetch(`/search?q=${encodeURIComponent(keyOf(text))}&lang=${encodeURIComponent(code)}&limit=1`);
      const results = await response.json();
      return response.ok && results.length === 1 && results[0].char === text ? results[0].short_name || "" : "";
    } catch {
      return "";
    }
  };

  // A character's block and category: on its item, whether the server
  // rendered it or the script did from the API's answer.
  const propertiesOf = (li) => (li ? { block: li.dataset.block, category: li.dataset.category } : {});

  const openDetail = async (result, li) => {
    const text = result.char;
    const rows = element("dl");
    const addRow = (name, value) => {
      const button = element("button", { type: "button", class: "copy", "aria-label": `Copy ${name}` }, "Copy");
      button.addEventListener("click", () => copy(value, `${name}: ${value}`, button));
      button.disabled = value === noForm;
      rows.append(element("dt", {}, name), element("dd", {}, value), button);
    };
    for (const [name, value] of forms(text)) addRow(name, value);
    const copyButton = element("button", { type: "button" }, "Copy");
    copyButton.addEventListener("click", () => copyItem(findItem(text) || itemFor(result), copyButton));
    const close = element("button", { type: "button", class: "quiet" }, "Close");
    close.addEventListener("click", () => panel.close());
    const title = element("h2", { id: "detail-name" }, result.short_name || result.name);
    const also = element("p", { class: "also" }, result.short_name ? result.name : "");
    const link = element("a", { href: linkTo(text) }, "A link to this character");
    panel.replaceChildren(element("p", { class: "big", "aria-hidden": "true" }, result.shown), title, also, rows,
      element("div", { class: "actions" }, link, element("span", {}, copyButton, " ", close)));
    if (!panel.open) {
      opener = document.activeElement !== document.body ? document.activeElement
        : li ? li.querySelector(".glyph") : null;
      panel.showModal();
    }
    copyButton.focus();
    // Its block and category as the UCD gives them, and its names in the
    // chosen language and in English, as CLDR gives them.
    const chosen = language.value;
    const properties = propertiesOf(li);
    const [inChosen, inEnglish] = await Promise.all([shortNameIn(text, chosen),
      chosen === "en" ? Promise.resolve("") : shortNameIn(text, "en")]);
    if (!panel.open || panel.querySelector(".big").textContent !== result.shown) return;
    if (properties.block) addRow("Block", properties.block);
    if (properties.category) addRow("Category", properties.category);
    const chosenName = language.selectedOptions[0] ? language.selectedOptions[0].textContent : chosen;
    if (inChosen) addRow(`Name in ${chosenName}`, inChosen);
    if (inEnglish) addRow("Name in English", inEnglish);
  };

  const findItem = (text) => Array.from(list.children).find((li) => describe(li).char === text);
  const itemFor = (result) => item(result);

  list.addEventListener("click", (event) => {
    const li = event.target.closest("#results > li");
    if (!li || event.ctrlKey || event.metaKey || event.shiftKey) return;  // a link for another tab
    const button = event.target.closest("button.copy");
    event.preventDefault();
    if (button) copyItem(li, button);
    else openDetail(describe(li), li);
  });
  // The arrows move between characters, as in a picker.
  list.addEventListener("keydown", (event) => {
    const li = event.target.closest("#results > li");
    if (!li || !event.target.classList.contains("glyph")) return;
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const next = step > 0 ? li.nextElementSibling : li.previousElementSibling;
    if (!next) return;
    event.preventDefault();
    next.querySelector(".glyph").focus();
  });

  // The server rendered the first page and its links for a reader without
  // JavaScript; from here the button fetches the next pages in place.
  history.replaceState({ query: state.query }, "", location.href);
  input.setSelectionRange(input.value.length, input.value.length);
  showPager();
  if (state.total > 0) showView();
  showRecent();
  // A link to one character (`/?q=U%2B1F431`) opens its details.
  if (state.total === 1 && list.children.length === 1) {
    const only = describe(list.children[0]);
    if (state.query === keyOf(only.char) || state.query === only.char) openDetail(only, list.children[0]);
  }
})();
