import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Footprint: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The fewest page-table pages (per level and in all) and physical pages a mapping needs.",
      discussion: """
        Give one of --bytes, --pages, --allocations with --size, or --ranges. By default the \
        mapping starts at address 0, which is aligned to every table; --start moves it and \
        --worst places it one byte (or page) below the largest table boundary, which \
        maximizes the page-table pages.
        """)

    @OptionGroup var architecture: SingleArchitectureOptions

    @Option(parsing: .unconditional, help: "Map this many contiguous bytes.", transform: parseQuantity)
    var bytes: UInt128?

    @Option(parsing: .unconditional, help: "Map this many contiguous base pages.", transform: parseQuantity)
    var pages: UInt128?

    @Option(
      parsing: .unconditional, help: "Map this many allocations, back to back, each starting on a page (with --size).",
      transform: parseQuantity)
    var allocations: UInt128?

    @Option(parsing: .unconditional, help: "Bytes in each allocation.", transform: parseQuantity)
    var size: UInt128?

    @Option(help: "A JSON file of ranges: [{\"start\": \"0x400000\", \"size\": \"2MiB\"}, ...].")
    var ranges: String?

    @Option(parsing: .unconditional, help: "Start address (default 0).", transform: parseQuantity)
    var start: UInt128?

    @Flag(help: "Use the placement that needs the most page-table pages.")
    var worst = false

    @Flag(help: "Map aligned stretches with the architecture's large pages.")
    var largePages = false

    @Flag(help: "Show the working for each level.")
    var explain = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
      let chosen = [bytes != nil, pages != nil, allocations != nil, ranges != nil].filter { $0 }.count
      guard chosen == 1 else {
        throw ValidationError("Give exactly one of --bytes, --pages, --allocations (with --size) and --ranges.")
      }
      if (allocations != nil) != (size != nil) {
        throw ValidationError("--allocations and --size go together.")
      }
      if worst && start != nil { throw ValidationError("--worst chooses the start itself; drop --start.") }
      if ranges != nil && (worst || start != nil) {
        throw ValidationError(
          "--start and --worst apply to --bytes, --pages and --allocations; a ranges file gives its own addresses.")
      }
    }

    var workload: Workload? {
      if let bytes { return .bytes(bytes) }
      if let pages { return .pages(pages) }
      if let allocations, let size { return .allocations(count: allocations, size: size) }
      return nil
    }

    func run() throws {
      let arch = try architecture.load()
      let mapped: [AddressRange]
      var startPointer: UInt128? = nil
      if let ranges {
        mapped = try failingCleanly {
          try RangesFile.decode(text: readTextFile(ranges), source: ranges, architecture: arch)
        }
      } else {
        let workload = workload!
        let placement: Placement = worst ? .worst : .at(start ?? 0)
        let range = try failingCleanly { try arch.range(of: workload, placement: placement) }
        startPointer = arch.pointer(forTranslated: range.start)
        mapped = [range]
      }
      let result = arch.footprint(of: mapped, largePages: largePages)
      if output.isJSON {
        return output.emit(result.json(architecture: arch, largePages: largePages, start: startPointer))
      }
      print(render(arch, result, mapped: mapped, start: startPointer))
    }

    func render(_ arch: Architecture, _ result: PagingCore.Footprint, mapped: [AddressRange], start: UInt128?) -> String
    {
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
}
