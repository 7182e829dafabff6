import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in architectures.")

    @OptionGroup var output: OutputOptions

    func run() throws {
      let all = BuiltinArchitectures.all
      if output.isJSON { return output.emit(.array(all.map(\.listingJSON))) }
      print(Architecture.listingTable(all))
    }
  }
}
