import PagingCore
import PagingJSON

/// The formats a report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// `report.md`, with each chart as an SVG file beside it.
  case markdown
  /// `report.html`: one self-contained page, charts inline as SVG.
  case html
  /// One CSV file per table, exact integers, for spreadsheets.
  case csv
  /// `report.json`: the tables with exact integers, and the sizing working, for programs.
  case json
}

extension ComparisonReport {
  /// File name and contents for each requested format (Markdown brings
  /// one SVG file per chart). Same inputs, same bytes.
  public func files(formats: [ReportFormat]) -> [(name: String, text: String)] {
    var files: [(name: String, text: String)] = []
    for format in ReportFormat.allCases where formats.contains(format) {
      switch format {
      case .markdown:
        // report.md shows the charts as files beside it, legend drawn in.
        files.append(("report.md", markdown()))
        files += charts.map { ("\($0.id).svg", $0.svg(withLegend: true)) }
      case .html: files.append(("report.html", html()))
      case .json: files.append(("report.json", json().serialized() + "\n"))
      case .csv: files += tables.map { ("\($0.name.replacingUnderscores).csv", csv($0)) }
      }
    }
    return files
  }

  // MARK: - CSV

  /// A long-form table as CSV. RFC 4180: one header row, fields quoted when they hold a comma, quote or newline.
  public func csv(_ table: ReportTable) -> String {
    var out = table.columns.map(csvField).joined(separator: ",") + "\r\n"
    for row in table.rows { out += row.map { csvField($0.plain) }.joined(separator: ",") + "\r\n" }
    return out
  }

  // MARK: - JSON

  /// The report's tables in long form, and the working, as JSON.
  public func json() -> JSONValue {
    .object([
      ("architectures", .array(architectures.map { .string($0.name) })),
      (
        "tables",
        .array(
          tables.map { table in
            .object([
              ("name", .string(table.name)),
              ("title", .string(table.title)),
              ("columns", .array(table.columns.map { .string($0) })),
              (
                "rows",
                .array(
                  table.rows.map { row in
                    .object(zip(table.columns, row).map { column, cell in (column, cell.jsonValue) })
                  })
              ),
            ])
          })
      ),
      (
        "workings",
        .object(
          workings.map { working in
            (
              working.name,
              .array(working.steps.map { .object([("topic", .string($0.topic)), ("working", .string($0.working))]) })
            )
          })
      ),
    ])
  }
}

extension Cell {
  /// Exact integers as JSON integers; ratios as decimal numbers; n/a as null.
  var jsonValue: JSONValue {
    switch self {
    case .text(let text): return .string(text)
    case .integer(let value), .bytes(let value): return .integer(value)
    case .ratio: return .number(plain)
    case .missing: return .null
    }
  }
}

func csvField(_ text: String) -> String {
  guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
  return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension String {
  /// `many_processes` → `many-processes`, for file names.
  var replacingUnderscores: String { replacingOccurrences(of: "_", with: "-") }

  func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
