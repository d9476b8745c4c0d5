"""The page in a real browser: Debian's chromium, driven by chromedriver
through Debian's python3-selenium, against the built server.

Usage: browser.py PROGRAM SCREENSHOTS

Typing, Enter, the caption, the URL, back and forward, copying with the
mouse and the keyboard, paging `cjk`, a phone's width, the dark scheme,
JavaScript off, and a console with no error; the picker: big colour glyphs,
the detail panel, copy that shows, phones, axe-core's rules in both schemes.
Saves README's screenshots into the folder SCREENSHOTS: a desktop in the
light scheme, a phone in the dark one, the detail panel. Exits 77 (skipped)
when the browser is not installed.
"""

import json
import os
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from http_server import start_http_server

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("SKIP: selenium is not installed (Debian package python3-selenium)")
    sys.exit(77)

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def start_server(program):
    try:
        return start_http_server(program)
    except RuntimeError as error:
        fail(str(error))


def browser(javascript=True, width=1000, height=900, languages="fr-FR,fr,en"):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-extensions", f"--window-size={width},{height}",
                     f"--user-data-dir={tempfile.mkdtemp(prefix='mojifinder-chromium-')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The browser's languages, as a user sets them: Accept-Language.
    prefs = {"intl.accept_languages": languages}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait_for(driver, condition, what, timeout=10):
    try:
        return WebDriverWait(driver, timeout).until(lambda d: condition(d))
    except Exception:
        fail(f"waited {timeout} s for {what}; the page shows: " +
             driver.find_element(By.ID, "caption").text + " at " + driver.current_url)


def caption(driver):
    return driver.find_element(By.ID, "caption").text


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#results > li")


def name_of(row):
    return row.find_element(By.CSS_SELECTOR, ".name").text


def code_of(row):
    return row.find_element(By.TAG_NAME, "code").text


