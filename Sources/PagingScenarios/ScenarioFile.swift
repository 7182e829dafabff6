import PagingCore
import PagingDescriptors
import PagingJSON
import PagingSimulator

/// Reads simulation scenarios (see `Scenarios/README.md`):
///
///     { "format_version": 1, "title": "...", "description": "...",
///       "architectures": ["x86-64"],
///       "steps": [ { "op": "create", "process": "a" },
///                  { "op": "allocate", "process": "a", "count": 513, "size": "4KiB" },
///                  { "op": "report", "label": "after 2^9+1 pages" } ] }
public struct ScenarioFile {
  /// The scenario the file describes.
  public let scenario: Scenario
  /// The parsed file, kept so that an error found while running can be placed at the step or field it comes from.
  public let document: JSONDocument

  /// The scenario in `text`, read under the name `source`.
  ///
  /// The file's form is checked as it is read (the format version, each operation's keys and values, quantities);
  /// whether the steps can run is found by running them, on each architecture.
  ///
  /// - Throws: `InputError.located(_:)` at the first field that is malformed or out of range.
  public static func decode(text: String, source: String) throws(InputError) -> ScenarioFile {
    do {
      let document = try JSONDocument(parsing: text, source: source)
      return ScenarioFile(scenario: try readScenario(document.rootField), document: document)
    } catch {
      throw .located(error)
    }
  }

  /// The scenarios shipped in `Scenarios/`, embedded in the binary at build
  /// time (sorted by file name), so `paging report` needs no source folder.
  public static func builtins() throws(InputError) -> [ScenarioFile] {
    try BuiltinScenarioTexts.files.map { file throws(InputError) in try decode(text: file.text, source: file.name) }
  }

  /// A run failure, located at the step or kernel mapping that failed, or
  /// at `physical_memory`. When the file gives no memory size the size was
  /// derived, and the error is located at the top level and says so.
  public func locate(_ error: ScenarioError) -> InputError {
    var path = error.fieldPath
    var message = error.error.description
    if error.location == .memory, scenario.physicalMemory == nil {
      path = ""
      message = "with the physical memory derived from the steps (no physical_memory given): " + message
    }
    let field = document.nearestField(at: path)
    return .located(document.error(at: field.node, path: path, message))
  }

  /// The architecture the scenario names at `architectures[index]`: a
  /// built-in or a descriptor file; an unknown name or unreadable file is
  /// reported at that entry.
  public func architecture(at index: Int) throws(InputError) -> Architecture {
    let path = "architectures[\(index)]"
    do {
      return try BuiltinArchitectures.resolve(scenario.architectures[index])
    } catch .located(let error) {
      throw .located(error)
    } catch {
      let field = document.nearestField(at: path)
      throw .located(document.error(at: field.node, path: path, error.description))
    }
  }

  static func readScenario(_ root: JSONField) throws(JSONInputError) -> Scenario {
    let object = try root.object()
    let version = try object.required("format_version")
    guard version.integerLiteral == "1" else { throw version.mismatch("format version 1") }
    let title = try object.required("title").string()
    let summary = try object.required("description").string()
    let architecturesField = try object.required("architectures")
    let architectures = try architecturesField.array().map { field throws(JSONInputError) in try field.string() }
    guard !architectures.isEmpty else { throw architecturesField.error("name at least one architecture") }
    let memory = try object.optional("physical_memory").map { field throws(JSONInputError) in try field.size() }
    let kernel =
      try object.optional("kernel").map { field throws(JSONInputError) -> [(start: Scenario.Address, size: UInt128)] in
        try field.array().map { element throws(JSONInputError) -> (start: Scenario.Address, size: UInt128) in
          let mapping = try element.object()
          let start = try readAddress(mapping.required("start"))
          let size = try mapping.required("size").size()
          try mapping.rejectUnknownKeys()
          return (start: start, size: size)
        }
      } ?? []
    let steps = try object.required("steps").array().map { field throws(JSONInputError) in try readStep(field) }
    try object.rejectUnknownKeys()
    return Scenario(
      title: title, summary: summary, architectures: architectures, physicalMemory: memory,
      kernel: kernel, steps: steps)
  }

  static let operations = ["create", "allocate", "unmap", "fork", "exit", "report"]

  static func readStep(_ field: JSONField) throws(JSONInputError) -> Scenario.Step {
    let object = try field.object()
    let opField = try object.required("op")
    let op = try opField.string()
    let step: Scenario.Step
    switch op {
    case "create":
      step = .create(process: try object.required("process").string())
    case "allocate":
      let process = try object.required("process").string()
      let start =
        try object.optional("start").map { field throws(JSONInputError) in try readAddress(field) } ?? .pointer(0)
      let count =
        try object.optional("count").map { field throws(JSONInputError) in
          try field.quantity(expecting: "a count such as 513 or \"2^9+1\"")
        } ?? 1
      let size = try object.required("size").size()
      let layout = try readLayout(object)
      let largePages = try object.optional("large_pages")?.bool() ?? false
      var permissions: Permissions = [.user]
      if try object.optional("writable")?.bool() ?? true { permissions.insert(.writable) }
      if try object.optional("executable")?.bool() ?? false { permissions.insert(.executable) }
      step = .allocate(
        process: process, start: start, count: count, size: size, layout: layout,
        largePages: largePages, permissions: permissions)
    case "unmap":
      step = .unmap(
        process: try object.required("process").string(),
        start: try readAddress(object.required("start")), size: try object.required("size").size())
    case "fork":
      step = .fork(
        process: try object.required("process").string(), child: try object.required("child").string(),
        sharing: try object.optional("share")?.bool() ?? false)
    case "exit":
      step = .exit(process: try object.required("process").string())
    case "report":
      step = .report(label: try object.required("label").string())
    default:
      throw opField.mismatch(operations.map { "\"\($0)\"" }.joined(separator: ", "))
    }
    try object.rejectUnknownKeys()
    return step
  }

  static func readLayout(_ object: JSONObjectReader) throws(JSONInputError) -> AllocationRequest.Layout {
    guard let field = object.optional("layout") else { return .contiguous }
    switch try field.string() {
    case "contiguous":
      return .contiguous
    case "stride":
      return .stride(try object.required("stride").size())
    case "random":
      let seed = try object.required("seed").integer(in: UInt64.min...UInt64.max)
      return .random(seed: seed, within: try object.required("within").size())
    default:
      throw field.mismatch("\"contiguous\", \"stride\" or \"random\"")
    }
  }

  /// A pointer, or `"upper_half"` / `"upper_half+2MiB"` for the start of the
  /// upper half of the address space.
  static func readAddress(_ field: JSONField) throws(JSONInputError) -> Scenario.Address {
    if case .string(let text) = field.node.content, text.hasPrefix("upper_half") {
      let rest = text.dropFirst("upper_half".count)
      if rest.isEmpty { return .upperHalf(plus: 0) }
      guard rest.first == "+", let offset = try? Quantity.parse(String(rest.dropFirst())) else {
        throw field.mismatch("an address such as \"0x400000\" or \"upper_half+2MiB\"")
      }
      return .upperHalf(plus: offset)
    }
    return .pointer(try field.quantity(expecting: "an address such as \"0x400000\" or \"upper_half\""))
  }
}
