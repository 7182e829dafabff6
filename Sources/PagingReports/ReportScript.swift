extension ComparisonReport {
  /// The page's only script: the architecture chooser, legend toggles and
  /// sortable tables. It loads nothing and the page is complete without it.
  static let script = """
    (function () {
      'use strict';
      var chooser = document.getElementById('chooser');
      function archsOf(element) {
        var list = element.getAttribute('data-archs');
        return list ? list.split(' ') : [];
      }
      function applyChoice() {
        var chosen = {};
        chooser.querySelectorAll('input[name=arch]').forEach(function (box) { chosen[box.value] = box.checked; });
        document.querySelectorAll('[data-archs]').forEach(function (element) {
          var archs = archsOf(element);
          var shown = archs.length === 0 || archs.some(function (name) { return chosen[name] !== false; });
          element.classList.toggle('arch-hidden', !shown);
        });
      }
      if (chooser) {
        chooser.hidden = false;
        chooser.addEventListener('change', applyChoice);
        chooser.querySelectorAll('button[data-choose]').forEach(function (button) {
          button.addEventListener('click', function () {
            var all = button.getAttribute('data-choose') === 'all';
            chooser.querySelectorAll('input[name=arch]').forEach(function (box) { box.checked = all; });
            applyChoice();
          });
        });
      }
      document.querySelectorAll('ul.legend').forEach(function (legend) {
        var chart = document.getElementById(legend.getAttribute('data-chart'));
        legend.querySelectorAll('button.legend-entry').forEach(function (button) {
          button.addEventListener('click', function () {
            var on = button.getAttribute('aria-pressed') !== 'true';
            button.setAttribute('aria-pressed', on ? 'true' : 'false');
            var name = button.getAttribute('data-series');
            chart.querySelectorAll('.series').forEach(function (series) {
              if (series.getAttribute('data-series') === name) { series.classList.toggle('series-off', !on); }
            });
          });
        });
      });
      function sortKey(cell, numeric) {
        if (!cell) { return null; }
        if (numeric) {
          var value = cell.getAttribute('data-value');
          return value === null || value === '' ? null : parseFloat(value);
        }
        return cell.textContent;
      }
      document.querySelectorAll('table.sortable').forEach(function (table) {
        var headings = table.querySelectorAll('thead th');
        headings.forEach(function (heading, column) {
          var button = document.createElement('button');
          button.type = 'button';
          button.textContent = heading.textContent;
          heading.textContent = '';
          heading.appendChild(button);
          heading.setAttribute('aria-sort', 'none');
          button.addEventListener('click', function () {
            var ascending = heading.getAttribute('aria-sort') !== 'ascending';
            headings.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
            heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            var numeric = heading.classList.contains('num');
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = sortKey(a.cells[column], numeric), y = sortKey(b.cells[column], numeric);
              if (x === null || y === null) { return x === y ? 0 : x === null ? 1 : -1; }
              var order = numeric ? x - y : x.localeCompare(y);
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
      });
    })();
    """
}
