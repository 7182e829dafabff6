import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingSimulator

extension Paging {
  struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Split a virtual address into its index at each level and its offset.")

    @Argument(help: "A built-in architecture name or a descriptor path.")
    var architecture: String

    @Argument(help: "The virtual address, hex (0x...) or decimal.", transform: parseQuantity)
    var address: UInt128

    @OptionGroup(title: "Walking page tables in a memory image")
    var image: MemoryImageOptions

    @OptionGroup(title: "Walking through two stages (nested translation)")
    var nested: NestedImageOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
      if nested.isUsed && image.memory == nil {
        throw ValidationError("--host and --host-root walk the tables in --memory; give --memory and --root too.")
      }
    }

    func run() throws {
      let arch = try loadArchitecture(architecture)
      guard address >> arch.pointerBits == 0 else {
        throw CommandFailure("\(formatHex(address)) does not fit in a \(arch.pointerBits)-bit address")
      }
      if nested.isUsed { return try nestedWalk(guest: arch) }
      if let root = try image.rootAddress(arch), let memory = try image.load(arch) {
        return try walk(arch, image: memory, root: root)
      }
      let translation = arch.translation(of: address)
      if output.isJSON { return output.emit(translation.json(architecture: arch)) }
      print(translation.text(architecture: arch))
    }

    func walk(_ arch: Architecture, image: MemoryImage, root: PhysicalAddress) throws {
      let result: Walk
      do { result = try image.walk(address, architecture: arch, rootAddress: root) } catch {
        throw CommandFailure(error.description)
      }
      if output.isJSON { return output.emit(result.json(address: address, architecture: arch)) }
      print(result.text(address: address, architecture: arch, rootAddress: root))
    }
  }
}
