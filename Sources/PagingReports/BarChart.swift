/// Horizontal grouped bars on a logarithmic value axis: one group per
/// architecture (its name above its bars), one bar per series, the value
/// written on every bar. Horizontal, so long names and many groups still
/// read on a phone.
public struct BarChart: Sendable {
  /// One bar: the series it belongs to (its colour and legend entry) and
  /// its value; a nil point draws the not-applicable sign instead.
  public struct Bar: Sendable, Equatable {
    /// The series' name: `base pages`, `2 MiB pages`.
    public let series: String
    /// `y` is the bar's length in plot units.
    public let point: ChartSeries.Point?

    /// A bar of `series`.
    public init(series: String, point: ChartSeries.Point?) {
      self.series = series
      self.point = point
    }
  }

  /// A group of bars: its label, the architectures it stands for, its bars.
  public struct Group: Sendable, Equatable {
    /// The label drawn above the bars.
    public let label: String
    /// Architectures behind it, for the chooser.
    public let architectures: [String]
    /// The bars, top to bottom.
    public let bars: [Bar]

    /// A group labelled `label`.
    public init(label: String, architectures: [String], bars: [Bar]) {
      self.label = label
      self.architectures = architectures
      self.bars = bars
    }
  }

  /// The SVG element's id, and the file name stem when written alone.
  public let id: String
  /// The heading drawn in the picture.
  public let title: String
  /// The value axis's title.
  public let valueTitle: String
  /// The value axis (bars start at its lower end).
  public let axis: ChartAxis
  /// The groups, top to bottom.
  public let groups: [Group]
  /// The series' names, in the order they first appear.
  public var series: [String] {
    var names: [String] = []
    for bar in groups.flatMap(\.bars) where !names.contains(bar.series) { names.append(bar.series) }
    return names
  }

  /// A chart of `groups` on `axis`.
  public init(id: String, title: String, valueTitle: String, axis: ChartAxis, groups: [Group]) {
    self.id = id
    self.title = title
    self.valueTitle = valueTitle
    self.axis = axis
    self.groups = groups
  }

  static let barHeight = 18.0, labelHeight = 20.0, groupGap = 8.0

  /// The chart as SVG; `withLegend` draws the legend inside the picture.
  public func svg(withLegend: Bool) -> String {
    let names = series
    let heights = groups.map { Self.labelHeight + Self.barHeight * Double($0.bars.count) + Self.groupGap }
    let plot = (
      x: 36.0, y: SVGChart.top, width: SVGChart.width - 36 - SVGChart.right,
      height: heights.reduce(0, +) + 4
    )
    let legendTop = plot.y + plot.height + SVGChart.bottom
    let height = legendTop + (withLegend ? SVGChart.legendRow * Double(names.count) + 8 : 0)
    func px(_ value: Double) -> Double { axis.place(value, from: plot.x, to: plot.x + plot.width) }
    var svg = SVGChart.header(id: id, title: title, height: height)
    svg += SVGChart.axes(
      plot: plot, xTitle: valueTitle, yTitle: "",
      xTicks: axis.ticks.map { (px($0.position), $0.label) }, yTicks: [], xGrid: true)
    var top = plot.y + 4
    for (groupIndex, group) in groups.enumerated() {
      defer { top += heights[groupIndex] }
      svg += "<g class=\"bar-group\" data-archs=\"\(xmlEscape(group.architectures.joined(separator: " ")))\">\n"
      svg +=
        "<text x=\"\(SVGChart.fixed(plot.x + 4))\" y=\"\(SVGChart.fixed(top + 15))\" font-size=\"15\" font-weight=\"bold\" class=\"group-label\">\(xmlEscape(group.label))</text>\n"
      for (barIndex, bar) in group.bars.enumerated() {
        let style = SeriesStyle(index: names.firstIndex(of: bar.series) ?? 0)
        let y = top + Self.labelHeight + Self.barHeight * Double(barIndex)
        svg += "<g class=\"series\" data-series=\"\(xmlEscape(bar.series))\">"
        guard let point = bar.point else {
          svg +=
            "<text x=\"\(SVGChart.fixed(plot.x + 4))\" y=\"\(SVGChart.fixed(y + 14))\" font-size=\"14\" fill=\"#555555\">\(notApplicableSign) \(xmlEscape(bar.series))</text></g>\n"
          continue
        }
        let end = px(point.y)
        let extra =
          "class=\"mark\" data-value=\"\(xmlEscape(point.value))\" data-ref=\"\(xmlEscape(point.references.joined(separator: " ")))\""
        svg +=
          "<rect \(extra) x=\"\(SVGChart.fixed(plot.x))\" y=\"\(SVGChart.fixed(y + 1))\" width=\"\(SVGChart.fixed(max(end - plot.x, 1)))\" height=\"\(SVGChart.fixed(Self.barHeight - 2))\" fill=\"\(style.colour)\">"
          + "<title>\(xmlEscape(group.label)), \(xmlEscape(bar.series)): \(xmlEscape(point.caption))</title></rect>"
        // The value goes after the bar, or inside its end when no room is left.
        let text = xmlEscape(
          bar.series + ": " + (point.caption.split(separator: " (").first.map(String.init) ?? point.caption))
        let room = Double(text.count) * 7.6 + 8
        if end + room < plot.x + plot.width {
          svg +=
            "<text x=\"\(SVGChart.fixed(end + 4))\" y=\"\(SVGChart.fixed(y + 14))\" font-size=\"14\">\(text)</text>"
        } else {
          svg +=
            "<text x=\"\(SVGChart.fixed(end - 4))\" y=\"\(SVGChart.fixed(y + 14))\" font-size=\"14\" text-anchor=\"end\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"2.5\" paint-order=\"stroke\">\(text)</text>"
        }
        svg += "</g>\n"
      }
      svg += "</g>\n"
    }
    if withLegend {
      svg += SVGChart.legend(names.indices.map { (names[$0], SeriesStyle(index: $0), false) }, top: legendTop)
    }
    return svg + "</svg>\n"
  }

  /// The legend as HTML buttons that hide and show each series.
  public func htmlLegend() -> String {
    let names = series
    return SVGChart.htmlLegend(
      chart: id,
      names.indices.map {
        (ChartSeries(names: [names[$0]], architectures: [], points: []), SeriesStyle(index: $0), false)
      })
  }
}
