import Foundation
import PagingJSON

/// The result of running the `paging` binary.
public struct CommandResult: Sendable {
  public var status: Int32
  public var standardOutput: String
  public var standardError: String

  /// Standard output parsed as JSON.
  public func json() throws -> JSONValue {
    try JSONDocument(parsing: standardOutput, source: "stdout").root.value
  }
}

/// The folder holding the built products (`paging` sits beside the test bundle).
public var productsDirectory: URL {
  URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

/// The package's root folder, found from this source file's path.
public let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs `paging` (or another executable) with `arguments` and collects its output.
public func runPaging(_ arguments: [String], executable: URL? = nil, workingDirectory: URL? = nil) throws
  -> CommandResult
{
  let process = Process()
  process.executableURL = executable ?? productsDirectory.appendingPathComponent("paging")
  process.arguments = arguments
  if let workingDirectory { process.currentDirectoryURL = workingDirectory }
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  try process.run()
  // Read before waiting so a large output cannot fill the pipe and stall.
  let outData = output.fileHandleForReading.readDataToEndOfFile()
  let errData = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus,
    standardOutput: String(decoding: outData, as: UTF8.self),
    standardError: String(decoding: errData, as: UTF8.self))
}

extension JSONValue {
  /// The member at `key` of an object, or nil.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// The element at `index` of an array, or nil.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
    return elements[index]
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// The number's exact text, for comparing against integers of any size.
  public var numberText: String? {
    if case .number(let text) = self { return text }
    return nil
  }

  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }
}
