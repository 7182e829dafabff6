#!/usr/bin/python3
"""The HTML report in a real browser.

Drives Debian's headless Chromium through Selenium and chromium-driver over
a freshly written report, at 390 and 1280 pixels wide, and checks what a
reader would see: the page never scrolls sideways, every chart mark lies in
its plot area and equals the table cell (and report.json number) it stands
for, nothing is logged as an error or fetched from anywhere, and the
architecture chooser, legend toggles and sorting work. Writes screenshots of
the page and of each chart at both widths for a person to look at.

Usage: report_test.py REPORT_FOLDER SCREENSHOT_FOLDER
"""

import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

WIDTHS = (390, 1280)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message, file=sys.stderr)


def browser(scripts=True):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        options.add_argument(argument)
    if not scripts:
        options.add_argument("--blink-settings=scriptEnabled=false")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


# Checks every chart mark against its plot area and the cells it refers to;
# returns a list of problems (empty when all is well) and the mark count.
MARKS_SCRIPT = r"""
var problems = [], count = 0;
document.querySelectorAll('svg.chart').forEach(function (svg) {
  var plot = svg.querySelector('rect.plot-area').getBoundingClientRect();
  svg.querySelectorAll('.mark').forEach(function (mark) {
    count += 1;
    var box = mark.getBoundingClientRect();
    var cx = box.left + box.width / 2, cy = box.top + box.height / 2, slack = 6;
    if (cx < plot.left - 0.5 || cx > plot.right + 0.5 || cy < plot.top - 0.5 || cy > plot.bottom + 0.5
        || box.left < plot.left - slack || box.right > plot.right + slack
        || box.top < plot.top - slack || box.bottom > plot.bottom + slack) {
      problems.push(svg.id + ': a mark lies outside the plot area: ' + mark.getAttribute('data-ref'));
    }
    var value = mark.getAttribute('data-value');
    var refs = (mark.getAttribute('data-ref') || '').split(' ').filter(function (r) { return r; });
    if (refs.length === 0) { problems.push(svg.id + ': a mark refers to no table cell'); }
    refs.forEach(function (ref) {
      var cells = Array.prototype.filter.call(document.querySelectorAll('td[data-ref], th[data-ref]'),
        function (cell) { return cell.getAttribute('data-ref') === ref; });
      if (cells.length !== 1) { problems.push(svg.id + ': ' + cells.length + ' cells for ' + ref); return; }
      var cell = cells[0];
      if (cell.getAttribute('data-value') !== value) {
        problems.push(svg.id + ': ' + ref + ' is ' + value + ' in the chart but ' + cell.getAttribute('data-value') + ' in the table');
      }
      var x = mark.getAttribute('data-x');
      if (x !== null && cell.hasAttribute('data-min')) {
        var low = parseInt(cell.getAttribute('data-min')), high = parseInt(cell.getAttribute('data-max'));
        if (parseInt(x) < low || parseInt(x) > high) { problems.push(svg.id + ': ' + ref + ' at ' + x + ' is outside ' + low + '-' + high); }
      }
    });
  });
});
return [problems, count];
"""


def json_numbers(folder):
    """page_table_bytes from report.json's workloads table, by chart key."""
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    table = next(t for t in report["tables"] if t["name"] == "workloads")
    numbers = {}
    for row in table["rows"]:
        key = "wl:%s:%s:%s:%s" % (row["layout"], row["pages"].replace(" ", "_"), row["architecture"], row["mapped_bytes"])
        numbers[key] = row["page_table_bytes"]
    return numbers


def visible(driver, selector):
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll(arguments[0]),"
        " function (e) { return [e.getAttribute('data-archs') || '', getComputedStyle(e).display !== 'none']; });", selector)


def check_chooser(driver):
    chooser = driver.find_element(By.ID, "chooser")
    check(chooser.is_displayed(), "the architecture chooser is shown when scripts run")
    driver.execute_script("arguments[0].querySelector('details').open = true", chooser)
    names = [box.get_attribute("value") for box in chooser.find_elements(By.CSS_SELECTOR, "input[name=arch]")]
    keep = "x86-64" if "x86-64" in names else names[0]
    driver.execute_script("arguments[0].scrollIntoView()", chooser)
    chooser.find_element(By.CSS_SELECTOR, "button[data-choose=none]").click()
    chooser.find_element(By.CSS_SELECTOR, "input[value='%s']" % keep).click()
    for selector in ("tr[data-archs]", "svg.chart .series[data-archs]", "svg.chart .bar-group", ".card"):
        states = visible(driver, selector)
        check(len(states) > 0, "the page has %s to choose" % selector)
        wrong = [archs for archs, shown in states if shown != (keep in archs.split(" "))]
        check(not wrong, "with only %s chosen, %s follow the choice (wrong: %s)" % (keep, selector, wrong[:3]))
    chooser.find_element(By.CSS_SELECTOR, "button[data-choose=all]").click()
    check(all(shown for _, shown in visible(driver, "tr[data-archs]")), "choosing all shows every row again")


