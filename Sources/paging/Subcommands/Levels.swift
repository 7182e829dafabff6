import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Levels: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "How many levels an address width needs, and how the bits split.",
      discussion: "Every level indexes a full page of entries except the root, which takes the bits left over.")

    @Option(name: .customLong("va-bits"), parsing: .unconditional, help: "Virtual address bits to translate (1-64).")
    var virtualAddressBits: Int

    @Option(parsing: .unconditional, help: "Page size.", transform: parseQuantity)
    var pageSize: UInt128 = 4096

    @Option(
      parsing: .unconditional,
      help: "Bytes per entry (default 8, or 4 for 32-bit and narrower addresses, as for `sizes --va-bits`).")
    var entrySize: Int?

    @Flag(help: "Show the working: offset bits, bits per level, and the division that gives the level count.")
    var explain = false

    @OptionGroup var output: OutputOptions

    func run() throws {
      let entrySize = self.entrySize ?? InlineArchitecture.defaultEntrySize(virtualAddressBits: virtualAddressBits)
      let plan: LevelPlan
      do {
        plan = try LevelPlan(virtualAddressBits: virtualAddressBits, pageSize: pageSize, entrySize: entrySize)
      } catch {
        throw CommandFailure(option: InlineArchitectureOptions.optionForPath[error.path] ?? error.path, error.message)
      }
      if output.isJSON { return output.emit(plan.json) }
      print(plan.text(explaining: explain))
    }
  }
}
