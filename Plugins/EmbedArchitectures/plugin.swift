import Foundation
import PackagePlugin

/// Generates `BuiltinDescriptorTexts.swift` from `Architectures/*.json`, so the
/// descriptors travel inside the binary instead of being looked up on disk.
@main
struct EmbedArchitectures: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let folder = context.package.directoryURL.appending(path: "Architectures")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))
      .filter { $0.hasSuffix(".json") }
      .sorted()
    let inputs = names.map { folder.appending(path: $0) }
    let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinDescriptorTexts.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(inputs.count) architecture descriptors",
        executable: try context.tool(named: "embed-architectures").url,
        arguments: [output.path(percentEncoded: false)] + inputs.map { $0.path(percentEncoded: false) },
        inputFiles: inputs,
        outputFiles: [output])
    ]
  }
}
