import Foundation
import PagingCore
import PagingDescriptors
import Testing

/// The files in `Architectures/` are the built-ins: each must decode, be named
/// after its file, and cite a source.
struct BuiltinDescriptorTests {
  static let architecturesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Architectures")

  static let descriptorFiles: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: architecturesDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted()
  }()

  @Test(arguments: descriptorFiles)
  func descriptorDecodesUnderItsFileName(_ file: String) throws {
    let path = Self.architecturesDirectory.appendingPathComponent(file).path
    let architecture = try ArchitectureDescriptor.decode(text: readTextFile(path), source: path)
    #expect(architecture.name + ".json" == file)
    #expect(!architecture.sources.isEmpty)
  }

  /// The embedded copies are the files as they are now (the build plugin ran).
  @Test func embeddedBuiltinsMatchTheFiles() throws {
    #expect(BuiltinArchitectures.names.map { $0 + ".json" }.sorted() == Self.descriptorFiles)
    #expect(Self.descriptorFiles.count >= 17)
    for (name, text) in BuiltinArchitectures.descriptorTexts {
      let file = Self.architecturesDirectory.appendingPathComponent((name as NSString).lastPathComponent)
      #expect(try String(contentsOf: file, encoding: .utf8) == text, "\(name)")
    }
  }

  /// Lookup by name, by path, and the message for neither.
  @Test func resolveTakesNamesAndPaths() throws {
    #expect(try BuiltinArchitectures.resolve("x86-64").name == "x86-64")
    let path = Self.architecturesDirectory.appendingPathComponent("riscv-sv39.json").path
    #expect(try BuiltinArchitectures.resolve(path).levels.count == 3)
    let error = #expect(throws: InputError.self) { try BuiltinArchitectures.resolve("x86-65") }
    #expect(
      error?.description.hasPrefix(
        "unknown architecture \"x86-65\" (did you mean x86-64?): expected a descriptor path or one of ") == true)
    let missing = #expect(throws: InputError.self) { try BuiltinArchitectures.resolve("/nonexistent/a.json") }
    #expect(missing?.description == "/nonexistent/a.json: No such file or directory")
  }
}
