import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingProcesses
import PagingReports
import PagingScenarios
import PagingSimulator

extension ReportFormat: ExpressibleByArgument {}

extension Paging {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare architectures side by side: Markdown, HTML with charts, CSV and JSON.",
      discussion: """
        Defaults to every built-in architecture, every shipped scenario (Scenarios/, built \
        into the binary), every format, written into Reports/. Every file is computed before \
        any is written, and the files are replaced all or nothing, so a failed run leaves the \
        previous report intact.
        """)

    @Option(help: "An architecture to include (repeatable; default: every built-in).")
    var arch: [String] = []

    @Option(help: "A scenario file to simulate (repeatable; default: the shipped Scenarios/*.json).")
    var scenario: [String] = []

    @Option(help: "A format to write (repeatable): markdown, html, csv or json (default: all).")
    var format: [ReportFormat] = []

    @OptionGroup var hostMemory: HostMemoryOptions

    @Option(help: "The folder to write into.")
    var output = "Reports"

    func run() throws {
      let architectures = arch.isEmpty ? BuiltinArchitectures.all : try arch.map(loadArchitecture)
      let scenarioFiles = try failingCleanly {
        scenario.isEmpty
          ? try ScenarioFile.builtins()
          : try scenario.map { path throws(InputError) in
            try ScenarioFile.decode(text: readTextFile(path), source: path)
          }
      }
      var results: [ComparisonReport.ScenarioResult] = []
      let chosen = Set(architectures.map(\.name))
      for file in scenarioFiles {
        // Run each scenario on the architectures it names that the report covers.
        for (index, name) in file.scenario.architectures.enumerated() where arch.isEmpty || chosen.contains(name) {
          let architecture = try failingCleanly { try file.architecture(at: index) }
          try hostMemory.check(file.scenario, on: architecture)
          do {
            results.append(.init(title: file.scenario.title, run: try file.scenario.run(on: architecture)))
          } catch let error as ScenarioError {
            throw CommandFailure(file.locate(error))
          }
        }
      }
      let inputs = ComparisonReport.Inputs(
        toolVersion: Paging.configuration.version,
        architectureSource: arch.isEmpty
          ? "the built-in architectures (Architectures/)" : "the architectures " + arch.joined(separator: ", "),
        scenarioSource: scenario.isEmpty
          ? "the shipped scenarios (Scenarios/)" : "the scenarios " + scenario.joined(separator: ", "))
      let processes = try failingCleanly {
        try RealProcessesSection(snapshots: ProcessSnapshot.builtins(), architectures: architectures)
      }
      var report = ComparisonReport(
        architectures: architectures, scenarios: results, inputs: inputs,
        extraSections: [processes.section, NestedSection(pairs: nestedPairs(architectures)).section])
      report.tables += processes.tables
      let files = report.files(formats: format.isEmpty ? ReportFormat.allCases : format)
      try failingCleanly {
        try createFolder(output)
        var batch = OutputBatch()
        for file in files { batch.add(output + "/" + file.name, text: file.text) }
        try batch.commit()
      }
      print("wrote \(counted(files.count, "file")) to \(output)/: " + files.map(\.name).joined(separator: ", "))
    }

    /// The built-in guest and host pairs whose two sides are both reported.
    func nestedPairs(_ architectures: [Architecture]) -> [(guest: Architecture, host: Architecture)] {
      architectures.compactMap { guest in
        guard let host = BuiltinNestedPairs.host(for: guest), architectures.contains(where: { $0.name == host.name })
        else { return nil }
        return (guest, host)
      }
    }
  }
}
