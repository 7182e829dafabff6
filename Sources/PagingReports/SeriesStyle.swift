/// How one series looks: a colour, a marker shape and a dash pattern,
/// combined so that at least 24 series stay apart even in grey.
public struct SeriesStyle: Sendable, Equatable {
  /// Okabe–Ito's colour-blind-safe palette, black last.
  static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
  /// Marker shapes, drawn by ``marker(x:y:)``.
  static let shapes = ["circle", "square", "triangle", "diamond", "cross", "down-triangle"]
  /// Dash patterns, solid first.
  static let dashes = ["", "6 3", "2 3", "8 3 2 3"]

  /// The stroke and fill colour.
  public let colour: String
  /// The marker's shape name.
  public let shape: String
  /// The SVG `stroke-dasharray`, empty for solid.
  public let dash: String

  /// The style of the `index`th series: colour, shape and dash each cycle
  /// at different lengths (8, 6 and 4), so neighbours differ in all three.
  public init(index: Int) {
    colour = Self.colours[index % Self.colours.count]
    shape = Self.shapes[index % Self.shapes.count]
    dash = Self.dashes[index % Self.dashes.count]
  }

  /// The marker as an SVG element centred on (`x`, `y`), with `extra`
  /// attributes; the yellow colour gets a dark outline so it shows on white.
  public func marker(x: Double, y: Double, extra: String) -> String {
    let outline = colour == "#F0E442" ? " stroke=\"#444444\" stroke-width=\"0.8\"" : ""
    let r = 4.0
    func f(_ v: Double) -> String { SVGChart.fixed(v) }
    switch shape {
    case "square":
      return
        "<rect \(extra) x=\"\(f(x - r + 0.5))\" y=\"\(f(y - r + 0.5))\" width=\"\(f(2 * r - 1))\" height=\"\(f(2 * r - 1))\" fill=\"\(colour)\"\(outline)/>"
    case "triangle":
      return
        "<path \(extra) d=\"M\(f(x)),\(f(y - r)) L\(f(x + r)),\(f(y + r - 1)) L\(f(x - r)),\(f(y + r - 1)) Z\" fill=\"\(colour)\"\(outline)/>"
    case "down-triangle":
      return
        "<path \(extra) d=\"M\(f(x)),\(f(y + r)) L\(f(x + r)),\(f(y - r + 1)) L\(f(x - r)),\(f(y - r + 1)) Z\" fill=\"\(colour)\"\(outline)/>"
    case "diamond":
      return
        "<path \(extra) d=\"M\(f(x)),\(f(y - r)) L\(f(x + r)),\(f(y)) L\(f(x)),\(f(y + r)) L\(f(x - r)),\(f(y)) Z\" fill=\"\(colour)\"\(outline)/>"
    case "cross":
      return
        "<path \(extra) d=\"M\(f(x - r)),\(f(y - r)) L\(f(x + r)),\(f(y + r)) M\(f(x - r)),\(f(y + r)) L\(f(x + r)),\(f(y - r))\" stroke=\"\(colour)\" stroke-width=\"2.2\" fill=\"none\"/>"
    default:
      return "<circle \(extra) cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r - 0.5))\" fill=\"\(colour)\"\(outline)/>"
    }
  }
}
