import PagingCore

/// One value in a report table. Each renderer shows it its own way: human
/// units in Markdown and HTML, exact integers in CSV and JSON.
public enum Cell: Sendable, Equatable {
  /// Words, shown as they are in every format.
  case text(String)
  /// A count, written as its exact digits in every format.
  case integer(UInt128)
  /// A byte count: `4 MiB` for people, `4194304` for machines.
  case bytes(UInt128)
  /// `numerator / denominator`, shown as a decimal with 4 significant digits.
  case ratio(UInt128, UInt128)
  /// Not applicable, with the reason (for example, larger than the address space).
  case missing(String)

  /// The text people read.
  public var display: String {
    switch self {
    case .text(let text): return text
    case .integer(let value): return "\(value)"
    case .bytes(let value): return formatBytes(value)
    case .ratio(let numerator, let denominator): return formatRatio(numerator, denominator)
    case .missing: return "n/a"
    }
  }

  /// The text machines read: exact integers, no units.
  public var plain: String {
    switch self {
    case .text(let text): return text
    case .integer(let value), .bytes(let value): return "\(value)"
    case .ratio(let numerator, let denominator): return formatRatio(numerator, denominator)
    case .missing: return ""
    }
  }
}

/// A titled table with named columns; the unit every renderer works from.
public struct ReportTable: Sendable {
  /// File-name-safe identifier: `geometry`, `workloads`, ...
  public let name: String
  /// The table's title.
  public let title: String
  /// What the table shows and how it was counted.
  public let note: String
  /// Column names, snake_case as CSV and JSON carry them.
  public let columns: [String]
  /// The rows, one cell per column.
  public var rows: [[Cell]]

  /// A table with these columns and rows.
  public init(name: String, title: String, note: String, columns: [String], rows: [[Cell]] = []) {
    self.name = name
    self.title = title
    self.note = note
    self.columns = columns
    self.rows = rows
  }
}
