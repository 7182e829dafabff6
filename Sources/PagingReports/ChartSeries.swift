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
