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
      let values = translation.indexes.map { "\($0)" } + [formatHex(translation.offset)]
      let canonical = translation.canonical ? "canonical" : "NOT canonical: \(arch.canonicalRule)"
      let tree = arch.selectedRoot(of: address).map { ", translated under \($0.name)" } ?? ""
      print("\(arch.name): \(formatHex(address)) (\(canonical)\(tree))")
      print(bitTable(arch, values: values))
    }

    func walk(_ arch: Architecture, image: MemoryImage, root: UInt128) throws {
      let result: Walk
      do { result = try image.walk(address, architecture: arch, rootAddress: UInt64(root)) } catch {
        throw CommandFailure(error.description)
      }
      if output.isJSON { return output.emit(result.json(address: address, architecture: arch)) }
      let tree = arch.selectedRoot(of: address).map { " (the address selects \($0.name))" } ?? ""
      print("\(arch.name): walking \(formatHex(address)) from the root at pa \(formatHex(root))\(tree)")
      let translation = arch.translation(of: address)
      print(
        "  indexes " + zip(arch.levels, translation.indexes).map { "\($0.name) \($1)" }.joined(separator: ", ")
          + ", offset \(formatHex(translation.offset))")
      var table = TextTable(header: ["level", "index", "entry address", "entry", "flags", "meaning", "allows"])
      for step in result.steps {
        table.append([
          step.levelName, "\(step.index)", formatHex(step.entryAddress), formatHex(step.entry),
          step.flags.isEmpty ? "-" : step.flags.joined(separator: " "), step.meaning(in: arch),
          step.allowed.description,
        ])
      }
      print(table.rendered(indent: 2))
      if let physical = result.physicalAddress {
        let value = result.value.map { "0x" + String($0, radix: 16) } ?? "unknown (not in the image)"
        print(
          "  -> physical address \(formatHex(physical)) (\(result.permissions?.description ?? "")), byte there: \(value)"
        )
      } else {
        print("  -> fault\(result.faultLevel.map { " at \($0)" } ?? ""): \(result.faultReason ?? "")")
      }
    }
  }
}
