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

  @Option(
    parsing: .unconditional, help: "Keep mappings that start before this virtual address.", transform: parseQuantity)
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

    @OptionGroup var image: MemoryImageOptions

    @OptionGroup var filter: MappingFilterOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if image.memory == nil { throw ValidationError("Missing --memory: the image to list.") }
    }

    func run() throws {
      let arch = try loadArchitecture(architecture)
      guard let rootAddress = try image.rootAddress(arch), let memory = try image.load(arch) else {
        throw ValidationError("Missing --memory and --root (or --root-page).")
      }
      let list: MappingList
      do { list = try memory.mappings(architecture: arch, rootAddress: rootAddress) } catch {
        throw CommandFailure("\(arch.name): \(error)")
      }
      if output.isJSON { return output.emit(list.json(filter: filter.filter)) }
      print(list.text(architecture: arch, rootAddress: rootAddress, filter: filter.filter))
    }
  }
}
