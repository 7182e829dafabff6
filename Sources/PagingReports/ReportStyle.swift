extension ComparisonReport {
  /// The page's style sheet: one column that fits any width, tables that
  /// scroll in their own box with the first column fixed, charts that
  /// scale, and a print layout without the controls.
  static let styleSheet = """
    * { box-sizing: border-box; }
    body { font-family: system-ui, sans-serif; line-height: 1.45; color: #222222; margin: 0 auto; padding: 0 16px 32px; max-width: 1100px; overflow-wrap: break-word; }
    h1 { font-size: 1.7em; margin: 0.8em 0 0.2em; }
    h2 { border-bottom: 1px solid #dddddd; padding-bottom: 0.2em; margin-top: 2em; }
    code { font-size: 0.95em; }
    .contents ol { columns: 2 16em; padding-left: 1.4em; }
    .table-scroll { overflow-x: auto; max-width: 100%; margin: 1em 0; border: 1px solid #dddddd; }
    table.data { border-collapse: separate; border-spacing: 0; font-size: 14px; min-width: 100%; }
    p.caption { font-weight: bold; margin: 1.2em 0 0.3em; }
    p.caption + .table-scroll { margin-top: 0; }
    table.data th, table.data td { border-bottom: 1px solid #e4e4e4; padding: 4px 8px; text-align: left; vertical-align: top; white-space: nowrap; }
    table.data thead th { background: #f2f2f2; white-space: normal; min-width: 5em; vertical-align: bottom; }
    table.data tbody th { position: sticky; left: 0; background: #ffffff; font-weight: normal; z-index: 1; border-right: 1px solid #dddddd; white-space: normal; max-width: 14em; }
    table.data .nw { white-space: nowrap; }
    table.data thead th:first-child { position: sticky; left: 0; z-index: 2; }
    table.data .num { text-align: right; font-variant-numeric: tabular-nums; }
    table.data td:not(.num):not(.na) { white-space: normal; min-width: 14em; }
    table.data .na { color: #777777; text-align: center; }
    table.sortable thead button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; color: inherit; }
    table.sortable thead th[aria-sort] button::after { content: " \\2195"; color: #888888; }
    .chart-figure { margin: 1.5em 0; }
    svg.chart { width: 100%; height: auto; max-width: 760px; display: block; }
    ul.legend { list-style: none; padding: 0; margin: 0.4em 0; display: flex; flex-wrap: wrap; gap: 4px 10px; }
    ul.legend button { font: inherit; font-size: 14px; background: #ffffff; border: 1px solid #cccccc; border-radius: 4px; padding: 2px 6px; cursor: pointer; text-align: left; }
    ul.legend button[aria-pressed="false"] { opacity: 0.4; text-decoration: line-through; }
    svg.swatch { vertical-align: middle; }
    .chooser { margin: 1em 0; }
    .chooser summary { cursor: pointer; font-weight: bold; }
    .chooser fieldset { border: 1px solid #cccccc; border-radius: 4px; margin-top: 6px; }
    .chooser .choices { display: flex; flex-wrap: wrap; gap: 2px 14px; margin-top: 6px; }
    .chooser label { white-space: nowrap; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 30em), 1fr)); gap: 16px; }
    .card { border: 1px solid #cccccc; border-radius: 6px; padding: 4px 14px 10px; min-width: 0; }
    .card h3 { margin: 0.5em 0 0.2em; }
    .split { display: flex; border: 1px solid #335577; border-radius: 3px; overflow: hidden; font-size: 12px; overflow-wrap: normal; }
    .split .field { min-width: 3.7em; flex-basis: 0; border-right: 1px solid #335577; background: #eef4ff; padding: 2px 1px; text-align: center; overflow: hidden; }
    .split .field:last-child { border-right: 0; }
    .split .upper { background: #f2f2f2; }
    .split .offset { background: #fff4e5; }
    .split .bits, .split .name { display: block; overflow: hidden; }
    .split .bits { white-space: nowrap; }
    .split .bits { font-family: ui-monospace, monospace; }
    details.drawings { margin-top: 10px; }
    figure.drawing { margin: 8px 0; }
    .drawing-scroll { overflow-x: auto; max-width: 100%; border: 1px solid #eeeeee; }
    .drawing-scroll svg { display: block; max-width: none; }
    .note { color: #555555; }
    footer { margin-top: 3em; border-top: 1px solid #dddddd; color: #555555; font-size: 0.9em; }
    [hidden], .arch-hidden, .series-off { display: none !important; }
    @media (max-width: 600px) {
      svg.chart text.tick { font-size: 19px; }
      svg.chart text.minor { display: none; }
      svg.chart text.chart-title { font-size: 21px; }
      svg.chart text.axis-title, svg.chart text.group-label { font-size: 18px; }
    }
    @media print {
      .chooser, ul.legend { display: none !important; }
      body { max-width: none; padding: 0; }
      .table-scroll, .drawing-scroll { overflow: visible; border: 0; }
      table.data th, table.data td { white-space: normal; }
      section, figure, .card { break-inside: avoid-page; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
