/// Columns of text padded to line up; the last column is not padded.
///
///     var table = TextTable(header: ["level", "name"])
///     table.append(["0", "PML4"])
///     print(table.rendered(indent: 2))
public struct TextTable: Sendable {
  /// The rows, the header first when there is one.
  public private(set) var rows: [[String]] = []
  private let hasHeader: Bool

  /// An empty table; a `header` row is underlined with dashes.
  public init(header: [String]? = nil) {
    if let header { rows.append(header) }
    hasHeader = header != nil
  }

  /// Adds a row; rows may have fewer cells than others.
  public mutating func append(_ row: [String]) { rows.append(row) }

  /// The table as lines, each led by `indent` spaces, columns two spaces
  /// apart.
  ///
  /// - Complexity: O(*n*) in the characters of the cells.
  public func rendered(indent: Int = 0) -> String {
    let columns = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    let margin = String(repeating: " ", count: indent)
    var lines: [String] = []
    for (rowIndex, row) in rows.enumerated() {
      var line = margin
      for (index, cell) in row.enumerated() {
        let isLast = index == row.count - 1
        line += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
      }
      lines.append(line)
      if rowIndex == 0 && hasHeader {
        lines.append(
          margin
            + widths.enumerated().map { index, width in
              String(repeating: "-", count: width) + (index == widths.count - 1 ? "" : "  ")
            }.joined())
      }
    }
    return lines.joined(separator: "\n")
  }
}
