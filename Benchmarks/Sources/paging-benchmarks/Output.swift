import PagingCore
import PagingJSON

/// The aligned text tables `make bench` prints.
struct TextOutput {
  let measurements: [Measurement]
  let wholeSpace: Footprint

  func render() -> String {
    var lines: [String] = []
    lines.append("paging benchmarks: x86-64, 4 KiB pages. Each time is the best of the runs shown; the C reference")
    lines.append("(CReference, -O2) does the same job in the same process; ratio = ours / C reference.")
    lines.append("")
    lines += table(
      header: ["job", "n", "runs", "ours (ms)", "C reference (ms)", "ratio", "target"],
      rightAligned: [false, true, true, true, true, true, false],
      rows: measurements.filter { $0.group != .memory }.map { row in
        guard case .time(let seconds, let reference) = row.figures else { return [] }
        return [
          row.name, row.nLabel, "\(row.repetitions)", significant(seconds * 1e3), significant(reference * 1e3),
          fixed(row.ratio, decimals: 2), verdict(row),
        ]
      })
    lines.append(
      "The analytic row times one query (whole 57-bit space, x86-64-la57) against the same query for one page.")

    let sparse = measurements.filter { $0.group == .sparse }
    if !sparse.isEmpty {
      lines.append("")
      lines.append("Sparse 48-bit space: time per mapped page")
      lines += table(
        header: ["job", "pages", "ours (µs/page)", "C reference (µs/page)"],
        rightAligned: [false, true, true, true],
        rows: sparse.map { row in
          guard case .time(let seconds, let reference) = row.figures else { return [] }
          return [
            row.name, row.nLabel, significant(seconds * 1e6 / Double(row.n)),
            significant(reference * 1e6 / Double(row.n)),
          ]
        })
      lines += proportionality(sparse)
    }

    let memory = measurements.filter { $0.group == .memory }
    if !memory.isEmpty {
      lines.append("")
      lines.append("Memory: everything the simulator holds, page-table contents (tableStorageBytes) and frame")
      lines.append("bookkeeping (frameBookkeepingBytes: an owner byte for each data frame handed out, a word for each")
      lines.append("table-zone frame, the free lists), against the page-table bytes in it (pageTableBytesInUse);")
      lines.append("target: at most 1.25 × page-table bytes plus a small constant (one 64 KiB storage chunk).")
      lines += table(
        header: ["state", "n", "table storage", "frame bookkeeping", "page tables", "ratio", "above 1.25×", "target"],
        rightAligned: [false, true, true, true, true, true, true, false],
        rows: memory.map { row in
          guard case .bytes(let bytes, let reference, let bookkeeping) = row.figures else { return [] }
          let state = row.name.hasPrefix("memory after fork") ? "after fork" : "after mapping"
          let above = bytes + bookkeeping - reference * 5 / 4
          return [
            state, row.nLabel, formatBytes(bytes), formatBytes(bookkeeping), formatBytes(reference),
            fixed(row.ratio, decimals: 2), above < 0 ? "-" + formatBytes(-above) : formatBytes(above), verdict(row),
          ]
        })
    }

    lines.append("")
    let tableBytes = wholeSpace.pageTablePages << 12
    let tebibytes = Double(tableBytes >> 30) / 1024
    lines.append(
      "Whole 57-bit space: \(wholeSpace.dataPages) data pages need \(wholeSpace.pageTablePages) page-table pages (\(significant(tebibytes)) TiB)."
    )
    return lines.joined(separator: "\n")
  }

  private func verdict(_ row: Measurement) -> String {
    guard let target = row.target, let meets = row.meetsTarget else { return "none" }
    let bound = row.group == .analytic ? "≈ 1" : "≤ " + fixed(target, decimals: 2)
    return bound + (meets ? "  ok" : "  over")
  }

  /// Per-page cost of the largest sparse job over the smallest: 1 means the
  /// cost follows what is mapped.
  private func proportionality(_ rows: [Measurement]) -> [String] {
    var lines: [String] = []
    for job in ["copy", "free"] {
      let matching = rows.filter { $0.name.contains(job) }.sorted { $0.n < $1.n }
      guard let small = matching.first, let large = matching.last, small.n != large.n,
        case .time(let smallOurs, let smallReference) = small.figures,
        case .time(let largeOurs, let largeReference) = large.figures
      else { continue }
      let ours = (largeOurs / Double(large.n)) / (smallOurs / Double(small.n))
      let reference = (largeReference / Double(large.n)) / (smallReference / Double(small.n))
      lines.append(
        "\(job): per-page time at \(large.n) pages over \(small.n) pages: ours \(fixed(ours, decimals: 2)), C reference \(fixed(reference, decimals: 2)) (1 = proportional to what is mapped)"
      )
    }
    return lines
  }

  private func table(header: [String], rightAligned: [Bool], rows: [[String]]) -> [String] {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (column, cell) in cells.enumerated() {
        if column > 0 { text += "  " }
        let last = column == cells.count - 1
        text += last && !rightAligned[column] ? cell : cell.padded(to: widths[column], right: rightAligned[column])
      }
      return text
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return [line(header), rule] + rows.map(line)
  }
}

/// `make bench FORMAT=json`: one object per measurement with `name`, `n`,
/// `seconds`, `reference_seconds` and `ratio` (ours over the reference), plus
/// `repetitions` and `target` (null for a row shown for information); sparse rows add per-page seconds, memory rows carry
/// `bytes` (table storage), `reference_bytes` (page-table bytes) and
/// `frame_bookkeeping_bytes`, with null seconds and a ratio of both
/// together over the page-table bytes.
struct JSONOutput {
  let measurements: [Measurement]

  /// Written by the project's JSON layer (json-c), like every JSON the
  /// project prints.
  func render() -> String {
    let objects = measurements.map { row -> JSONValue in
      var fields: [(String, JSONValue)] = [("name", .string(row.name)), ("n", .integer(row.n))]
      switch row.figures {
      case .time(let seconds, let reference):
        fields += [
          ("seconds", .number(jsonSeconds(seconds))), ("reference_seconds", .number(jsonSeconds(reference))),
          ("ratio", .number(fixed(row.ratio, decimals: 4))),
        ]
        if row.group == .sparse {
          fields += [
            ("seconds_per_page", .number(jsonSeconds(seconds / Double(row.n)))),
            ("reference_seconds_per_page", .number(jsonSeconds(reference / Double(row.n)))),
          ]
        }
      case .bytes(let bytes, let reference, let bookkeeping):
        fields += [
          ("seconds", .null), ("reference_seconds", .null), ("ratio", .number(fixed(row.ratio, decimals: 4))),
          ("bytes", .integer(bytes)), ("reference_bytes", .integer(reference)),
          ("frame_bookkeeping_bytes", .integer(bookkeeping)),
        ]
      }
      fields.append(("repetitions", .integer(row.repetitions)))
      fields.append(("target", row.target.map { .number(fixed($0, decimals: 2)) } ?? .null))
      return .object(fields)
    }
    return JSONValue.array(objects).serialized()
  }
}
