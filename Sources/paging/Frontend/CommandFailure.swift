import ArgumentParser
import PagingCore
import PagingDescriptors

/// An error from the user's input, printed as one line on standard error.
/// Errors located in a file print as `FILE:LINE:COLUMN: FIELD: message`;
/// others as `error: message`.
struct CommandFailure: Error {
  let line: String

  init(_ error: InputError) {
    if case .located = error { line = error.description } else { line = "error: \(error.description)" }
  }

  init(_ message: String) { line = "error: \(message)" }

  init(option: String, _ message: String) { line = "error: \(option): \(message)" }

  /// A message already in `FILE:LINE:COLUMN: ...` form.
  init(located: String) { line = located }

  /// Writes the line to standard error.
  func report() { system_writeStandardError(line + "\n") }
}

extension ExitCode {
  /// The status of every input error: a bad option value, file or field
  /// (the parser's own usage errors keep the status it gives them).
  static let inputError = ExitCode(2)
}

/// Runs `body`, turning the libraries' typed errors into ``CommandFailure``.
func failingCleanly<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as InputError {
    throw CommandFailure(error)
  } catch let error as AddressError {
    throw CommandFailure(error.message)
  } catch let error as Quantity.ParseError {
    throw CommandFailure(error.reason)
  }
}
