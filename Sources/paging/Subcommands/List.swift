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
      var table = TextTable(header: ["name", "VA bits", "page", "entry", "levels", "large pages", "title"])
      for arch in all {
        table.append([
          arch.name, "\(arch.virtualAddressBits)", formatBytes(arch.pageSize), "\(arch.entrySize) B",
          "\(arch.levelCount)", arch.largePageSizes.map(formatBytes).joined(separator: ", "), arch.title,
        ])
      }
      print(table.rendered())
    }
  }
}
