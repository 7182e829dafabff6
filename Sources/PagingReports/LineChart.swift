/// A line chart: one line per series, a marker at every point with its
/// value on hover, axes from the data. Series that coincide are merged
/// before drawing, so no line hides under another.
public struct LineChart: Sendable {
  /// The SVG element's id, and the file name stem when written alone.
  public let id: String
  /// The heading drawn in the picture.
  public let title: String
  /// The x axis's title.
  public let xTitle: String
  /// The y axis's title.
  public let yTitle: String
  /// The x axis.
  public let xAxis: ChartAxis
  /// The y axis.
  public let yAxis: ChartAxis
  /// The series, merged where they coincide.
  public let series: [ChartSeries]
  /// Draw each line as steps (flat, then straight up), for counts that
  /// change only at whole values.
  public let steps: Bool

  /// A chart of `series` (merged where they coincide) on these axes.
  public init(
    id: String, title: String, xTitle: String, yTitle: String, xAxis: ChartAxis, yAxis: ChartAxis,
    series: [ChartSeries], steps: Bool = false
  ) {
    self.id = id
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.xAxis = xAxis
    self.yAxis = yAxis
    self.series = mergeCoincidingSeries(series)
    self.steps = steps
  }

  static let plotHeight = 320.0

  /// The chart as SVG. `withLegend` draws the legend inside the picture
  /// (for a standalone file); the page uses ``htmlLegend()`` instead.
  public func svg(withLegend: Bool) -> String {
    let plot = (
      x: SVGChart.left, y: SVGChart.top, width: SVGChart.width - SVGChart.left - SVGChart.right,
      height: Self.plotHeight
    )
    let legendTop = plot.y + plot.height + SVGChart.bottom
    let height = legendTop + (withLegend ? SVGChart.legendRow * Double(series.count) + 8 : 0)
    func px(_ x: Double) -> Double { xAxis.place(x, from: plot.x, to: plot.x + plot.width) }
    func py(_ y: Double) -> Double { yAxis.place(y, from: plot.y + plot.height, to: plot.y) }
    var svg = SVGChart.header(id: id, title: title, height: height)
    svg += SVGChart.axes(
      plot: plot, xTitle: xTitle, yTitle: yTitle,
      xTicks: xAxis.ticks.map { (px($0.position), $0.label) },
      yTicks: yAxis.ticks.map { (py($0.position), $0.label) }, xGrid: true)
    for (index, line) in series.enumerated() {
      let style = SeriesStyle(index: index)
      svg +=
        "<g class=\"series\" data-series=\"\(xmlEscape(line.label))\" data-archs=\"\(xmlEscape(line.architectures.joined(separator: " ")))\">\n"
      var path: [String] = []
      for (pointIndex, point) in line.points.enumerated() {
        if pointIndex == 0 {
          path.append("M\(SVGChart.fixed(px(point.x))),\(SVGChart.fixed(py(point.y)))")
          continue
        }
        if steps {
          path.append("H\(SVGChart.fixed(px(point.x)))")
          path.append("V\(SVGChart.fixed(py(point.y)))")
        } else {
          path.append("L\(SVGChart.fixed(px(point.x))),\(SVGChart.fixed(py(point.y)))")
        }
      }
      svg +=
        "<path class=\"line\" d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"2\"\(SVGChart.dashAttribute(style))/>\n"
      for point in line.points {
        let extra =
          "class=\"mark\" data-value=\"\(xmlEscape(point.value))\" data-ref=\"\(xmlEscape(point.references.joined(separator: " ")))\""
          + (point.xValue.isEmpty ? "" : " data-x=\"\(xmlEscape(point.xValue))\"")
        svg +=
          "<g>" + style.marker(x: px(point.x), y: py(point.y), extra: extra)
          + "<title>\(xmlEscape(line.label)): \(xmlEscape(point.caption))</title></g>\n"
      }
      svg += "</g>\n"
    }
    if withLegend {
      svg += SVGChart.legend(series.indices.map { (series[$0].label, SeriesStyle(index: $0), true) }, top: legendTop)
    }
    return svg + "</svg>\n"
  }

  /// The legend as HTML buttons that hide and show each series.
  public func htmlLegend() -> String {
    SVGChart.htmlLegend(chart: id, series.indices.map { (series[$0], SeriesStyle(index: $0), true) })
  }
}
