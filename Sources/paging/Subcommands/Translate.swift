import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Split a virtual address into its index at each level and its offset.")

    @Argument(help: "A built-in architecture name or a descriptor path.")
    var architecture: String

    @Argument(help: "The virtual address, hex (0x...) or decimal.", transform: parseQuantity)
    var address: UInt128

    @OptionGroup var output: OutputOptions

    func run() throws {
      let arch = try loadArchitecture(architecture)
      guard address >> arch.pointerBits == 0 else {
        throw CommandFailure("\(formatHex(address)) does not fit in a \(arch.pointerBits)-bit address")
      }
      let translation = arch.translation(of: address)
      if output.isJSON { return output.emit(translation.json(architecture: arch)) }
      let values = translation.indexes.map { "\($0)" } + [formatHex(translation.offset)]
      let canonical = translation.canonical ? "canonical" : "NOT canonical: \(arch.canonicalRule)"
      print("\(arch.name): \(formatHex(address)) (\(canonical))")
      print(bitTable(arch, values: values))
    }
  }
}
