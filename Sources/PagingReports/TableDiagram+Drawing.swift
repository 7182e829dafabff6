import PagingCore
import PagingSimulator

extension TableDiagram {
  /// Diagrams as one standalone SVG: each under its title, the same boxes
  /// as the text in monospace, each child joined to the table above it by
  /// a line; sized to the content.
  public static func svg(_ diagrams: [(title: String, diagram: TableDiagram)]) -> String {
    var body = ""
    var y = 0.0
    var width = 400.0
    for (title, diagram) in diagrams {
      body +=
        "<text x=\"10\" y=\"\(SVGChart.fixed(y + 20))\" font-size=\"14\" font-weight=\"bold\">\(xmlEscape(title))</text>\n"
      let drawn = diagram.svgBoxes(top: y + 34)
      body += drawn.body
      width = max(width, drawn.width)
      y = drawn.bottom + 10
    }
    let label = diagrams.map(\.title).joined(separator: "; ")
    return
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(y))\" width=\"\(Int(width))\" height=\"\(Int(y))\" "
      + "font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"12\" role=\"img\" aria-label=\"\(xmlEscape(label))\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n"
  }

  /// The boxes from `top` down: the SVG elements, the width they need and
  /// where they end.
  func svgBoxes(top: Double) -> (body: String, width: Double, bottom: Double) {
    let charWidth = 7.2
    let lineHeight = 17.0
    let indent = 28.0
    let gap = 12.0
    var y = top
    var body = ""
    var lastAtDepth: [Int: (x: Double, y: Double)] = [:]
    var maxWidth = 400.0
    for box in boxes() {
      let x = 10 + indent * Double(box.depth)
      let width = Double(max(box.title.count, box.lines.map(\.count).max() ?? 0)) * charWidth + 20
      let height = Double(box.lines.count + 1) * lineHeight + 10
      if box.depth > 0, let parent = lastAtDepth[box.depth - 1] {
        body +=
          "<path d=\"M\(SVGChart.fixed(parent.x + 8)) \(SVGChart.fixed(parent.y)) V\(SVGChart.fixed(y + 12)) H\(SVGChart.fixed(x))\" fill=\"none\" stroke=\"#888\"/>\n"
      }
      let fill = box.lines.allSatisfy { $0.hasSuffix("[kernel]") } ? "#fff4e5" : "#f4f8ff"
      body +=
        "<rect x=\"\(SVGChart.fixed(x))\" y=\"\(SVGChart.fixed(y))\" width=\"\(SVGChart.fixed(width))\" height=\"\(SVGChart.fixed(height))\" rx=\"4\" fill=\"\(fill)\" stroke=\"#335\"/>\n"
      body +=
        "<text x=\"\(SVGChart.fixed(x + 8))\" y=\"\(SVGChart.fixed(y + 15))\" font-weight=\"bold\">\(xmlEscape(box.title))</text>\n"
      for (index, line) in box.lines.enumerated() {
        body +=
          "<text x=\"\(SVGChart.fixed(x + 8))\" y=\"\(SVGChart.fixed(y + 15 + lineHeight * Double(index + 1)))\">\(xmlEscape(line))</text>\n"
      }
      lastAtDepth[box.depth] = (x, y + height)
      maxWidth = max(maxWidth, x + width + 10)
      y += height + gap
    }
    return (body, maxWidth, y)
  }
}