def query_in_url(driver):
    return urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query).get("q", [""])[0]


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def steady_click(driver, element, what):
    """Scrolls `element` into view and clicks it once it has stopped moving:
    rows laid out as they come into view (content-visibility) move what is
    below them, so a click aimed at where it was lands on a row."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)

    def still(d):
        before = element.rect
        time.sleep(0.1)
        return element.rect == before
    wait_for(driver, still, what + " to stay in place")
    element.click()


def with_javascript(base):
    driver = browser()
    try:
        driver.get(base + "/")
        box = driver.find_element(By.ID, "query")
        check(driver.switch_to.active_element == box, "the search box does not have the focus as the page opens")
        check(caption(driver) == "", "the caption is not empty before a search")

        # The browser's language is chosen at first: French keywords, any
        # case and accent, find their characters.
        language = Select(driver.find_element(By.ID, "lang"))
        check(language.first_selected_option.get_attribute("value") == "fr",
              "the page did not choose the browser's language, fr")
        box.send_keys("CHAT Fatigue")
        wait_for(driver, lambda d: caption(d) == "1 character found" and "WEARY CAT FACE" in rows(d)[0].text,
                 "`chat fatigue` in French")
        check("lang" not in urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query),
              "the URL holds the language though it is the browser's own")
        # The browser's language comes first, and another's words are found
        # too, as the server's page finds them.
        box.clear()
        box.send_keys("gato")
        wait_for(driver, lambda d: caption(d) == found_caption(base, "gato", "fr", "prefer_lang") + " in es",
                 "`gato` found in Spanish on a French page")
        # Names only, from here on: the original's answers.
        language.select_by_value("")
        box.clear()

        # Results as you type, after a pause; the URL follows.
        box.send_keys("cat face")
        cat_face = found_caption(base, "cat face")
        wait_for(driver, lambda d: caption(d) == cat_face, "the caption after typing `cat face`")
        check(len(rows(driver)) == int(cat_face.split()[0]), "typing `cat face` did not show every row")
        check(name_of(rows(driver)[0]) == "CAT FACE", "the first row is not CAT FACE")
        wait_for(driver, lambda d: query_in_url(d) == "cat face", "the query in the URL after typing")

        # The page ranks the best match first; the URL may ask for code
        # point order, which the next pages keep.
        box.clear()
        box.send_keys("fire", Keys.ENTER)
        wait_for(driver, lambda d: caption(d).endswith("found") and rows(d) and
                 name_of(rows(d)[0]) == "FIRE", "FIRE first for `fire`")
        driver.get(base + "/?q=fire&lang=&order=codepoint")
        check(name_of(rows(driver)[0]) == "TRIGRAM FOR FIRE",
              "order=codepoint did not give code point order")
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("fire engine", Keys.ENTER)
        wait_for(driver, lambda d: query_in_url(d) == "fire engine", "the URL after a search in code point order")
        check("order=codepoint" in driver.current_url, "a search in code point order did not keep it in the URL")
        driver.get(base + "/?lang=")
        box = driver.find_element(By.ID, "query")

        # Enter searches at once, and makes a step in the history.
        box.clear()
        box.send_keys("sun with face", Keys.ENTER)
        sun_with_face = found_caption(base, "sun with face")
        wait_for(driver, lambda d: caption(d) == sun_with_face, "the caption of `sun with face` after Enter")
        wait_for(driver, lambda d: query_in_url(d) == "sun with face", "the query in the URL after Enter")
        box.clear()
        box.send_keys("dog face", Keys.ENTER)
        wait_for(driver, lambda d: query_in_url(d) == "dog face", "the URL after a second Enter")
        dog_caption = wait_for(driver, lambda d: caption(d) if caption(d).endswith("found") and
                               rows(d) and "DOG" in rows(d)[0].text else None, "the dog face results")

        # Back and forward.
        driver.back()
        wait_for(driver, lambda d: caption(d) == sun_with_face and query_in_url(d) == "sun with face",
                 "the results of the previous query after Back")
        check(driver.find_element(By.ID, "query").get_attribute("value") == "sun with face",
              "Back did not put the query back in the box")
        driver.forward()
        wait_for(driver, lambda d: caption(d) == dog_caption and query_in_url(d) == "dog face",
                 "the results of the next query after Forward")

        # Copying: a click on Copy, then Enter on a Copy reached with the
        # keyboard; the button and a toast say so, and the strip keeps it.
        driver.get(base + "/?q=cat+face&lang=")
        check(caption(driver) == found_caption(base, "cat face"), "/?q=cat+face did not open with its results")
        rows(driver)[0].find_element(By.CSS_SELECTOR, "button.copy").click()
        toast = driver.find_element(By.ID, "toast")
        wait_for(driver, lambda d: toast.text.startswith("Copied \U0001F431"), "the confirmation of a copy by click")
        check(rows(driver)[0].find_element(By.CSS_SELECTOR, "button.copy").text == "Copied",
              "the Copy button does not say Copied")
        check("copied" in rows(driver)[0].get_attribute("class"), "the copied row is not marked")
        third = rows(driver)[2].find_element(By.CSS_SELECTOR, ".glyph").text
        rows(driver)[2].find_element(By.CSS_SELECTOR, "button.copy").send_keys(Keys.ENTER)
        wait_for(driver, lambda d: toast.text.startswith("Copied " + third), "the confirmation of a copy by Enter")
        wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#recent li")) == 2, "two recently copied")
        rows(driver)[2].find_element(By.CSS_SELECTOR, ".glyph").send_keys(Keys.ARROW_DOWN)
        check(driver.switch_to.active_element == rows(driver)[3].find_element(By.CSS_SELECTOR, ".glyph"),
              "the down arrow did not move to the next character")

        # Huge answers a page at a time.
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("cjk", Keys.ENTER)
        wait_for(driver, lambda d: re.fullmatch(r"[\d,]+ characters found", caption(d)) and len(rows(d)) == 100,
                 "the first page of `cjk`")
        total = int(caption(driver).split()[0].replace(",", ""))
        check(total > 90000, f"cjk found only {total}")
        started = time.monotonic()
        steady_click(driver, driver.find_element(By.ID, "more"), "the button for the second page of `cjk`")
        wait_for(driver, lambda d: len(rows(d)) == 200, "the second page of `cjk`")
        check(time.monotonic() - started < 5, "the second page of `cjk` took over 5 s")
        check(code_of(rows(driver)[100]) != code_of(rows(driver)[99]), "the second page repeats the first")

        errors = console_errors(driver)
        check(not errors, f"the console holds errors: {errors}")

        # A query the server cannot answer says why. The browser itself
        # notes the API's 400 in the console, and nothing else may be there.
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("U+2603..U+2600", Keys.ENTER)
        wait_for(driver, lambda d: caption(d) == "the range U+2603..U+2600 runs backwards", "the error in the caption")
        errors = [entry for entry in console_errors(driver)
                  if not (entry["source"] == "network" and "/search?q=U%2B2603..U%2B2600" in entry["message"]
                          and entry["message"].endswith("400 (Bad Request)"))]
        check(not errors, f"the console holds errors beside the 400: {errors}")

        # A phone's width: nothing wider than the screen; the dark scheme.
        driver.set_window_size(390, 844)
        driver.get(base + "/?q=cat+face")
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, f"at a phone's width the page is {overflow} px too wide")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        levels = [int(n) for n in re.findall(r"\d+", background)[:3]]
        check(sum(levels) < 3 * 80, f"the dark scheme's background is {background}")

        errors = console_errors(driver)
        check(not errors, f"the console holds errors: {errors}")
    finally:
        driver.quit()


def without_javascript(base):
    driver = browser(javascript=False)
    try:
        driver.get(base + "/?q=chat&lang=")
        check(caption(driver) == found_caption(base, "chat"), "without JavaScript, /?q=chat&lang= is not without a language")
        driver.get(base + "/?q=chat")
        check(driver.find_element(By.ID, "lang").get_attribute("value") == "fr" and
              "CAT FACE" in driver.find_element(By.ID, "results").text,
              "without JavaScript, the page did not take the browser's language")
        driver.get(base + "/?q=cat+face&lang=")
        cat_face = found_caption(base, "cat face")
        check(caption(driver) == cat_face, "without JavaScript, /?q=cat+face has no results")
        check(len(rows(driver)) == int(cat_face.split()[0]), "without JavaScript, /?q=cat+face does not show every row")
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("cjk", Keys.ENTER)
        wait_for(driver, lambda d: query_in_url(d) == "cjk" and len(rows(d)) == 100,
                 "the form's own submission without JavaScript")
        steady_click(driver, driver.find_element(By.CSS_SELECTOR, "#pager a[rel=next]"), "the link to the next page")
        wait_for(driver, lambda d: "offset=100" in d.current_url and
                 code_of(rows(d)[0]) != "U+2E80", "the next page by its link")
        errors = console_errors(driver)
        check(not errors, f"the console holds errors without JavaScript: {errors}")
    finally:
        driver.quit()


AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "axe-core", "axe.min.js")
COLOUR_EMOJI_FONTS = ("Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", "Twemoji Mozilla")


def axe_violations(driver):
    """axe-core's default rules on the page as it stands: the violations, by rule and node."""
    with open(AXE, encoding="utf-8") as source:
        driver.execute_script(source.read())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then((r) => done({passes: r.passes.length, violations: r.violations.map((v) => v.id +"
        " ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))}), (e) => done({passes: 0, violations:"
        " ['axe failed: ' + e]}));")
    # A run that checked nothing proves nothing.
    check(isinstance(result, dict) and result["passes"] > 0, f"axe did not run: {result}")
    return result["violations"]


def glyph_style(driver, row):
    return driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [parseFloat(s.fontSize), s.fontFamily];",
        row.find_element(By.CSS_SELECTOR, ".glyph"))


def detail_panel(driver, what):
    return wait_for(driver, lambda d: d.find_element(By.ID, "detail") if d.find_element(By.ID, "detail")
                    .is_displayed() else None, f"the detail panel of {what}")


def detail_rows(driver, names):
    """The detail panel's rows of those names, once it shows them all."""
    panel = driver.find_element(By.ID, "detail")
    shown = dict(zip((dt.text for dt in panel.find_elements(By.TAG_NAME, "dt")),
                     (dd.text for dd in panel.find_elements(By.TAG_NAME, "dd"))))
    wanted = {name: shown[name] for name in names if name in shown}
    return wanted if len(wanted) == len(list(names)) else None


def loosely(rows):
    """Rows with the block's name folded as UAX #44 matches it (case, spaces,
    `-` and `_` do not count): Blocks.txt's spelling and the long alias agree."""
    return {name: "".join(c for c in value.lower() if c not in " -_") if name == "Block" else value
            for name, value in (rows or {}).items()}


def found_caption(base, query, language="", parameter="lang"):
    """The page's caption for a query in relevance order, its default: the
    count as the JSON API's X-Total-Count gives it."""
    url = f"{base}/search?q={urllib.parse.quote(query)}&{parameter}={language}&order=relevance&limit=1"
    with urllib.request.urlopen(url, timeout=10) as response:
        count = int(response.headers["X-Total-Count"])
    return f"{count:,} character{'' if count == 1 else 's'} found"


def search_characters(base, query, language):
    url = f"{base}/search?q={urllib.parse.quote(query)}&lang={language}&order=relevance&limit=100"
    with urllib.request.urlopen(url, timeout=10) as response:
        return [result["char"] for result in json.load(response)]


def picker(base):
    """What the issue of the picker asks the page to be, checked where a person sees it."""
    driver = browser(width=1280, height=800, languages="en")
    try:
        # Big glyphs, in colour for emoji: tiles for `cat face`, lines on asking.
        driver.get(base + "/?q=cat+face&lang=")
        size, family = glyph_style(driver, rows(driver)[0])
        check(size >= 48, f"a tile's glyph is {size} px")
        check(family.strip('"').startswith(COLOUR_EMOJI_FONTS), f"an emoji's fonts begin {family}")
        driver.get(base + "/?q=cat+face&lang=&view=list")
        size, _ = glyph_style(driver, rows(driver)[0])
        check(size >= 32, f"a line's glyph is {size} px")

        # The detail panel, opened by a link to one character: the code
        # points and UTF-8 of a sequence and of é, and é's block and category.
        for query, code_points, utf8 in (("\U0001F408\u200D\u2B1B", "U+1F408 U+200D U+2B1B", "F0 9F 90 88 E2 80 8D E2 AC 9B"),
                                         ("U+00E9", "U+00E9", "C3 A9")):
            driver.get(base + "/?q=" + urllib.parse.quote(query) + "&lang=")
            check(len(rows(driver)) == 1, f"{query} does not find one character")
            panel = detail_panel(driver, query)
            values = [dd.text for dd in panel.find_elements(By.TAG_NAME, "dd")]
            check(values[:2] == [code_points, utf8], f"the detail panel of {query} shows {values}")
        e_acute = {"Block": "Latin-1 Supplement", "Category": "Lowercase Letter (Ll)"}
        check(loosely(wait_for(driver, lambda d: detail_rows(d, e_acute.keys()), "é's block and category")) ==
              loosely(e_acute),
              f"é's block and category are {detail_rows(driver, e_acute.keys())}")
        # An item the script made from the API's answer has them too.
        driver.find_element(By.CSS_SELECTOR, "#detail .actions button.quiet").click()
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("a grave", Keys.ENTER)
        wait_for(driver, lambda d: query_in_url(d) == "a grave" and rows(d), "the answer to a grave")
        rows(driver)[0].find_element(By.CSS_SELECTOR, ".names").click()
        detail_panel(driver, "a grave")
        a_grave = {"Block": "Latin-1 Supplement", "Category": "Uppercase Letter (Lu)"}
        check(loosely(wait_for(driver, lambda d: detail_rows(d, a_grave.keys()), "À's block and category")) ==
              loosely(a_grave),
              f"À's block and category are {detail_rows(driver, a_grave.keys())}")

        # Rows the script renders from the API show each glyph as the
        # server's rows do: a control as its picture, a line separator and
        # a bidirectional control as the server shows them, a mark on a
        # dotted circle.
        controls = "U+0007 U+2028 U+202E U+0301"
        driver.get(base + "/?q=" + urllib.parse.quote(controls) + "&lang=")
        served = [row.find_element(By.CSS_SELECTOR, ".glyph").text for row in rows(driver)]
        check(len(served) == 4, f"the server's page shows {len(served)} rows for {controls}")
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("cat", Keys.ENTER)
        wait_for(driver, lambda d: query_in_url(d) == "cat" and rows(d), "the answer to cat")
        box.clear()
        box.send_keys(controls, Keys.ENTER)
        wait_for(driver, lambda d: query_in_url(d) == controls and len(rows(d)) == 4, f"the answer to {controls}")
        rendered = [row.find_element(By.CSS_SELECTOR, ".glyph").text for row in rows(driver)]
        check(rendered == served, f"the script shows {rendered!r} where the server shows {served!r}")

        # The page gives the characters /search gives, with a language and without.
        for query in ("cat", "fire", "flag", "heart", "chat", "coeur", "pecil", ":tada:", "arrow left", "smil*"):
            for language in ("", "fr"):
                driver.get(f"{base}/?q={urllib.parse.quote(query)}&lang={language}")
                shown = [row.find_element(By.CSS_SELECTOR, "code").text for row in rows(driver)]
                wanted = [" ".join(f"U+{ord(c):04X}" for c in chars)
                          for chars in search_characters(base, query, language)]
                check(shown == wanted, f"the page and /search differ for {query!r}, lang={language!r}")

        # At a phone's size, the confirmation of a copy in row 31 is on screen.
        driver.set_window_size(390, 844)
        driver.get(base + "/?q=arrow&lang=")
        copy = rows(driver)[30].find_element(By.CSS_SELECTOR, "button.copy")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", copy)
        copy.click()
        toast = driver.find_element(By.ID, "toast")
        wait_for(driver, lambda d: toast.text.startswith("Copied"), "the toast after copying row 31")
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                    "return [r.top, r.bottom, innerHeight];", toast)
        check(0 <= box[0] and box[1] <= box[2], f"the toast is at {box[:2]} in a viewport {box[2]} high")
        width = driver.execute_script("return [document.getElementById('query').getBoundingClientRect().width,"
                                      " document.documentElement.clientWidth]")
        check(width[0] >= 0.6 * width[1], f"the search box is {width[0]} of {width[1]} px")
        driver.get(base + "/?q=cat+face&lang=")
        first = driver.execute_script("return arguments[0].getBoundingClientRect().bottom", rows(driver)[0])
        check(first <= 844, f"the first result ends at y = {first}")

        # axe-core, default rules: nothing in either scheme, at either size.
        pages = ("/", "/?q=cat+face", "/?q=flag", "/?q=qqqqqqqqqqqqqqq", "/?q=U%2B2603..U%2B2600")
        for width, height in ((1280, 800), (390, 844)):
            driver.set_window_size(width, height)
            for scheme in ("light", "dark"):
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                       {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                for path in pages:
                    driver.get(base + path)
                    found = axe_violations(driver)
                    check(not found, f"axe at {width}x{height}, {scheme}, {path}: {found}")
    finally:
        driver.quit()


# Clicks "Show 100 more" 40 times in the page, each once the last rows
# have come, and gives the rows then shown and the longest task the
# browser ran meanwhile (the Long Tasks API reports those over 50 ms).
LONG_LIST = """
const done = arguments[arguments.length - 1];
let longest = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); })
  .observe({type: "longtask"});
const rows = () => document.querySelectorAll("#results > li").length;
(async () => {
  for (let i = 0; i < 40; i++) {
    const before = rows();
    document.getElementById("more").click();
    while (rows() < before + 100) await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 300));
  done([rows(), longest]);
})();
"""


def page_edges(base):
    """Long lists, a page opened at an offset, code points without a name,
    what the browser keeps, and the focus after the panel."""
    driver = browser(width=1280, height=800, languages="en")
    try:
        # Appending costs the same at any length, in every view: tiles
        # chosen for a first symbol, lines for a first letter, or either asked.
        driver.set_script_timeout(120)
        for path in ("/?q=category:L&lang=", "/?q=category:So&lang=", "/?q=category:L&lang=&view=list",
                     "/?q=category:L&lang=&view=grid"):
            driver.get(base + path)
            shown, longest = driver.execute_async_script(LONG_LIST)
            check(shown == 4100, f"{path}: {shown} rows after 40 pages more")
            check(longest < 100, f"{path}: a task of {longest} ms after 40 pages more")

        # Opened at an offset, the page keeps its way back and counts from there.
        total = int(urllib.request.urlopen(f"{base}/search?q=letter&limit=1&order=relevance", timeout=10).headers["X-Total-Count"])
        driver.get(base + "/?q=letter&lang=&offset=200")
        pager = driver.find_element(By.ID, "pager")
        back = pager.find_element(By.CSS_SELECTOR, "a[rel=prev]")
        check("offset=100" in back.get_attribute("href"), f"the way back leads to {back.get_attribute('href')}")
        check(f"201 to 300 of {total:,}" in pager.text, f"the pager at offset 200 says {pager.text!r}")
        steady_click(driver, driver.find_element(By.ID, "more"), "the button after offset 200")
        wait_for(driver, lambda d: len(rows(d)) == 200, "a second page after offset 200")
        check(f"201 to 400 of {total:,}" in pager.text, f"the pager after one more says {pager.text!r}")
        driver.get(base + "/?q=cat&lang=&offset=500")
        back = driver.find_element(By.CSS_SELECTOR, "#pager a[rel=prev]")
        check("offset=" not in back.get_attribute("href") or "offset=0" in back.get_attribute("href"),
              f"past the end, the way back leads to {back.get_attribute('href')}")

        # A code point without a name: no UTF-8 for a surrogate, and its category.
        for query, category in (("U+D800", "Surrogate (Cs)"), ("U+E000", "Private Use (Co)"),
                                ("U+0378", "Unassigned (Cn)")):
            driver.get(base + "/?q=" + urllib.parse.quote(query) + "&lang=")
            detail_panel(driver, query)
            shown = wait_for(driver, lambda d: detail_rows(d, ["UTF-8", "Category"]), f"{query}'s details")
            check(shown["Category"] == category, f"{query}'s category is {shown['Category']!r}")
            if query == "U+D800":
                check(shown["UTF-8"].startswith("none"), f"a surrogate's UTF-8 is {shown['UTF-8']!r}")
            else:
                check(shown["UTF-8"] != "EF BF BD", f"{query}'s UTF-8 is U+FFFD's bytes")

        # The strip of recent copies shows no more than it keeps, whatever
        # the storage holds.
        driver.get(base + "/?q=cat+face&lang=")
        driver.execute_script("localStorage.setItem('mojifinder.recent', JSON.stringify("
                              "Array.from({length: 5000}, (_, i) => ({char: String.fromCodePoint(0x4E00 + i), name: 'x'}))))")
        driver.get(base + "/?q=cat+face&lang=")
        strip = driver.find_elements(By.CSS_SELECTOR, "#recent li")
        check(0 < len(strip) <= 16, f"the recent strip shows {len(strip)} buttons")
        driver.execute_script("localStorage.removeItem('mojifinder.recent')")

        # Closed, the panel gives the focus back to the glyph that opened it.
        driver.get(base + "/?q=cat+face&lang=")
        glyph = rows(driver)[2].find_element(By.CSS_SELECTOR, ".glyph")
        glyph.send_keys(Keys.ENTER)
        detail_panel(driver, "the third cat")
        driver.find_element(By.CSS_SELECTOR, "#detail .actions button.quiet").click()
        check(driver.switch_to.active_element == glyph,
              "after Close the focus is on " + driver.switch_to.active_element.get_attribute("outerHTML")[:80])
    finally:
        driver.quit()


def screenshots(base, folder):
    """README's pictures: a desktop in the light scheme, a phone in the dark
    one, the detail panel; each once what it shows has come."""
    driver = browser(width=1280, height=800, languages="en")
    try:
        driver.get(base + "/?q=cat+face")
        wait_for(driver, lambda d: len(rows(d)) >= 10, "the cats")
        driver.save_screenshot(os.path.join(folder, "web-page.png"))
        driver.get(base + "/?q=U%2B1F431")
        detail_panel(driver, "the cat face")
        wait_for(driver, lambda d: detail_rows(d, ["Block", "Category"]), "the cat face's details")
        driver.save_screenshot(os.path.join(folder, "web-page-detail.png"))
        driver.set_window_size(390, 844)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        driver.get(base + "/?q=heart")
        wait_for(driver, lambda d: len(rows(d)) > 10, "the hearts")
        driver.save_screenshot(os.path.join(folder, "web-page-phone-dark.png"))
    finally:
        driver.quit()


def main():
    if len(sys.argv) != 3:
        fail("usage: browser.py PROGRAM SCREENSHOTS")
    program, folder = sys.argv[1], sys.argv[2]
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            print(f"SKIP: {path} is not installed (Debian package {package})")
            sys.exit(77)
    os.makedirs(folder, exist_ok=True)
    server, port = start_server(program)
    try:
        base = f"http://127.0.0.1:{port}"
        with_javascript(base)
        without_javascript(base)
        picker(base)
        page_edges(base)
        screenshots(base, folder)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print("PASS: the page in chromium; screenshots in " + folder)


if __name__ == "__main__":
    main()
