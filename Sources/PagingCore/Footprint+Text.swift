/// `paging footprint` as text.
extension Footprint {
  /// The counts for `mapped` on `arch`, headed by what was mapped: the
  /// `workload`, or the ranges read from `rangesFile`; from `start`
  /// (`worst` when placed to need the most tables). With `explaining`, and
  /// a single range of base pages, the blocks each level's tables cover.
  public func text(
    architecture arch: Architecture, workload: Workload?, rangesFile: String?, mapped: [AddressRange], start: UInt128?,
    worst: Bool, largePages: Bool, explaining explain: Bool
  ) -> String {
    let result = self
    let ranges = rangesFile
    var heading = "\(arch.name): "
    switch workload {
    case .bytes(let count)?: heading += "\(formatBytesExactly(count))"
    case .pages(let count)?: heading += "\(formatCount(count)) pages of \(formatBytes(arch.pageSize))"
    case .allocations(let count, let size)?:
      heading += "\(counted(count, "allocation")) of \(formatBytesExactly(size))"
    case nil: heading += "\(counted(mapped.count, "range")) from \(ranges ?? "")"
    }
    if let start { heading += " from \(formatHex(start))\(worst ? " (worst placement)" : "")" }
    heading += largePages ? ", large pages allowed" : ", base pages only"
    var table = TextTable()
    table.append(["data pages", formatCount(result.dataPages)])
    table.append(["page-table pages", formatCount(result.pageTablePages)])
    for level in arch.levels.indices {
      var detail = formatCount(result.pageTablePagesPerLevel[level])
      if largePages && level != arch.bottomLevel && result.leavesPerLevel[level] > 0 {
        detail +=
          "  (holding \(counted(result.leavesPerLevel[level], "page")) of \(formatBytes(arch.entrySpan(atLevel: level))))"
      }
      table.append(["  \(arch.levels[level].name)", detail])
    }
    table.append(["total pages", formatCount(result.totalPages)])
    table.append(["page-table bytes", formatBytesExactly(result.pageTablePages * arch.pageSize)])
    var lines = [heading, table.rendered(indent: 2)]
    if explain, mapped.count == 1, !largePages, let range = mapped.first, !range.isEmpty {
      lines.append("")
      lines.append("  Working (each table covers a block of addresses; count the blocks the mapping touches):")
      let first = range.start & ~(arch.pageSize - 1)
      let last = (range.end - 1) & ~(arch.pageSize - 1)
      lines.append(
        "    data: pages \(formatHex(first >> arch.offsetBits)) to \(formatHex(last >> arch.offsetBits)) = \(result.dataPages)"
      )
      for level in arch.levels.indices {
        let shift = arch.tableSpanBits(atLevel: level)
        let low = range.start >> shift
        let high = (range.end - 1) >> shift
        lines.append(
          "    \(arch.levels[level].name): tables cover 2^\(shift) bytes each; blocks \(low) to \(high) = \(high - low + 1)"
        )
      }
    }
    return lines.joined(separator: "\n")
  }
}
