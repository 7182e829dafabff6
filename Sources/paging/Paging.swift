import ArgumentParser
import PagingCore
import PagingDescriptors

@main
struct Paging: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "paging",
    abstract: "Page-table sizes, levels and footprints for any paging architecture.",
    discussion: """
      ARCH is a built-in architecture (see `paging list`) or the path of a JSON \
      descriptor. Sizes accept 4096, 4K, 4KiB, 2M, 1GiB, 2^20 and sums such as 2^9+1; \
      addresses accept hex (0x7fff0000) and decimal.
      """,
    version: "0.1.0",
    subcommands: [
      List.self, Show.self, Sizes.self, Levels.self, Footprint.self, Translate.self, Nested.self, Simulate.self,
      Mappings.self, Proc.self, Report.self, Exercise.self, OSTEP.self,
    ])

  /// Runs the command; input errors print one line and exit with
  /// ``ExitCode/inputError``.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let failure as CommandFailure {
      failure.report()
      exit(withError: ExitCode.inputError)
    } catch let error as InputError {
      CommandFailure(error).report()
      exit(withError: ExitCode.inputError)
    } catch {
      // Help and version go to standard output with status 0 as the parser
      // prints them; usage errors say "error:" as every other error does.
      let code = exitCode(for: error)
      guard code != .success else { exit(withError: error) }
      // One line: the parser's first line, with anything the user typed
      // escaped and long echoes cut (its Help and Usage lines follow
      // --help); "error:" as every other error says it.
      var message = fullMessage(for: error)
      for marker in ["\nHelp:", "\nUsage:"] {
        if let range = message.firstRange(of: marker) { message = String(message[..<range.lowerBound]) }
      }
      while message.hasSuffix("\n") { message.removeLast() }
      if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
      message = escapedPath(message)
      if message.count > 400 { message = String(message.prefix(400)) + "…" }
      CommandFailure(located: message + " (see --help)").report()
      exit(withError: code)
    }
  }
}
