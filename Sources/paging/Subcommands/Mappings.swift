import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingSimulator

extension MappingFilter.Owner: ExpressibleByArgument {}

/// `--only user|kernel`, `--from ADDR`, `--to ADDR`.
struct MappingFilterOptions: ParsableArguments {
  @Option(help: "Keep only user or only kernel mappings.")
  var only: MappingFilter.Owner?

  @Option(parsing: .unconditional, help: "Keep mappings that end after this virtual address.", transform: parseQuantity)
  var from: UInt128?

  @Option(parsing: .unconditional, help: "Keep mappings that start before this virtual address.", transform: parseQuantity)
  var to: UInt128?

  var filter: MappingFilter { MappingFilter(owner: only, from: from, to: to) }

  var isUsed: Bool { only != nil || from != nil || to != nil }

  func validate() throws {
    if let from, let to, from >= to { throw ValidationError("--from must be below --to.") }
  }
}

extension Paging {
  struct Mappings: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List every mapping in a memory image's page tables, merged into runs, with what is wrong.",
      discussion: """
        Each run is contiguous virtual memory with one page size and one set of effective \
        permissions (the leaf's, restricted by every table above it): its virtual and physical \
        ranges (or "scattered" when the frames are not contiguous), size, pages, permissions \
        and the level of the leaf. Tables missing from the image, tables that point back up the \
        tree, leaves where a level maps no pages and frames beyond the physical address space \
        are listed as faults.
        """)

    @Argument(help: "A built-in architecture name or a descriptor path.")
    var architecture: String

    @Option(help: "The physical-memory image: raw bytes, or a text dump of `page N: bytes` lines.")
    var memory: String

    @Option(help: "How to read --memory: text, raw or auto (see `paging translate --help`).")
    var memoryFormat: MemoryImageFormat = .auto

    @Option(parsing: .unconditional, help: "Physical address of the root table.", transform: parseQuantity)
    var root: UInt128?

    @Option(parsing: .unconditional, help: "The root table's physical page number (instead of --root).", transform: parseQuantity)
    var rootPage: UInt128?

    @OptionGroup var filter: MappingFilterOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if (root == nil) == (rootPage == nil) { throw ValidationError("Give the root as --root (an address) or --root-page (a page number).") }
    }

    func run() throws {
      let arch = try loadArchitecture(architecture)
      let physicalBytes = UInt128(1) << arch.physicalAddressBits
      let option = rootPage == nil ? "--root" : "--root-page"
      if let rootPage, rootPage >= physicalBytes >> arch.offsetBits {
        throw CommandFailure(option: option, "page \(rootPage) is beyond \(arch.name)'s \(arch.physicalAddressBits)-bit physical address space (pages 0 to \((physicalBytes >> arch.offsetBits) - 1))")
      }
      let rootAddress = rootPage.map { $0 << arch.offsetBits } ?? root ?? 0
      guard rootAddress < physicalBytes else {
        throw CommandFailure(option: option, "\(formatHex(rootAddress)) is beyond \(arch.name)'s \(arch.physicalAddressBits)-bit physical address space")
      }
      guard rootAddress % arch.pageSize == 0 || arch.tableBytes(atLevel: 0) < arch.pageSize else {
        throw CommandFailure(option: option, "\(formatHex(rootAddress)) is not the address of a table")
      }
      let image = try failingCleanly { try MemoryImageFile.load(memory, architecture: arch, format: memoryFormat) }
      let list: MappingList
      do { list = try image.mappings(architecture: arch, rootAddress: UInt64(rootAddress)) }
      catch { throw CommandFailure("\(arch.name): \(error)") }
      if output.isJSON { return output.emit(list.json(filter: filter.filter)) }
      print("\(arch.name): mappings from the root at pa \(formatHex(rootAddress))")
      print(list.textLines(filter: filter.filter).joined(separator: "\n"))
    }
  }
}
