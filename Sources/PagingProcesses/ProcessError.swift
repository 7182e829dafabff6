import PagingCore

/// Why a live process could not be read. Each prints as one line.
public enum ProcessError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No process has this id (or `/proc/PID` is gone).
  case noSuchProcess(Int32)
  /// The process ended while its files were being read.
  case exitedWhileRead(Int32)
  /// The caller may not read the process's mappings.
  case permissionDenied(Int32, file: String)
  /// /proc is Linux's; this is another system.
  case notLinux(system: String)
  /// A kernel thread has no user memory to count.
  case kernelThread(Int32)
  /// A /proc file could not be read or understood.
  case unreadable(path: String, reason: String)

  /// The message, one line.
  public var description: String {
    switch self {
    case .noSuchProcess(let pid): return "no process with id \(pid)"
    case .exitedWhileRead(let pid): return "process \(pid) exited while it was being read"
    case .permissionDenied(let pid, let file):
      return
        "permission denied reading /proc/\(pid)/\(file) (it takes the right to trace the process: the same user and a dumpable process, or CAP_SYS_PTRACE)"
    case .notLinux(let system):
      return
        "reading a process needs Linux's /proc; this is \(quotedForMessage(system.isEmpty ? "an unknown system" : system)) (paging proc --snapshot FILE works anywhere)"
    case .kernelThread(let pid):
      return "process \(pid) is a kernel thread: it has no user memory or page tables of its own"
    case .unreadable(let path, let reason): return "\(escapedPath(path)): \(reason)"
    }
  }
}
