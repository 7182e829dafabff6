import PagingCore

/// Which process to read.
public enum ProcessTarget: Sendable, Equatable {
  /// The reading process itself (`paging proc self`).
  case current
  /// A process id.
  case id(Int32)
}

/// Reads live processes from Linux's /proc into ``ProcessSnapshot`` values.
///
///     let reader = try ProcessReader()
///     let snapshot = try reader.snapshot(of: .id(1))
///
/// The mappings come from /proc/PID/maps, the populated pages and PMD-mapped
/// blocks from ``PopulatedPagesSource`` (the pagemap), and `VmPTE` and
/// `VmRSS` from /proc/PID/status, read last so they describe the tables the
/// pagemap showed. When the pagemap cannot be read for lack of privileges,
/// the snapshot has the mappings alone (`populated == nil`).
public struct ProcessReader: Sendable {
  /// The kernel release the snapshots record.
  public let kernelRelease: String
  /// The paging mode the kernel runs processes with, from the `la57` CPU flag
  /// in /proc/cpuinfo (Linux clears it when five-level paging is off).
  public let pagingMode: PagingMode
  /// What is assumed on a machine that is not x86-64, or nil.
  public let assumption: String?
  /// Where populated pages come from.
  public let pages: any PopulatedPagesSource

  /// A reader for this machine; throws ``ProcessError/notLinux(system:)`` elsewhere.
  public init(pages: any PopulatedPagesSource = LivePagemap()) throws(ProcessError) {
    let names = system_uname()
    guard names.system == "Linux" else { throw .notLinux(system: names.system) }
    kernelRelease = names.release
    self.pages = pages
    let cpuinfo = (try? Self.readText("/proc/cpuinfo", limit: 16 << 20)) ?? ""
    let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
    pagingMode = flags.contains("la57") ? .fiveLevel : .fourLevel
    assumption =
      names.machine == "x86_64"
      ? nil
      : "this machine is \(quotedForMessage(names.machine)), not x86-64: its tables are counted as x86-64's four-level layout with 4 KiB pages, and VmPTE may not follow that accounting"
  }

  /// The ids of every process in /proc, in increasing order.
  public func processIDs() throws(ProcessError) -> [Int32] {
    do {
      return try system_directoryEntries("/proc").compactMap { Int32($0) }.sorted()
    } catch {
      throw .unreadable(path: "/proc", reason: error.text)
    }
  }

  /// The id `target` stands for.
  public func processID(of target: ProcessTarget) -> Int32 {
    if case .id(let pid) = target { return pid }
    return system_processID()
  }

  /// Reads `target`. Reading itself is read twice, so that the buffers the
  /// first reading allocates are in place when the second one looks.
  public func snapshot(of target: ProcessTarget) throws(ProcessError) -> ProcessSnapshot {
    let pid = processID(of: target)
    if target == .current { _ = try snapshot(ofID: pid) }
    return try snapshot(ofID: pid)
  }

  func snapshot(ofID pid: Int32) throws(ProcessError) -> ProcessSnapshot {
    let before = try status(of: pid, missing: .noSuchProcess(pid))
    // A zombie keeps its status but has no memory left; a kernel thread
    // never had any (before Linux 6.0 status has no Kthread line).
    if before.hasExited { throw .exitedWhileRead(pid) }
    if before.isKernelThread || before.vmPTEBytes == nil { throw .kernelThread(pid) }
    let mapsText = try procText(pid, "maps")
    let all: [ProcessMapping]
    do { all = try ProcFileParsing.mappings(mapsText) } catch {
      throw .unreadable(path: "/proc/\(pid)/maps", reason: "line \(error.line): \(error.message)")
    }
    if all.isEmpty { throw .exitedWhileRead(pid) }
    let mode =
      all.contains { $0.end > PagingMode.fourLevel.userAddressEnd && $0.end <= PagingMode.fiveLevel.userAddressEnd }
      ? .fiveLevel : pagingMode
    let mappings = all.filter { $0.end <= mode.userAddressEnd && $0.name != "[vsyscall]" }
    var populated: [PageRun]?
    var huge: [HugePageRun] = []
    do throws(PagemapFailure) {
      (populated, huge) = try pages.populatedPages(processID: pid, mappings: mappings)
    } catch {
      switch error {
      case .permissionDenied: populated = nil
      case .processExited: throw .exitedWhileRead(pid)
      case .failed(let reason): throw .unreadable(path: "/proc/\(pid)/pagemap", reason: reason)
      }
    }
    let after = try status(of: pid, missing: .exitedWhileRead(pid))
    guard after.vmPTEBytes != nil else { throw .exitedWhileRead(pid) }
    return ProcessSnapshot(
      processID: pid, command: after.name, kernelRelease: kernelRelease, pagingMode: mode,
      mappings: mappings, populated: populated, hugePages: huge,
      reportedVmPTEBytes: after.vmPTEBytes, reportedVmRSSBytes: after.vmRSSBytes)
  }

  func status(of pid: Int32, missing: ProcessError) throws(ProcessError) -> ProcFileParsing.Status {
    let text: String
    do { text = try Self.readText("/proc/\(pid)/status", limit: 1 << 20) } catch {
      if error.isMissing { throw missing }
      if error.isPermission { throw .permissionDenied(pid, file: "status") }
      throw .unreadable(path: "/proc/\(pid)/status", reason: error.text)
    }
    do { return try ProcFileParsing.status(text) } catch {
      throw .unreadable(path: "/proc/\(pid)/status", reason: "line \(error.line): \(error.message)")
    }
  }

  func procText(_ pid: Int32, _ file: String) throws(ProcessError) -> String {
    do { return try Self.readText("/proc/\(pid)/\(file)", limit: 256 << 20) } catch {
      if error.isMissing { throw .exitedWhileRead(pid) }
      if error.isPermission { throw .permissionDenied(pid, file: file) }
      throw .unreadable(path: "/proc/\(pid)/\(file)", reason: error.text)
    }
  }

  static func readText(_ path: String, limit: Int) throws(SystemErrno) -> String {
    let file = try OpenDescriptor(readingOnly: path)
    return String(decoding: try file.readAll(limit: limit), as: UTF8.self)
  }
}
