import PagingCore

/// A table as people read it: headings in words, numbers right-aligned and
/// grouped, sizes in human units with the exact value kept for hover, and
/// one sign (—) for "not applicable". Rows can carry the architectures they
/// are about, so the page's chooser can hide them.
public struct DisplayTable: Sendable {
  /// A column: its heading and whether it holds numbers.
  public struct Column: Sendable, Equatable {
    /// The heading, in words.
    public let title: String
    /// Numbers are right-aligned and sort as numbers.
    public let numeric: Bool

    /// A column headed `title`.
    public init(_ title: String, numeric: Bool = true) {
      self.title = title
      self.numeric = numeric
    }
  }

  /// A cell: what it shows, plus an optional key a chart's mark refers to.
  public struct Item: Sendable, Equatable {
    /// The value.
    public let cell: Cell
    /// The key charts use in `data-ref` for this cell's value.
    public let reference: String?
    /// Extra `data-` attributes, name without the prefix.
    public let data: [String: String]

    /// A cell showing `cell`.
    public init(_ cell: Cell, reference: String? = nil, data: [String: String] = [:]) {
      self.cell = cell
      self.reference = reference
      self.data = data
    }
  }

  /// A row: its cells and the architectures it is about.
  public struct Row: Sendable, Equatable {
    /// The cells, one per column.
    public let items: [Item]
    /// Architectures the row is about (empty: always shown).
    public let architectures: [String]

    /// A row of `items` about `architectures`.
    public init(_ items: [Item], architectures: [String] = []) {
      self.items = items
      self.architectures = architectures
    }
  }

  /// The table's id on the page.
  public let id: String
  /// A caption said above it (may be empty).
  public let caption: String
  /// The columns; the first names the row and stays put when the table scrolls.
  public let columns: [Column]
  /// The rows.
  public var rows: [Row]
  /// Whether its columns can be sorted by clicking their headings.
  public let sortable: Bool

  /// A table `id` with these columns and rows.
  public init(id: String, caption: String, columns: [Column], rows: [Row] = [], sortable: Bool = true) {
    self.id = id
    self.caption = caption
    self.columns = columns
    self.rows = rows
    self.sortable = sortable
  }
}

/// The sign for "not applicable" everywhere in the report.
public let notApplicableSign = "—"

extension Cell {
  /// The text a table shows: grouped digits, sizes in human units, the
  /// not-applicable sign.
  public var readable: String {
    switch self {
    case .text(let text): return text
    case .integer(let value): return groupedDigits(value)
    case .bytes(let value): return humanBytes(value)
    case .ratio(let numerator, let denominator): return formatRatio(numerator, denominator)
    case .missing: return notApplicableSign
    }
  }

  /// The exact value for hover, when the shown text rounds or abbreviates.
  public var exactText: String? {
    switch self {
    case .bytes(let value): return value == 1 ? "1 byte" : "\(groupedDigits(value)) bytes"
    case .missing(let why): return why.isEmpty ? nil : why
    default: return nil
    }
  }

  /// True for numbers, which are right-aligned.
  public var isNumber: Bool {
    switch self {
    case .integer, .bytes, .ratio: return true
    case .text, .missing: return false
    }
  }
}
