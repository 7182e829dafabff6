import PagingCore

extension DisplayTable {
  /// The table as HTML inside a box that scrolls sideways on its own, its
  /// first column fixed, every number with its exact value in `data-value`.
  public func html() -> String {
    // The caption stays above the box, so it never scrolls out of sight.
    var out = caption.isEmpty ? "" : "<p class=\"caption\" id=\"\(xmlEscape(id))-caption\">\(xmlEscape(caption))</p>\n"
    out +=
      "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
      + (caption.isEmpty ? "aria-label=\"\(xmlEscape(id))\">\n" : "aria-labelledby=\"\(xmlEscape(id))-caption\">\n")
    out += "<table id=\"\(xmlEscape(id))\" class=\"data\(sortable ? " sortable" : "")\">\n"
    out += "<thead><tr>"
    for (index, column) in columns.enumerated() {
      out += "<th scope=\"col\"\(column.numeric && index > 0 ? " class=\"num\"" : "")>\(xmlEscape(column.title))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for row in rows {
      let archs =
        row.architectures.isEmpty ? "" : " data-archs=\"\(xmlEscape(row.architectures.joined(separator: " ")))\""
      out += "<tr\(archs)>"
      for (index, item) in row.items.enumerated() {
        out += index == 0 ? "<th scope=\"row\"" : "<td"
        var classes: [String] = []
        if item.cell.isNumber { classes.append("num") }
        if case .missing = item.cell { classes.append("na") }
        if !classes.isEmpty { out += " class=\"\(classes.joined(separator: " "))\"" }
        if item.cell.isNumber { out += " data-value=\"\(xmlEscape(item.cell.plain))\"" }
        if let reference = item.reference { out += " data-ref=\"\(xmlEscape(reference))\"" }
        for key in item.data.keys.sorted() { out += " data-\(key)=\"\(xmlEscape(item.data[key] ?? ""))\"" }
        if let exact = item.cell.exactText { out += " title=\"\(xmlEscape(exact))\"" }
        // A row's name breaks only between its comma-separated parts, never inside a name like arm64-16k-48.
        let text =
          index == 0
          ? item.cell.readable.split(separator: ", ", omittingEmptySubsequences: false).map {
            "<span class=\"nw\">\(xmlEscape(String($0)))</span>"
          }.joined(separator: ", ")
          : xmlEscape(item.cell.readable)
        out += ">\(text)" + (index == 0 ? "</th>" : "</td>")
      }
      out += "</tr>\n"
    }
    return out + "</tbody>\n</table>\n</div>\n"
  }

  /// The table as Markdown: numeric columns right-aligned, and split into
  /// several tables (each repeating the first column) when one would be
  /// wider than `maxWidth` characters.
  public func markdown(maxWidth: Int = 120) -> String {
    let texts = rows.map { $0.items.map { markdownEscape($0.cell.readable) } }
    let widths = columns.indices.map { index in
      max(3, columns[index].title.count, texts.map { index < $0.count ? $0[index].count : 0 }.max() ?? 0)
    }
    var chunks: [[Int]] = []
    var current: [Int] = []
    var used = widths.first.map { $0 + 4 } ?? 0
    for index in columns.indices.dropFirst() {
      if !current.isEmpty, used + widths[index] + 3 > maxWidth {
        chunks.append(current)
        current = []
        used = widths[0] + 4
      }
      current.append(index)
      used += widths[index] + 3
    }
    if !current.isEmpty || columns.count == 1 { chunks.append(current) }
    var out = caption.isEmpty ? "" : "\(caption)\n\n"
    for (chunkIndex, chunk) in chunks.enumerated() {
      if chunkIndex > 0 { out += "\n" }
      let picked = [0] + chunk
      func line(_ cells: [String]) -> String {
        "| "
          + picked.enumerated().map { position, index in
            let text = position < cells.count ? cells[position] : ""
            let pad = String(repeating: " ", count: max(0, widths[index] - text.count))
            return columns[index].numeric && index > 0 ? pad + text : text + pad
          }.joined(separator: " | ") + " |\n"
      }
      out += line(picked.map { columns[$0].title })
      out +=
        "|"
        + picked.map { index in
          let dashes = String(repeating: "-", count: widths[index])
          return columns[index].numeric && index > 0 ? " " + dashes.dropLast() + ": " : " " + dashes + " "
        }.joined(separator: "|") + "|\n"
      for row in texts { out += line(picked.map { $0 < row.count ? row[$0] : "" }) }
    }
    return out
  }
}

func markdownEscape(_ text: String) -> String {
  text.replacingOccurrences(of: "|", with: "\\|")
}
