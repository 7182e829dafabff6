import PagingCore

/// What was read from one Linux process: enough to count its page tables
/// again anywhere, with no /proc.
///
///     let snapshot = try ProcessReader().snapshot(of: .current)
///     let analysis = ProcessAnalysis(snapshot)
///     analysis.predictedVmPTEBytes == analysis.snapshot.reportedVmPTEBytes
public struct ProcessSnapshot: Sendable, Equatable {
  /// The process id it was read from, if read from a live process.
  public var processID: Int32?
  /// The command's name as the kernel keeps it (`Name:` in status).
  public var command: String
  /// The kernel release (`uname -r`) it was read on.
  public var kernelRelease: String
  /// The page-table layout the kernel ran the process with.
  public var pagingMode: PagingMode
  /// The user mappings, sorted and disjoint (the kernel half and
  /// `[vsyscall]` left out).
  public var mappings: [ProcessMapping]
  /// The pages whose page-table entries are populated (present, swapped, or
  /// another non-present entry), sorted and disjoint; `nil` when the pagemap
  /// could not be read, so only the mappings are known.
  public var populated: [PageRun]?
  /// The populated 2 MiB blocks mapped by one PMD entry each (transparent
  /// huge pages, the huge zero page), sorted and disjoint.
  public var hugePages: [HugePageRun]
  /// `VmPTE` from /proc/PID/status, in bytes.
  public var reportedVmPTEBytes: UInt64?
  /// `VmRSS` from /proc/PID/status, in bytes.
  public var reportedVmRSSBytes: UInt64?

  /// A snapshot from its parts, unchecked: ``decode(text:source:)`` is the way in that checks every field.
  public init(
    processID: Int32?, command: String, kernelRelease: String, pagingMode: PagingMode,
    mappings: [ProcessMapping], populated: [PageRun]?, hugePages: [HugePageRun],
    reportedVmPTEBytes: UInt64?, reportedVmRSSBytes: UInt64?
  ) {
    self.processID = processID
    self.command = command
    self.kernelRelease = kernelRelease
    self.pagingMode = pagingMode
    self.mappings = mappings
    self.populated = populated
    self.hugePages = hugePages
    self.reportedVmPTEBytes = reportedVmPTEBytes
    self.reportedVmRSSBytes = reportedVmRSSBytes
  }

  /// The base page size of every mode this reads: 4 KiB.
  public static let pageSize: UInt64 = 4096
  /// A PMD entry's span on x86-64: 2 MiB.
  public static let hugePageSize: UInt64 = 2 << 20
}

/// x86-64's two page-table layouts, named by the built-in architecture each
/// one is.
public enum PagingMode: String, Sendable, CaseIterable {
  /// Four levels (PML4, PDPT, PD, PT), 48-bit addresses.
  case fourLevel = "x86-64"
  /// Five levels (LA57: PML5 above them), 57-bit addresses.
  case fiveLevel = "x86-64-la57"

  /// The first address above the user half: 2^47 or 2^56.
  public var userAddressEnd: UInt64 { self == .fourLevel ? 1 << 47 : 1 << 56 }

  /// How it is described in text: "x86-64 four-level paging (48-bit addresses)".
  public var phrase: String {
    self == .fourLevel
      ? "x86-64 four-level paging (48-bit addresses)" : "x86-64 five-level paging (LA57, 57-bit addresses)"
  }

  /// How many levels, counted from the bottom, the kernel's page-table
  /// accounting covers. Linux adds a table's bytes to `mm->pgtables_bytes`
  /// (printed as VmPTE) only in `mm_inc_nr_ptes`, `mm_inc_nr_pmds` and
  /// `mm_inc_nr_puds` (include/linux/mm.h); a P4D table (five-level only)
  /// and the PGD are never counted. On x86-64 those three are the PT, PD
  /// and PDPT.
  public var accountedLevelCount: Int { 3 }
}

/// One line of /proc/PID/maps.
public struct ProcessMapping: Sendable, Equatable {
  /// First address, page aligned.
  public var start: UInt64
  /// First address past the mapping, page aligned, above `start`.
  public var end: UInt64
  /// Four letters such as `r-xp`.
  public var permissions: String
  /// The path or a name such as `[heap]`; empty for anonymous memory.
  public var name: String

  /// A mapping from its parts.
  public init(start: UInt64, end: UInt64, permissions: String, name: String) {
    self.start = start
    self.end = end
    self.permissions = permissions
    self.name = name
  }

  /// Bytes mapped.
  public var length: UInt64 { end - start }
}

/// Consecutive base pages, by the address of the first and a count.
public struct PageRun: Sendable, Equatable {
  /// Address of the first page, page aligned.
  public var start: UInt64
  /// How many 4 KiB pages; at least one.
  public var pages: UInt64

  /// A run from its parts.
  public init(start: UInt64, pages: UInt64) {
    self.start = start
    self.pages = pages
  }

  /// First address past the run (the reader and the decoder check it fits).
  public var end: UInt64 { start + pages * ProcessSnapshot.pageSize }
}

/// Consecutive 2 MiB blocks each mapped by one PMD entry.
public struct HugePageRun: Sendable, Equatable {
  /// Address of the first block, 2 MiB aligned.
  public var start: UInt64
  /// How many 2 MiB blocks; at least one.
  public var count: UInt64
  /// Anonymous memory (including the huge zero page), whose PMD mapping
  /// keeps a deposited PTE page that VmPTE counts; false for file and
  /// shared memory, which deposits none on x86-64.
  public var anonymous: Bool

  /// A run from its parts.
  public init(start: UInt64, count: UInt64, anonymous: Bool) {
    self.start = start
    self.count = count
    self.anonymous = anonymous
  }

  /// First address past the run.
  public var end: UInt64 { start + count * ProcessSnapshot.hugePageSize }
}

extension Array where Element == PageRun {
  /// Appends the pages `start ..< end`, joining them to the last run when they follow it.
  mutating func appendPages(from start: UInt64, to end: UInt64) {
    guard end > start else { return }
    if let last = self.last, last.end == start {
      self[count - 1].pages += (end - start) / ProcessSnapshot.pageSize
    } else {
      append(PageRun(start: start, pages: (end - start) / ProcessSnapshot.pageSize))
    }
  }
}

extension Array where Element == HugePageRun {
  /// Appends the blocks `start ..< end`, joining them to the last run when they follow it alike.
  mutating func appendBlocks(from start: UInt64, to end: UInt64, anonymous: Bool) {
    guard end > start else { return }
    if let last = self.last, last.end == start, last.anonymous == anonymous {
      self[count - 1].count += (end - start) / ProcessSnapshot.hugePageSize
    } else {
      append(HugePageRun(start: start, count: (end - start) / ProcessSnapshot.hugePageSize, anonymous: anonymous))
    }
  }
}
