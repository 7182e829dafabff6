import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show an architecture: its address split, levels and entry format.")

    @OptionGroup var architecture: SingleArchitectureOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let arch = try architecture.load()
      if output.isJSON { return output.emit(arch.descriptionJSON) }
      print(arch.descriptionText)
    }
  }
}
