import ArgumentParser
import PagingJSON

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct OutputOptions: ParsableArguments {
  @Option(help: "Output format: text (aligned tables) or json (exact integers, snake_case keys).")
  var format: OutputFormat = .text

  var isJSON: Bool { format == .json }

  func emit(_ value: JSONValue) {
    print(value.serialized())
  }
}
