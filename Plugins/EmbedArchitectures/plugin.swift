import Foundation
import PackagePlugin

/// Generates, for PagingDescriptors, `BuiltinDescriptorTexts.swift` from
/// `Architectures/*.json` and `BuiltinSnapshotTexts.swift` from
/// `Snapshots/*.json`; for PagingScenarios, `BuiltinScenarioTexts.swift` from
/// `Scenarios/*.json`. The built-in descriptors, process snapshots and
/// scenarios travel inside the binary instead of being looked up on disk.
@main
struct EmbedArchitectures: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    if target.name == "PagingScenarios" {
      return [try embed(folder: "Scenarios", as: "BuiltinScenarioTexts", context: context)]
    }
    return [
      try embed(folder: "Architectures", as: "BuiltinDescriptorTexts", context: context),
      try embed(folder: "Snapshots", as: "BuiltinSnapshotTexts", context: context),
    ]
  }

  /// One command writing `<enumName>.swift` from `<folder>/*.json`.
  private func embed(folder name: String, as enumName: String, context: PluginContext) throws -> Command {
    let folder = context.package.directoryURL.appending(path: name)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))
      .filter { $0.hasSuffix(".json") }
      .sorted()
    let inputs = names.map { folder.appending(path: $0) }
    let output = context.pluginWorkDirectoryURL.appending(path: "\(enumName).swift")
    return .buildCommand(
      displayName: "Embedding \(inputs.count) files from \(name)/",
      executable: try context.tool(named: "embed-architectures").url,
      arguments: [output.path(percentEncoded: false), enumName, name] + inputs.map { $0.path(percentEncoded: false) },
      inputFiles: inputs,
      outputFiles: [output])
  }
}
