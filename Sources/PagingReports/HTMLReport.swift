import PagingCore

extension ComparisonReport {
  /// One self-contained page: inline CSS, SVG and a small script, nothing
  /// loaded from anywhere. Everything shows without the script; with it,
  /// the reader can choose architectures, toggle series and sort tables.
  /// Written as well-formed XHTML so any XML parser can check it.
  public func html() -> String {
    var out = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>Paging architectures compared</title>
      <style>
      \(Self.styleSheet)
      </style>
      </head>
      <body>
      <header>
      <h1>Paging architectures compared</h1>
      <p>How big page tables get, and why, on \(counted(architectures.count, "architecture")): \(xmlEscape(architectures.map(\.name).joined(separator: ", "))).</p>
      </header>
      <nav class="contents" aria-label="Contents">
      <h2 id="contents">Contents</h2>
      <ol>

      """
    for section in sections {
      out += "<li><a href=\"#\(xmlEscape(section.id))\">\(xmlEscape(section.title))</a></li>\n"
    }
    out += "</ol>\n</nav>\n" + chooserHTML() + "<main>\n"
    for section in sections {
      out += "<section id=\"\(xmlEscape(section.id))\">\n<h2>\(xmlEscape(section.title))</h2>\n"
      for block in section.blocks { out += Self.html(block) }
      out += "</section>\n"
    }
    out +=
      "</main>\n<footer>\n<p>Written by <code>paging report</code>, version \(xmlEscape(inputs.toolVersion)), from "
      + "\(xmlEscape(inputs.architectureSource)) and \(xmlEscape(inputs.scenarioSource)). The same inputs always give the "
      + "same page; regenerate it with <code>make run</code>. The numbers are also in report.json and the CSV files "
      + "beside this page.</p>\n</footer>\n"
    out += "<script>\n//<![CDATA[\n\(Self.script)\n//]]>\n</script>\n"
    return out + "</body>\n</html>\n"
  }

  /// The architecture chooser: hidden until the script shows it, since it
  /// does nothing without the script.
  func chooserHTML() -> String {
    var html =
      "<form class=\"chooser\" id=\"chooser\" hidden=\"hidden\">\n<details>\n<summary>Choose the architectures shown</summary>\n"
      + "<fieldset>\n<legend>Architectures shown in every table and chart</legend>\n"
    html +=
      "<button type=\"button\" data-choose=\"all\">all</button> <button type=\"button\" data-choose=\"none\">none</button>\n<div class=\"choices\">\n"
    for arch in architectures {
      html +=
        "<label><input type=\"checkbox\" name=\"arch\" value=\"\(xmlEscape(arch.name))\" checked=\"checked\"/> \(xmlEscape(arch.name))</label>\n"
    }
    return html + "</div>\n</fieldset>\n</details>\n</form>\n"
  }

  static func html(_ block: ReportBlock) -> String {
    switch block {
    case .paragraph(let text):
      return "<p>\(xmlEscape(text))</p>\n"
    case .list(let items):
      return "<ul>\n" + items.map { "<li>\(xmlEscape($0))</li>\n" }.joined() + "</ul>\n"
    case .subheading(let id, let title):
      return "<h3 id=\"\(xmlEscape(id))\">\(xmlEscape(title))</h3>\n"
    case .chart(let chart):
      return "<figure class=\"chart-figure\" id=\"\(xmlEscape(chart.id))-figure\">\n" + chart.svg(withLegend: false)
        + chart.htmlLegend() + "</figure>\n"
    case .table(let table):
      return table.html()
    case .raw(let html, _):
      return html
    }
  }
}
