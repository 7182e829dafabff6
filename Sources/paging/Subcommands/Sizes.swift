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
      if table { return print(Architecture.sizesTable(archs)) }
      print(archs.map { $0.sizesText(explaining: explain) }.joined(separator: "\n\n"))
    }
  }
}
