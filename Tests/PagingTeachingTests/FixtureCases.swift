import Foundation
import PagingTeaching
import Testing

/// One run of an OSTEP program recorded in `Fixtures/PROGRAM/cases.tsv`: the
/// arguments given to `python3 PROGRAM.py`, its exit status, and its standard
/// output (saved as `Fixtures/PROGRAM/NAME.txt`). The outputs were produced
/// by running the real programs with python3 3.11; the programs themselves
/// are not part of this repository.
struct FixtureCase: CustomTestStringConvertible, Sendable {
  enum Outcome: String, Sendable {
    /// Ran to the end (status 0).
    case ok
    /// Printed an error message to standard output and exited with status 1.
    case refused
    /// Stopped with a Python traceback (status 1).
    case exception
  }

  let program: String
  let name: String
  let status: Int32
  let outcome: Outcome
  /// The refusal's message (the last line of standard output) or the
  /// exception's (the last line of the traceback); empty for `ok`.
  let message: String
  let arguments: [String]

  /// The error the Swift program should stop with, or nil.
  var expectedFailure: OSTEPProgramError? {
    switch outcome {
    case .ok: return nil
    case .refused: return .refused(message: message)
    case .exception: return .pythonException(message)
    }
  }

  var testDescription: String { "\(program) \(name)" }

  /// The recorded standard output.
  func expectedOutput() throws -> String {
    try String(contentsOf: fixturesFolder.appendingPathComponent("\(program)/\(name).txt"), encoding: .utf8)
  }

  /// The cases recorded for `program` (`linear-translate` or `multilevel-translate`).
  static func all(_ program: String) -> [FixtureCase] {
    let url = fixturesFolder.appendingPathComponent("\(program)/cases.tsv")
    // A missing manifest yields no cases; `manifestsArePresent` fails then.
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line -> FixtureCase? in
      guard !line.hasPrefix("#") else { return nil }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count >= 4, let status = Int32(fields[1]), let outcome = Outcome(rawValue: fields[2]) else {
        return nil
      }
      return FixtureCase(
        program: program, name: fields[0], status: status, outcome: outcome,
        message: fields[3], arguments: Array(fields.dropFirst(4)))
    }
  }
}

/// `Tests/PagingTeachingTests/Fixtures`, found from this file's path.
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Why a fixture's arguments could not be turned into a program.
struct ArgumentError: Error, CustomStringConvertible {
  let description: String
}

/// The options of `paging-linear-translate.py`, read the way optparse reads
/// the arguments the fixtures use (`-s 5`, `--seed 5`, `-c`).
func linearTranslate(_ arguments: [String]) throws -> OSTEPLinearTranslate {
  var program = OSTEPLinearTranslate()
  try readOptions(arguments, flags: ["-v": { program.verbose = true }, "-c": { program.solve = true }]) {
    option, value in
    switch option {
    case "-A", "--addresses": program.addresses = value
    case "-s", "--seed": program.seed = try integer(value)
    case "-a", "--asize": program.addressSpaceSize = value
    case "-p", "--physmem": program.physicalMemorySize = value
    case "-P", "--pagesize": program.pageSize = value
    case "-n", "--numaddrs": program.addressCount = try integer(value)
    case "-u", "--used": program.usedPercent = try integer(value)
    default: throw ArgumentError(description: "unknown option \(option)")
    }
  }
  return program
}

/// The options of `paging-multilevel-translate.py`.
func multilevelTranslate(_ arguments: [String]) throws -> OSTEPMultilevelTranslate {
  var program = OSTEPMultilevelTranslate()
  try readOptions(arguments, flags: ["-c": { program.solve = true }, "--solve": { program.solve = true }]) {
    option, value in
    switch option {
    case "-s", "--seed": program.seed = try integer(value)
    case "-a", "--allocated": program.allocated = try integer(value)
    case "-n", "--addresses": program.addressCount = try integer(value)
    default: throw ArgumentError(description: "unknown option \(option)")
    }
  }
  return program
}

private func integer(_ text: String) throws -> PythonInt {
  guard let value = PythonInt(optparseArgument: text) else {
    throw ArgumentError(description: "not an integer: \(text)")
  }
  return value
}

private func readOptions(
  _ arguments: [String], flags: [String: () -> Void], option: (String, String) throws -> Void
) throws {
  var index = 0
  while index < arguments.count {
    let argument = arguments[index]
    if let flag = flags[argument] {
      flag()
      index += 1
    } else {
      guard index + 1 < arguments.count else { throw ArgumentError(description: "\(argument) needs a value") }
      try option(argument, arguments[index + 1])
      index += 2
    }
  }
}
