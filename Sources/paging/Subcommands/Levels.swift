import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Levels: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "How many levels an address width needs, and how the bits split.",
      discussion: "Every level indexes a full page of entries except the root, which takes the bits left over.")

    @Option(name: .customLong("va-bits"), help: "Virtual address bits to translate (1-64).")
    var virtualAddressBits: Int

    @Option(help: "Page size.", transform: parseQuantity)
    var pageSize: UInt128 = 4096

    @Option(help: "Bytes per entry.")
    var entrySize: Int = 8

    @OptionGroup var output: OutputOptions

    func run() throws {
      let plan: LevelPlan
      do {
        plan = try LevelPlan(virtualAddressBits: virtualAddressBits, pageSize: pageSize, entrySize: entrySize)
      } catch {
        throw CommandFailure(option: InlineArchitectureOptions.optionForPath[error.path] ?? error.path, error.message)
      }
      if output.isJSON { return output.emit(plan.json) }
      let full = plan.bitsPerFullLevel
      print("""
        \(plan.virtualAddressBits)-bit addresses, \(formatBytes(pageSize)) pages, \(entrySize)-byte entries:
          offset bits     \(plan.offsetBits) (a page is 2^\(plan.offsetBits) bytes)
          bits per level  \(full) (\(formatBytes(pageSize)) / \(entrySize) bytes = 2^\(full) entries per table)
          bits to index   \(plan.virtualAddressBits) - \(plan.offsetBits) = \(plan.translatedBits)
          levels          ceil(\(plan.translatedBits) / \(full)) = \(plan.levelCount)
          split           \(plan.indexBits.map(String.init).joined(separator: " + ")) (root first)
        """)
    }
  }
}
