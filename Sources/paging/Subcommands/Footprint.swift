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
      print(
        result.text(
          architecture: arch, workload: workload, rangesFile: ranges, mapped: mapped, start: startPointer,
          worst: worst, largePages: largePages, explaining: explain))
    }
  }
}
