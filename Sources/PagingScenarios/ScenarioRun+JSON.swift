import PagingCore
import PagingJSON
import PagingSimulator

extension ScenarioRun {
  /// The run as `simulate --format json` prints it; `mappings` (each
  /// process's `name`, `root` and listing) when they were captured.
  public var json: JSONValue { json(mappingFilter: MappingFilter()) }

  /// The run as `simulate --format json` prints it, the captured mappings kept to those `mappingFilter` passes.
  public func json(mappingFilter: MappingFilter) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("architecture", .string(architecture.name)),
      ("physical_memory_bytes", .integer(memoryBytes)),
      ("level_names", .array(architecture.levels.map { .string($0.name) })),
      ("reports", .array(points.map { $0.report.json(architecture: architecture, predicted: $0.predicted) })),
    ]
    if let mappings {
      members.append(
        (
          "mappings",
          .array(
            mappings.map { name, root, list in
              .object([("name", .string(name)), ("root", .integer(root)), ("list", list.json(filter: mappingFilter))])
            })
        ))
    }
    return .object(members)
  }
}

extension Scenario {
  /// What `simulate --format json` prints: the `scenario`'s title, its
  /// `runs` (one an architecture), and for a guest run on a host the
  /// `host_run` and the `nested` summary.
  public func resultJSON(
    runs: [ScenarioRun], mappingFilter: MappingFilter = MappingFilter(),
    host: (run: ScenarioRun, summary: HostedGuestSummary)? = nil
  ) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("scenario", .string(title)),
      ("runs", .array(runs.map { $0.json(mappingFilter: mappingFilter) })),
    ]
    if let host { members += [("host_run", host.run.json), ("nested", host.summary.json)] }
    return .object(members)
  }
}
