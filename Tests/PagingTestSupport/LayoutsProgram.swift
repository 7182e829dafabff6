import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The layouts program (Tests/ProcLayouts), driven a line at a time.
public final class LayoutsProgram {
  /// The running program.
  public let process = Process()
  private let input = Pipe(), output = Pipe()
  private var buffered = Data()

  /// Starts the program; read its first line (`ready PID`) before anything else.
  public init() throws {
    process.executableURL = productsDirectory.appendingPathComponent("proc-layouts")
    process.standardInput = input
    process.standardOutput = output
    try process.run()
  }

  deinit {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// Its process id.
  public var pid: Int32 { process.processIdentifier }

  /// The next line it writes, without the newline; empty at its end.
  public func line() -> String {
    while true {
      if let newline = buffered.firstIndex(of: 10) {
        let text = String(decoding: buffered[buffered.startIndex..<newline], as: UTF8.self)
        buffered = Data(buffered[(newline + 1)...])
        return text
      }
      let more = output.fileHandleForReading.availableData
      if more.isEmpty { return "" }
      buffered += more
    }
  }

  /// Makes a layout; the kernel's VmPTE before and after, in bytes.
  public func make(_ name: String) throws -> (before: Int, after: Int) {
    input.fileHandleForWriting.write(Data((name + "\n").utf8))
    let words = line().split(separator: " ")
    guard words.count == 4, words[0] == "done", let before = Int(words[2]), let after = Int(words[3]) else {
      throw POSIXError(.EIO)
    }
    return (before, after)
  }
}