def check_legend(driver):
    for legend in driver.find_elements(By.CSS_SELECTOR, "ul.legend"):
        chart = legend.get_attribute("data-chart")
        button = legend.find_element(By.CSS_SELECTOR, "button.legend-entry")
        name = button.get_attribute("data-series")
        script = ("var chart = document.getElementById(arguments[0]), name = arguments[1];"
                  " return Array.prototype.filter.call(chart.querySelectorAll('.series'),"
                  " function (s) { return s.getAttribute('data-series') === name; })"
                  ".map(function (s) { return getComputedStyle(s).display !== 'none'; });")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        before = driver.execute_script(script, chart, name)
        button.click()
        after = driver.execute_script(script, chart, name)
        button.click()
        again = driver.execute_script(script, chart, name)
        check(before and all(before), "%s: series %r is shown at first" % (chart, name))
        check(after and not any(after), "%s: clicking %r in the legend hides it" % (chart, name))
        check(again == before, "%s: clicking %r again shows it" % (chart, name))


def check_sorting(driver):
    table = driver.find_element(By.ID, "workloads-contiguous-base")
    heading = table.find_elements(By.CSS_SELECTOR, "thead th")[-1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", heading)
    read = ("return Array.prototype.map.call(arguments[0].tBodies[0].rows, function (r) {"
            " var c = r.cells[r.cells.length - 1]; return c.getAttribute('data-value'); });")
    heading.find_element(By.TAG_NAME, "button").click()
    values = driver.execute_script(read, table)
    numbers = [int(v) for v in values if v]
    check(numbers == sorted(numbers) and all(values[:len(numbers)]), "sorting by the last column orders it ascending, blanks last")
    heading.find_element(By.TAG_NAME, "button").click()
    values = driver.execute_script(read, table)
    numbers = [int(v) for v in values if v]
    check(numbers == sorted(numbers, reverse=True), "sorting again orders it descending")
    first_names = driver.execute_script(
        "return Array.prototype.map.call(arguments[0].tBodies[0].rows, function (r) { return r.cells[0].textContent; });", table)
    table.find_elements(By.CSS_SELECTOR, "thead th")[0].find_element(By.TAG_NAME, "button").click()
    names = driver.execute_script(
        "return Array.prototype.map.call(arguments[0].tBodies[0].rows, function (r) { return r.cells[0].textContent; });", table)
    check(names == sorted(first_names, key=lambda n: n), "sorting by architecture orders the names")


def network_and_console(driver, page_url):
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, "no console errors (got %s)" % errors[:3])
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            check(url == page_url or url.startswith("data:"), "no request beyond the file itself (got %s)" % url)


def main():
    folder, shots = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(shots, exist_ok=True)
    page_url = "file://" + os.path.join(folder, "report.html")
    numbers = json_numbers(folder)
    driver = browser()
    try:
        for width in WIDTHS:
            driver.set_window_size(width, 900)
            driver.get(page_url)
            inner = driver.execute_script("return window.innerWidth")
            # Window chrome takes some width; make the page itself the width asked for.
            driver.set_window_size(width + (width - inner), 900)
            driver.get(page_url)
            check(driver.execute_script("return window.innerWidth") == width, "the window is %d pixels wide" % width)
            # Every drawing open, so the widest content there is counts too.
            driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
            sideways = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            check(sideways <= 0, "at %d px the page does not scroll sideways (it is %d px too wide)" % (width, sideways))
            driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = false; })")
            problems, count = driver.execute_script(MARKS_SCRIPT)
            check(count > 0, "the charts have marks")
            for problem in problems[:20]:
                check(False, "at %d px: %s" % (width, problem))
            refs = driver.execute_script(
                "return Array.prototype.map.call(document.querySelectorAll('svg.chart .mark'),"
                " function (m) { return [m.getAttribute('data-ref'), m.getAttribute('data-value')]; });")
            for ref_list, value in refs:
                for ref in ref_list.split():
                    if ref.startswith("wl:"):
                        check(str(numbers.get(ref)) == value, "%s is %s in the chart and %s in report.json" % (ref, value, numbers.get(ref)))
            for figure in driver.find_elements(By.CSS_SELECTOR, "figure.chart-figure"):
                driver.execute_script("arguments[0].scrollIntoView()", figure)
                figure.screenshot(os.path.join(shots, "%s-%d.png" % (figure.get_attribute("id"), width)))
            check_chooser(driver)
            check_legend(driver)
            check_sorting(driver)
            network_and_console(driver, page_url)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width + (width - inner), min(height, 30000))
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(os.path.join(shots, "page-%d.png" % width))
    finally:
        driver.quit()
    # Without scripts the page is still complete: every table and chart is
    # there, and the chooser (which needs the script) stays out of sight.
    plain = browser(scripts=False)
    try:
        plain.set_window_size(1280, 900)
        plain.get(page_url)
        check(len(plain.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 5, "the charts show without scripts")
        check(len(plain.find_elements(By.CSS_SELECTOR, "table.data tbody tr")) > 100, "the tables show without scripts")
        check(not plain.find_element(By.ID, "chooser").is_displayed(), "the chooser is hidden without scripts")
    finally:
        plain.quit()
    if failures:
        print("%d browser checks failed" % len(failures), file=sys.stderr)
        sys.exit(1)
    print("browser checks passed at %s px; screenshots in %s" % (" and ".join(map(str, WIDTHS)), shots))


if __name__ == "__main__":
    main()
