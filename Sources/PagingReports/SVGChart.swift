/// What every chart shares: the SVG frame, the axes, the legend drawn
/// inside the picture (for the standalone files a code host shows), and
/// number text that never varies between runs.
///
/// Charts scale to their container through `viewBox`; the marks sit in a
/// `rect.plot-area`, so a test can check none is drawn outside it.
enum SVGChart {
  /// The drawing's width in SVG units; the page scales it to fit.
  static let width = 560.0
  /// Space for the y axis's labels and title.
  static let left = 96.0
  /// Space on the right, for the last x label.
  static let right = 24.0
  /// Space for the title.
  static let top = 44.0
  /// Space for the x axis's labels and title.
  static let bottom = 64.0
  /// Height of one legend row.
  static let legendRow = 20.0

  /// The opening tag, title and background. `height` is the whole drawing's.
  static func header(id: String, title: String, height: Double) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(fixed(height))\" "
      + "preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"\(xmlEscape(title))\" font-family=\"sans-serif\">\n"
      + "<title>\(xmlEscape(title))</title>\n"
      + "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(fixed(height))\" fill=\"#ffffff\"/>\n"
      + "<text x=\"12\" y=\"26\" font-size=\"17\" font-weight=\"bold\" class=\"chart-title\">\(xmlEscape(title))</text>\n"
  }

  /// The plot area's rectangle, axes, grid lines and labels. Positions in
  /// `xTicks`/`yTicks` are already on screen.
  static func axes(
    plot: (x: Double, y: Double, width: Double, height: Double), xTitle: String, yTitle: String,
    xTicks: [(Double, String)], yTicks: [(Double, String)], xGrid: Bool = false
  ) -> String {
    let bottomY = plot.y + plot.height
    let rightX = plot.x + plot.width
    var svg =
      "<rect class=\"plot-area\" x=\"\(fixed(plot.x))\" y=\"\(fixed(plot.y))\" width=\"\(fixed(plot.width))\" height=\"\(fixed(plot.height))\" fill=\"none\" stroke=\"#dddddd\"/>\n"
    svg += "<g class=\"axes\" font-size=\"15\" fill=\"#333333\">\n"
    for (y, label) in yTicks {
      svg +=
        "<line x1=\"\(fixed(plot.x))\" y1=\"\(fixed(y))\" x2=\"\(fixed(rightX))\" y2=\"\(fixed(y))\" stroke=\"#e6e6e6\"/>\n"
      svg +=
        "<text x=\"\(fixed(plot.x - 6))\" y=\"\(fixed(y + 4))\" text-anchor=\"end\" class=\"tick\">\(xmlEscape(label))</text>\n"
    }
    for (index, (x, label)) in xTicks.enumerated() {
      if xGrid {
        svg +=
          "<line x1=\"\(fixed(x))\" y1=\"\(fixed(plot.y))\" x2=\"\(fixed(x))\" y2=\"\(fixed(bottomY))\" stroke=\"#e6e6e6\"/>\n"
      }
      svg +=
        "<line x1=\"\(fixed(x))\" y1=\"\(fixed(bottomY))\" x2=\"\(fixed(x))\" y2=\"\(fixed(bottomY + 5))\" stroke=\"#333333\"/>\n"
      svg +=
        "<text x=\"\(fixed(x))\" y=\"\(fixed(bottomY + 22))\" text-anchor=\"middle\" font-size=\"13\" class=\"tick\(index % 2 == 1 && xTicks.count > 5 ? " minor" : "")\">\(xmlEscape(label))</text>\n"
    }
    svg +=
      "<line x1=\"\(fixed(plot.x))\" y1=\"\(fixed(bottomY))\" x2=\"\(fixed(rightX))\" y2=\"\(fixed(bottomY))\" stroke=\"#333333\"/>\n"
    svg +=
      "<line x1=\"\(fixed(plot.x))\" y1=\"\(fixed(plot.y))\" x2=\"\(fixed(plot.x))\" y2=\"\(fixed(bottomY))\" stroke=\"#333333\"/>\n"
    if !xTitle.isEmpty {
      svg +=
        "<text x=\"\(fixed(plot.x + plot.width / 2))\" y=\"\(fixed(bottomY + 48))\" text-anchor=\"middle\" font-size=\"15\" class=\"axis-title\">\(xmlEscape(xTitle))</text>\n"
    }
    if !yTitle.isEmpty {
      let middle = plot.y + plot.height / 2
      svg +=
        "<text x=\"18\" y=\"\(fixed(middle))\" text-anchor=\"middle\" font-size=\"15\" class=\"axis-title\" transform=\"rotate(-90 18 \(fixed(middle)))\">\(xmlEscape(yTitle))</text>\n"
    }
    return svg + "</g>\n"
  }

  /// A legend drawn in the picture from `top` down, one row per series:
  /// a stretch of its line with its marker, then its names.
  static func legend(_ entries: [(label: String, style: SeriesStyle, line: Bool)], top: Double) -> String {
    var svg = "<g class=\"svg-legend\" font-size=\"13\">\n"
    for (index, entry) in entries.enumerated() {
      let y = top + legendRow * Double(index) + 10
      if entry.line {
        svg +=
          "<line x1=\"14\" y1=\"\(fixed(y))\" x2=\"44\" y2=\"\(fixed(y))\" stroke=\"\(entry.style.colour)\" stroke-width=\"2\"\(dashAttribute(entry.style))/>\n"
        svg += entry.style.marker(x: 29, y: y, extra: "") + "\n"
      } else {
        svg += "<rect x=\"16\" y=\"\(fixed(y - 6))\" width=\"26\" height=\"12\" fill=\"\(entry.style.colour)\"/>\n"
      }
      svg += "<text x=\"52\" y=\"\(fixed(y + 4))\">\(xmlEscape(entry.label))</text>\n"
    }
    return svg + "</g>\n"
  }

  /// ` stroke-dasharray="..."`, or nothing for a solid line.
  static func dashAttribute(_ style: SeriesStyle) -> String {
    style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash)\""
  }

  /// The HTML legend beside a chart on the page: one button per series
  /// (click hides or shows it), with a small drawing of its line and marker.
  static func htmlLegend(chart id: String, _ entries: [(series: ChartSeries, style: SeriesStyle, line: Bool)]) -> String
  {
    var html = "<ul class=\"legend\" data-chart=\"\(id)\">\n"
    for entry in entries {
      let swatch: String
      if entry.line {
        swatch =
          "<line x1=\"1\" y1=\"8\" x2=\"31\" y2=\"8\" stroke=\"\(entry.style.colour)\" stroke-width=\"2\"\(dashAttribute(entry.style))/>"
          + entry.style.marker(x: 16, y: 8, extra: "")
      } else {
        swatch = "<rect x=\"3\" y=\"2\" width=\"26\" height=\"12\" fill=\"\(entry.style.colour)\"/>"
      }
      html +=
        "<li data-archs=\"\(xmlEscape(entry.series.architectures.joined(separator: " ")))\">"
        + "<button type=\"button\" class=\"legend-entry\" data-series=\"\(xmlEscape(entry.series.label))\" aria-pressed=\"true\">"
        + "<svg class=\"swatch\" viewBox=\"0 0 32 16\" width=\"32\" height=\"16\" aria-hidden=\"true\">\(swatch)</svg> "
        + xmlEscape(entry.series.label) + "</button></li>\n"
    }
    return html + "</ul>\n"
  }

  /// Two decimals, from integer arithmetic so output never varies.
  static func fixed(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}

/// Text made safe inside XML elements and quoted attributes.
func xmlEscape(_ text: String) -> String {
  var out = ""
  for character in text {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    default: out.append(character)
    }
  }
  return out
}
