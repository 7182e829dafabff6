import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Sizes: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Every sizing answer: offset bits, entries per page, bits per level, table sizes, maxima.",
      discussion: "With no ARCH and no inline options, covers every built-in architecture.")

    @Argument(help: "Built-in architecture names or descriptor paths.")
    var architectures: [String] = []

    @Flag(help: "Every built-in architecture (the default when no ARCH is given).")
    var all = false

    @Flag(help: "Show the working, step by step.")
    var explain = false

    @Flag(help: "One row per architecture instead of a block each.")
    var table = false

    @OptionGroup(title: "Inline architecture")
    var inline: InlineArchitectureOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if inline.isUsed && (!architectures.isEmpty || all) {
        throw ValidationError("Give either ARCH names (or --all) or the inline options, not both.")
      }
    }

    func run() throws {
      let archs: [Architecture]
      if inline.isUsed {
        archs = [try inline.architecture()]
      } else if architectures.isEmpty || all {
        archs = BuiltinArchitectures.all + (try architectures.map(loadArchitecture))
      } else {
        archs = try architectures.map(loadArchitecture)
      }
      if output.isJSON { return output.emit(.array(archs.map(\.sizesJSON))) }
      if table { return print(summaryTable(archs)) }
      print(archs.map(block).joined(separator: "\n\n"))
    }

    func summaryTable(_ archs: [Architecture]) -> String {
      var table = TextTable(header: [
        "name", "VA", "page", "entry", "offset", "entries/page", "levels (bits, root first)",
        "single-level table", "most page-table pages", "64-bit levels",
      ])
      for arch in archs {
        let full64 = try? LevelPlan(virtualAddressBits: 64, pageSize: arch.pageSize, entrySize: arch.entrySize)
        table.append([
          arch.name, "\(arch.virtualAddressBits)", formatBytes(arch.pageSize), "\(arch.entrySize) B",
          "\(arch.offsetBits)", "\(arch.entriesPerPage)",
          "\(arch.levelCount) (\(arch.levels.map { String($0.indexBits) }.joined(separator: "+")))",
          formatBytes(arch.singleLevelTableBytes), "\(arch.maxPageTablePages)",
          full64.map { "\($0.levelCount)" } ?? "-",
        ])
      }
      return table.rendered()
    }

    func block(_ arch: Architecture) -> String {
      var facts = TextTable()
      facts.append([
        "virtual address bits", "\(arch.virtualAddressBits) (\(arch.pointerBits)-bit pointers; \(arch.canonicalRule))",
      ])
      facts.append(["page size", formatBytesExactly(arch.pageSize)])
      facts.append(["entry size", counted(arch.entrySize, "byte")])
      facts.append(["offset bits", "\(arch.offsetBits)"])
      facts.append(["entries per page", formatCount(arch.entriesPerPage)])
      facts.append(["bits per level", "\(arch.bitsPerFullLevel) (a page of entries holds 2^\(arch.bitsPerFullLevel))"])
      facts.append([
        "levels", "\(arch.levelCount): " + arch.levels.map { "\($0.name) \($0.indexBits)" }.joined(separator: ", "),
      ])
      if arch.rootPages > 1 {
        facts.append([
          "root table",
          "\(formatBytes(arch.tableBytes(atLevel: 0))): \(arch.rootPages) contiguous pages, aligned to their size",
        ])
      }
      facts.append(["single-level table", formatBytesExactly(arch.singleLevelTableBytes)])
      facts.append(["most page-table pages", formatCount(arch.maxPageTablePages)])
      facts.append(["most physical pages", formatCount(arch.maxPhysicalPages) + " (data and page-table pages)"])
      if !arch.largePageSizes.isEmpty {
        facts.append(["large pages", arch.largePageSizes.map(formatBytes).joined(separator: ", ")])
      }
      var levels = TextTable(header: [
        "level", "name", "index bits", "entries", "table size", "one entry maps", "most tables",
      ])
      for level in arch.levels.indices {
        levels.append([
          // Numbered from the bottom, as the course and WeensyOS do (PT is level 1).
          "\(arch.levelCount - level)", arch.levels[level].name, "\(arch.levels[level].indexBits)",
          "\(arch.entries(atLevel: level))",
          formatBytes(arch.tableBytes(atLevel: level)), formatBytes(arch.entrySpan(atLevel: level)),
          formatCount(arch.maxTables(atLevel: level)),
        ])
      }
      var lines = ["\(arch.name): \(arch.title)", facts.rendered(indent: 2), "", levels.rendered(indent: 2)]
      if explain {
        lines.append("")
        lines.append("  Working:")
        var steps = TextTable()
        for step in arch.sizingExplanation { steps.append([step.topic, step.working]) }
        lines.append(steps.rendered(indent: 4))
      }
      return lines.joined(separator: "\n")
    }
  }
}
