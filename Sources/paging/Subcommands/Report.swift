import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingReports
import PagingSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReportFormat: ExpressibleByArgument {}

extension Paging {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare architectures side by side: Markdown, HTML with charts, CSV and JSON.",
      discussion: """
        Defaults to every built-in architecture, every scenario in Scenarios/, every format, \
        written into Reports/. Every file is computed before any is written, and each is \
        replaced atomically, so a failed run leaves the previous report intact.
        """)

    @Option(help: "An architecture to include (repeatable; default: every built-in).")
    var arch: [String] = []

    @Option(help: "A scenario file to simulate (repeatable; default: Scenarios/*.json).")
    var scenario: [String] = []

    @Option(help: "A format to write (repeatable): markdown, html, csv or json (default: all).")
    var format: [ReportFormat] = []

    @Option(help: "The folder to write into.")
    var output = "Reports"

    func run() throws {
      let architectures = arch.isEmpty ? BuiltinArchitectures.all : try arch.map(loadArchitecture)
      let scenarioPaths = scenario.isEmpty ? try defaultScenarios() : scenario
      var results: [ComparisonReport.ScenarioResult] = []
      let chosen = Set(architectures.map(\.name))
      for path in scenarioPaths {
        let file = try failingCleanly { try ScenarioFile.decode(text: readTextFile(path), source: path) }
        // Run each scenario on the architectures it names that the report covers.
        for name in file.scenario.architectures where arch.isEmpty || chosen.contains(name) {
          let architecture = try loadArchitecture(name)
          do {
            results.append(.init(title: file.scenario.title, run: try file.scenario.run(on: architecture)))
          } catch let error as ScenarioError {
            throw CommandFailure(file.locate(error))
          }
        }
      }
      let report = ComparisonReport(architectures: architectures, scenarios: results)
      let files = report.files(formats: format.isEmpty ? ReportFormat.allCases : format)
      if mkdir(output, 0o755) != 0 && errno != EEXIST {
        throw CommandFailure("\(output): cannot create the folder: \(String(cString: strerror(errno)))")
      }
      for file in files {
        try failingCleanly { try writeFileAtomically(output + "/" + file.name, text: file.text) }
      }
      print("wrote \(files.count) files to \(output)/: " + files.map(\.name).joined(separator: ", "))
    }

    /// `Scenarios/*.json` beside the working directory, sorted.
    func defaultScenarios() throws -> [String] {
      guard let directory = opendir("Scenarios") else {
        throw CommandFailure("Scenarios/: not found; run from the package folder or pass --scenario")
      }
      defer { closedir(directory) }
      var names: [String] = []
      while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(".json") { names.append("Scenarios/" + name) }
      }
      return names.sorted()
    }
  }
}
