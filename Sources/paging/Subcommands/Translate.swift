import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingSimulator

extension MemoryImageFormat: ExpressibleByArgument {}

extension Paging {
  struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Split a virtual address into its index at each level and its offset.")

    @Argument(help: "A built-in architecture name or a descriptor path.")
    var architecture: String

    @Argument(help: "The virtual address, hex (0x...) or decimal.", transform: parseQuantity)
    var address: UInt128

    @Option(help: "Walk the address through page tables in this physical-memory image: raw bytes, or a text dump of `page N: bytes` lines.")
    var memory: String?

    @Option(help: "How to read --memory: text (a dump of `page N: bytes` lines), raw (byte i is physical address i), or auto: text when the file starts with `#` or `page` or its first 4 KiB are printable ASCII, else raw.")
    var memoryFormat: MemoryImageFormat = .auto

    @Option(parsing: .unconditional, help: "Physical address of the root table (with --memory).", transform: parseQuantity)
    var root: UInt128?

    @Option(parsing: .unconditional, help: "The root table's physical page number, as OSTEP gives its page directory base register (with --memory; instead of --root).", transform: parseQuantity)
    var rootPage: UInt128?

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if root != nil && rootPage != nil { throw ValidationError("Give the root as --root (an address) or --root-page (a page number), not both.") }
      if (memory == nil) != (root == nil && rootPage == nil) { throw ValidationError("--memory and --root (or --root-page) go together.") }
    }

    func run() throws {
      let arch = try loadArchitecture(architecture)
      guard address >> arch.pointerBits == 0 else {
        throw CommandFailure("\(formatHex(address)) does not fit in a \(arch.pointerBits)-bit address")
      }
      if let memory, let root = try rootAddress(arch) {
        return try walk(arch, memory: memory, root: root)
      }
      let translation = arch.translation(of: address)
      if output.isJSON { return output.emit(translation.json(architecture: arch)) }
      let values = translation.indexes.map { "\($0)" } + [formatHex(translation.offset)]
      let canonical = translation.canonical ? "canonical" : "NOT canonical: \(arch.canonicalRule)"
      print("\(arch.name): \(formatHex(address)) (\(canonical))")
      print(bitTable(arch, values: values))
    }

    /// The root's byte address from --root or --root-page, checked against
    /// the architecture's physical address space.
    func rootAddress(_ arch: Architecture) throws -> UInt128? {
      let physicalBytes = UInt128(1) << arch.physicalAddressBits
      if let rootPage {
        let pages = physicalBytes >> arch.offsetBits
        guard rootPage < pages else {
          throw CommandFailure(option: "--root-page", "page \(rootPage) is beyond \(arch.name)'s \(arch.physicalAddressBits)-bit physical address space (pages 0 to \(pages - 1))")
        }
        return rootPage << arch.offsetBits
      }
      guard let root else { return nil }
      guard root < physicalBytes else {
        throw CommandFailure(option: "--root", "\(formatHex(root)) is beyond \(arch.name)'s \(arch.physicalAddressBits)-bit physical address space")
      }
      return root
    }

    func walk(_ arch: Architecture, memory path: String, root: UInt128) throws {
      guard root <= UInt128(UInt64.max), root % arch.pageSize == 0 || arch.tableBytes(atLevel: 0) < arch.pageSize else {
        throw CommandFailure(option: rootPage == nil ? "--root" : "--root-page", "\(formatHex(root)) is not the address of a table")
      }
      let image = try failingCleanly { try MemoryImageFile.load(path, architecture: arch, format: memoryFormat) }
      let result: Walk
      do { result = try image.walk(address, architecture: arch, rootAddress: UInt64(root)) }
      catch { throw CommandFailure(error.description) }
      if output.isJSON { return output.emit(result.json(address: address, architecture: arch)) }
      print("\(arch.name): walking \(formatHex(address)) from the root at pa \(formatHex(root))")
      let translation = arch.translation(of: address)
      print("  indexes " + zip(arch.levels, translation.indexes).map { "\($0.name) \($1)" }.joined(separator: ", ")
            + ", offset \(formatHex(translation.offset))")
      var table = TextTable(header: ["level", "index", "entry address", "entry", "flags", "meaning", "allows"])
      for step in result.steps {
        table.append([step.levelName, "\(step.index)", formatHex(step.entryAddress), formatHex(step.entry),
                      step.flags.isEmpty ? "-" : step.flags.joined(separator: " "), step.meaning(in: arch), step.allowed.description])
      }
      print(table.rendered(indent: 2))
      if let physical = result.physicalAddress {
        let value = result.value.map { "0x" + String($0, radix: 16) } ?? "unknown (not in the image)"
        print("  -> physical address \(formatHex(physical)) (\(result.permissions?.description ?? "")), byte there: \(value)")
      } else {
        print("  -> fault\(result.faultLevel.map { " at \($0)" } ?? ""): \(result.faultReason ?? "")")
      }
    }
  }
}
