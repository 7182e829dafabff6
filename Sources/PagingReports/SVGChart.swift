import PagingCore

/// Inline SVG charts: self-contained, well-formed XML, deterministic text.
///
/// Axes, tick labels and a legend are always drawn; colours come from the
/// Okabe–Ito palette, which stays distinguishable for colour-blind readers.
enum SVGChart {
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                        "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD"]
  static let width = 760.0, height = 440.0
  static let left = 80.0, right = 230.0, top = 40.0, bottom = 60.0

  /// A line chart. `xs` and `ys` are already in plot units (log2 bytes, log10
  /// ratio, bits, levels); `xTicks`/`yTicks` give positions and labels.
  static func lines(id: String, title: String, xLabel: String, yLabel: String,
                    series: [(label: String, points: [(x: Double, y: Double)])],
                    xTicks: [(Double, String)], yTicks: [(Double, String)], steps: Bool = false) -> String {
    let xs = xTicks.map(\.0), ys = yTicks.map(\.0)
    let (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
    let (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    func px(_ x: Double) -> Double { left + (x - x0) / max(x1 - x0, 1e-9) * plotWidth }
    func py(_ y: Double) -> Double { top + plotHeight - (y - y0) / max(y1 - y0, 1e-9) * plotHeight }
    var svg = header(id: id, title: title)
    svg += axes(xLabel: xLabel, yLabel: yLabel, xTicks: xTicks.map { (px($0.0), $0.1) }, yTicks: yTicks.map { (py($0.0), $0.1) })
    for (index, line) in series.enumerated() {
      let colour = palette[index % palette.count]
      var path: [String] = []
      for (pointIndex, point) in line.points.enumerated() {
        let y = min(max(point.y, y0), y1)
        if steps, pointIndex > 0 {
          path.append("L\(fixed(px(point.x))),\(fixed(py(min(max(line.points[pointIndex - 1].y, y0), y1))))")
        }
        path.append((pointIndex == 0 ? "M" : "L") + "\(fixed(px(point.x))),\(fixed(py(y)))")
      }
      svg += "<path class=\"series\" data-series=\"\(xmlEscape(line.label))\" d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
      for point in line.points {
        svg += "<circle cx=\"\(fixed(px(point.x)))\" cy=\"\(fixed(py(min(max(point.y, y0), y1))))\" r=\"2.5\" fill=\"\(colour)\"/>\n"
      }
    }
    svg += legend(series.map(\.label))
    return svg + "</svg>\n"
  }

  /// Grouped bars on a log10 axis: two bars (`first`, `second`) per group.
  static func bars(id: String, title: String, yLabel: String, groups: [(label: String, first: Double, second: Double)],
                   names: (String, String), yTicks: [(Double, String)]) -> String {
    let ys = yTicks.map(\.0)
    let (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    func py(_ y: Double) -> Double { top + plotHeight - (min(max(y, y0), y1) - y0) / max(y1 - y0, 1e-9) * plotHeight }
    let slot = plotWidth / Double(max(groups.count, 1))
    var svg = header(id: id, title: title)
    let xTicks = groups.enumerated().map { (left + slot * (Double($0.offset) + 0.5), $0.element.label) }
    svg += axes(xLabel: "", yLabel: yLabel, xTicks: xTicks, yTicks: yTicks.map { (py($0.0), $0.1) }, rotateX: true)
    for (index, group) in groups.enumerated() {
      let x = left + slot * Double(index)
      let barWidth = slot * 0.35
      for (offset, value, colour, name) in [(0.12, group.first, palette[0], names.0), (0.5, group.second, palette[1], names.1)] {
        let y = py(value)
        svg += "<rect class=\"bar\" data-series=\"\(xmlEscape(name))\" data-group=\"\(xmlEscape(group.label))\" x=\"\(fixed(x + slot * offset))\" y=\"\(fixed(y))\" width=\"\(fixed(barWidth))\" height=\"\(fixed(top + plotHeight - y))\" fill=\"\(colour)\"/>\n"
      }
    }
    svg += legend([names.0, names.1])
    return svg + "</svg>\n"
  }

  private static func header(id: String, title: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(xmlEscape(title))\">\n"
      + "<title>\(xmlEscape(title))</title>\n"
      + "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
      + "<text x=\"\(Int(left))\" y=\"24\" font-size=\"15\" font-weight=\"bold\">\(xmlEscape(title))</text>\n"
  }

  private static func axes(xLabel: String, yLabel: String, xTicks: [(Double, String)], yTicks: [(Double, String)],
                           rotateX: Bool = false) -> String {
    let plotRight = width - right, plotBottom = height - bottom
    var svg = "<g class=\"axes\" font-size=\"11\" fill=\"#333333\">\n"
    svg += "<line x1=\"\(Int(left))\" y1=\"\(Int(plotBottom))\" x2=\"\(Int(plotRight))\" y2=\"\(Int(plotBottom))\" stroke=\"#333333\"/>\n"
    svg += "<line x1=\"\(Int(left))\" y1=\"\(Int(top))\" x2=\"\(Int(left))\" y2=\"\(Int(plotBottom))\" stroke=\"#333333\"/>\n"
    for (x, label) in xTicks {
      svg += "<line x1=\"\(fixed(x))\" y1=\"\(Int(plotBottom))\" x2=\"\(fixed(x))\" y2=\"\(Int(plotBottom) + 5)\" stroke=\"#333333\"/>\n"
      if rotateX {
        svg += "<text x=\"\(fixed(x))\" y=\"\(Int(plotBottom) + 14)\" text-anchor=\"end\" transform=\"rotate(-35 \(fixed(x)) \(Int(plotBottom) + 14))\">\(xmlEscape(label))</text>\n"
      } else {
        svg += "<text x=\"\(fixed(x))\" y=\"\(Int(plotBottom) + 18)\" text-anchor=\"middle\">\(xmlEscape(label))</text>\n"
      }
    }
    for (y, label) in yTicks {
      svg += "<line x1=\"\(Int(left))\" y1=\"\(fixed(y))\" x2=\"\(Int(plotRight))\" y2=\"\(fixed(y))\" stroke=\"#e5e5e5\"/>\n"
      svg += "<text x=\"\(Int(left) - 8)\" y=\"\(fixed(y + 4))\" text-anchor=\"end\">\(xmlEscape(label))</text>\n"
    }
    if !xLabel.isEmpty {
      svg += "<text x=\"\(fixed((left + plotRight) / 2))\" y=\"\(Int(height) - 16)\" text-anchor=\"middle\" font-size=\"12\">\(xmlEscape(xLabel))</text>\n"
    }
    svg += "<text x=\"18\" y=\"\(fixed((top + plotBottom) / 2))\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 18 \(fixed((top + plotBottom) / 2)))\">\(xmlEscape(yLabel))</text>\n"
    return svg + "</g>\n"
  }

  private static func legend(_ labels: [String]) -> String {
    var svg = "<g class=\"legend\" font-size=\"11\">\n"
    let x = width - right + 16
    for (index, label) in labels.enumerated() {
      let y = top + 8 + Double(index) * 18
      svg += "<rect x=\"\(fixed(x))\" y=\"\(fixed(y - 9))\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>\n"
      svg += "<text x=\"\(fixed(x + 18))\" y=\"\(fixed(y + 1))\">\(xmlEscape(label))</text>\n"
    }
    return svg + "</g>\n"
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
