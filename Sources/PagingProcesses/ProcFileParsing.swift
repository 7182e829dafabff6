import PagingCore

/// A line of a /proc file that is not in the form the kernel writes.
public struct ProcParseError: Error, Equatable, Sendable {
  /// 1-based line number.
  public var line: Int
  /// What is wrong, with the text quoted and shortened.
  public var message: String

  /// An error at `line`.
  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }
}

/// Parsers for the /proc/PID files the reader uses. They are pure, so the
/// tests feed them lines written by hand from proc(5).
public enum ProcFileParsing {
  /// One line of /proc/PID/maps:
  /// `start-end perms offset dev inode [name]`, addresses in hex, the name
  /// (a path, `[heap]`, or nothing) after any run of spaces.
  public static func mapping(_ line: Substring, lineNumber: Int = 1) throws(ProcParseError) -> ProcessMapping {
    func fail(_ what: String) -> ProcParseError {
      ProcParseError(line: lineNumber, message: "\(what) in \(quotedForMessage(line))")
    }
    var rest = line[...]
    func field() -> Substring? {
      rest = rest.drop { $0 == " " }
      guard !rest.isEmpty else { return nil }
      let end = rest.firstIndex(of: " ") ?? rest.endIndex
      defer { rest = rest[end...] }
      return rest[..<end]
    }
    guard let range = field(), let permissions = field(), field() != nil, field() != nil, field() != nil else {
      throw fail("expected start-end, permissions, offset, device and inode")
    }
    let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
    guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16) else {
      throw fail("expected an address range such as 7f00a000-7f00c000")
    }
    guard start < end, start % ProcessSnapshot.pageSize == 0, end % ProcessSnapshot.pageSize == 0 else {
      throw fail("expected a non-empty range of whole 4 KiB pages")
    }
    guard permissions.count == 4 else { throw fail("expected four permission letters such as r-xp") }
    let name = rest.drop { $0 == " " }
    return ProcessMapping(start: start, end: end, permissions: String(permissions), name: String(name))
  }

  /// Every mapping in the text of /proc/PID/maps, in the kernel's order.
  public static func mappings(_ text: String) throws(ProcParseError) -> [ProcessMapping] {
    var result: [ProcessMapping] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty
    {
      result.append(try mapping(line, lineNumber: index + 1))
    }
    return result
  }

  /// The fields of /proc/PID/status the analysis uses.
  public struct Status: Sendable, Equatable {
    /// `Name:`, the command (the kernel escapes it).
    public var name: String = ""
    /// `VmPTE:` in bytes; absent for kernel threads and zombies.
    public var vmPTEBytes: UInt64?
    /// `VmRSS:` in bytes.
    public var vmRSSBytes: UInt64?
    /// `Kthread: 1` (Linux 6.0 and later).
    public var isKernelThread = false
    /// `State: Z (zombie)` or `X (dead)`: exited, its memory gone.
    public var hasExited = false
  }

  /// Reads `Name`, `State`, `VmPTE`, `VmRSS` and `Kthread` from /proc/PID/status;
  /// sizes are given in kB (units of 1024 bytes).
  public static func status(_ text: String) throws(ProcParseError) -> Status {
    var status = Status()
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon]
      let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
      switch key {
      case "Name": status.name = String(value)
      case "Kthread": status.isKernelThread = value == "1"
      case "State": status.hasExited = value.hasPrefix("Z") || value.hasPrefix("X")
      case "VmPTE": status.vmPTEBytes = try kilobytes(value, key: key, lineNumber: index + 1)
      case "VmRSS": status.vmRSSBytes = try kilobytes(value, key: key, lineNumber: index + 1)
      default: continue
      }
    }
    return status
  }

  /// "123 kB" as bytes, checked.
  static func kilobytes(_ value: Substring, key: Substring, lineNumber: Int) throws(ProcParseError) -> UInt64 {
    let parts = value.split(separator: " ")
    guard parts.count == 2, parts[1] == "kB", let count = UInt64(parts[0]) else {
      throw ProcParseError(
        line: lineNumber, message: "\(key): expected a size such as \"60 kB\", got \(quotedForMessage(value))")
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: 1024)
    guard !overflow else {
      throw ProcParseError(line: lineNumber, message: "\(key): \(count) kB does not fit in 64 bits")
    }
    return bytes
  }

  /// PMD-mapped bytes per mapping from /proc/PID/smaps: each mapping's
  /// start with its `AnonHugePages` and its `FilePmdMapped` plus
  /// `ShmemPmdMapped`, for mappings that have any.
  public static func pmdMappedBytes(smaps text: String) throws(ProcParseError) -> [(
    start: UInt64, anonymous: UInt64, file: UInt64
  )] {
    var result: [(start: UInt64, anonymous: UInt64, file: UInt64)] = []
    var current: (start: UInt64, anonymous: UInt64, file: UInt64)?
    func finish() { if let current, current.anonymous + current.file > 0 { result.append(current) } }
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty
    {
      guard let colon = line.firstIndex(of: ":"), !line[..<colon].contains(" "), !line[..<colon].contains("-") else {
        finish()
        current = (try mapping(line, lineNumber: index + 1).start, 0, 0)
        continue
      }
      let key = line[..<colon]
      let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
      switch key {
      case "AnonHugePages": current?.anonymous += try kilobytes(value, key: key, lineNumber: index + 1)
      case "FilePmdMapped", "ShmemPmdMapped": current?.file += try kilobytes(value, key: key, lineNumber: index + 1)
      default: continue
      }
    }
    finish()
    return result
  }
}
