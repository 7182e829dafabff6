import PagingCore
import PagingJSON

/// The architectures embedded from `Architectures/*.json` at build time, and
/// lookup by name or descriptor path.
public enum BuiltinArchitectures {
  /// Every built-in, sorted by name. Decoded once, on first use.
  ///
  /// A built-in that fails to decode is a build defect that the test suite
  /// catches; here it stops the program with the descriptor's own message.
  public static let all: [Architecture] = BuiltinDescriptorTexts.files.map { file in
    do {
      return try ArchitectureDescriptor.decode(text: file.text, source: file.name)
    } catch {
      fatalError("built-in descriptor is invalid: \(error)")
    }
  }.sorted { $0.name < $1.name }

  /// The name of every built-in, sorted, as `paging list` prints them and error messages suggest them.
  public static var names: [String] { all.map(\.name) }

  /// The built-in called `name` (`x86-64`, `riscv-sv39`), or nil when there is none; names are matched exactly.
  public static func named(_ name: String) -> Architecture? {
    all.first { $0.name == name }
  }

  /// The raw text of a built-in descriptor, keyed by its path under the package.
  public static var descriptorTexts: [(name: String, text: String)] { BuiltinDescriptorTexts.files }

  /// A built-in name, or else the path of a descriptor file.
  public static func resolve(_ nameOrPath: String) throws(InputError) -> Architecture {
    if let builtin = named(nameOrPath) { return builtin }
    let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
    guard looksLikePath else { throw .unknownArchitecture(nameOrPath, known: names) }
    return try ArchitectureDescriptor.decode(text: readTextFile(nameOrPath), source: nameOrPath)
  }
}
