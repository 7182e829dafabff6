/// One line (or one set of bars) of a chart, with exact values kept beside
/// the plot positions so every mark can say what it stands for.
public struct ChartSeries: Sendable, Equatable {
  /// A point: where it goes in plot units, and what it means.
  public struct Point: Sendable, Equatable {
    /// Position along the x axis, in plot units.
    public var x: Double
    /// Position along the y axis, in plot units.
    public var y: Double
    /// The exact value drawn, as a machine reads it (for `data-value`).
    public var value: String
    /// What a reader sees on hover: `x86-64, 4 KiB mapped: 16 KiB`.
    public var caption: String
    /// Keys of the table cells that hold the same value (`data-ref`).
    public var references: [String]
    /// The exact x value, when a test should check it too (`data-x`).
    public var xValue: String

    /// A point at (`x`, `y`) standing for `value`.
    public init(x: Double, y: Double, value: String, caption: String, references: [String] = [], xValue: String = "") {
      self.x = x
      self.y = y
      self.value = value
      self.caption = caption
      self.references = references
      self.xValue = xValue
    }
  }

  /// The names the series stands for: architectures, or page sizes.
  public var names: [String]
  /// The architectures behind it, for the architecture chooser.
  public var architectures: [String]
  /// The points, in x order.
  public var points: [Point]

  /// A series named `names` with these points.
  public init(names: [String], architectures: [String], points: [Point]) {
    self.names = names
    self.architectures = architectures
    self.points = points
  }

  /// The legend's text: every name, comma separated.
  public var label: String { names.joined(separator: ", ") }
}

/// Series whose points coincide (same positions and values) drawn once,
/// under all their names, in the order each first appears; references and
/// captions of the merged points are kept together.
///
///     mergeCoincidingSeries([a, b, c])   // b equals a: [a+b, c]
public func mergeCoincidingSeries(_ series: [ChartSeries]) -> [ChartSeries] {
  var merged: [ChartSeries] = []
  for line in series {
    let match = merged.firstIndex { existing in
      existing.points.count == line.points.count
        && zip(existing.points, line.points).allSatisfy { $0.x == $1.x && $0.y == $1.y && $0.value == $1.value }
    }
    guard let match else {
      merged.append(line)
      continue
    }
    merged[match].names += line.names
    merged[match].architectures += line.architectures.filter { !merged[match].architectures.contains($0) }
    for index in line.points.indices {
      merged[match].points[index].references += line.points[index].references
    }
  }
  return merged
}

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
      return "<rect \(extra) x=\"\(f(x - r + 0.5))\" y=\"\(f(y - r + 0.5))\" width=\"\(f(2 * r - 1))\" height=\"\(f(2 * r - 1))\" fill=\"\(colour)\"\(outline)/>"
    case "triangle":
      return "<path \(extra) d=\"M\(f(x)),\(f(y - r)) L\(f(x + r)),\(f(y + r - 1)) L\(f(x - r)),\(f(y + r - 1)) Z\" fill=\"\(colour)\"\(outline)/>"
    case "down-triangle":
      return "<path \(extra) d=\"M\(f(x)),\(f(y + r)) L\(f(x + r)),\(f(y - r + 1)) L\(f(x - r)),\(f(y - r + 1)) Z\" fill=\"\(colour)\"\(outline)/>"
    case "diamond":
      return "<path \(extra) d=\"M\(f(x)),\(f(y - r)) L\(f(x + r)),\(f(y)) L\(f(x)),\(f(y + r)) L\(f(x - r)),\(f(y)) Z\" fill=\"\(colour)\"\(outline)/>"
    case "cross":
      return "<path \(extra) d=\"M\(f(x - r)),\(f(y - r)) L\(f(x + r)),\(f(y + r)) M\(f(x - r)),\(f(y + r)) L\(f(x + r)),\(f(y - r))\" stroke=\"\(colour)\" stroke-width=\"2.2\" fill=\"none\"/>"
    default:
      return "<circle \(extra) cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r - 0.5))\" fill=\"\(colour)\"\(outline)/>"
    }
  }
}
