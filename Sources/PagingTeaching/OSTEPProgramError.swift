/// Why an OSTEP homework program stopped before the end. Whatever the program
/// printed to standard output up to that point has already been written.
public enum OSTEPProgramError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The program refused its options: it printed `message` (one line) to
  /// standard output, as the last thing written, and exited with status 1.
  case refused(message: String)
  /// Python stops with an uncaught exception: a traceback on standard error
  /// and status 1. `exception` is the traceback's last line, such as
  /// `ValueError: invalid literal for int() with base 10: 'x'`.
  case pythonException(String)
  /// A value too large for this Swift version to carry out, though Python
  /// would try (and run for longer than anyone waits).
  case unsupported(String)

  /// The exit status the Python program ends with.
  public var exitStatus: Int32 { 1 }

  /// One line for standard error.
  public var description: String {
    switch self {
    case .refused(let message): return message
    case .pythonException(let exception): return "the Python program stops with \(exception)"
    case .unsupported(let reason): return reason
    }
  }
}

/// The whole result of running an OSTEP program: its standard output and,
/// when it stopped early, why.
public struct OSTEPProgramRun: Equatable, Sendable {
  /// Everything written to standard output, byte for byte.
  public var standardOutput: String
  /// Why the program stopped early, or nil when it ran to the end (status 0).
  public var failure: OSTEPProgramError?

  /// The exit status: 0, or the failure's.
  public var exitStatus: Int32 { failure?.exitStatus ?? 0 }

  /// Runs `body`, collecting what it writes.
  init(_ body: (inout String) throws(OSTEPProgramError) -> Void) {
    var output = ""
    do {
      try body(&output)
      failure = nil
    } catch {
      failure = error
    }
    standardOutput = output
  }
}

/// Writes a line, as Python's `print(text)` does.
func printLine(_ text: String = "", to output: inout some TextOutputStream) {
  output.write(text)
  output.write("\n")
}

/// `print(label, n)`: the label and a space are written before Python
/// converts `n`, so a number past 4300 digits leaves them behind.
func printLabeled(_ label: String, _ value: PythonInt, to output: inout some TextOutputStream) throws(OSTEPProgramError)
{
  output.write(label + " ")
  guard let text = value.limitedDescription else {
    throw .pythonException(PythonInt.decimalConversionLimitMessage)
  }
  output.write(text + "\n")
}
