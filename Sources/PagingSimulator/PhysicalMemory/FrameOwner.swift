/// Who holds a physical frame.
public enum FrameOwner: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Not allocated.
  case free
  /// A data page of the kernel's own mappings.
  case kernel
  /// A data page of one process.
  case data(process: Int)
  /// A data page that fork shared between processes; `mappings` counts the
  /// page tables still mapping it.
  case shared(mappings: Int)
  /// A page-table page of one process at `level` (0 is the root).
  case pageTable(process: Int, level: Int)

  /// Packed into 32 bits: 2 bits of kind, then 6 of level and 24 of
  /// process, or 30 of share count.
  @inlinable @inline(__always)
  var packed: UInt32 {
    switch self {
    case .free: return 0
    case .kernel: return 1
    case .data(let process): return 1 << 30 | UInt32(process)
    case .pageTable(let process, let level): return 2 << 30 | UInt32(level) << 24 | UInt32(process)
    case .shared(let mappings): return 3 << 30 | UInt32(mappings)
    }
  }

  /// `packed` for an owner a data frame can have (the kernel, or a process
  /// whose id fits a packed owner's 24 bits); nil for any other.
  @inlinable @inline(__always)
  var packedDataOwner: UInt32? {
    switch self {
    case .kernel: return 1
    case .data(let process) where process >= 0 && process < 1 << 24: return 1 << 30 | UInt32(process)
    default: return nil
    }
  }

  /// For a data owner of a process (id below 2^24), that id, as a block of
  /// data-zone frames standing for the process holds it; for any other
  /// owner `noBlockProcess`, which no block holds.
  @inlinable @inline(__always)
  var blockProcess: UInt32 {
    if case .data(let process) = self, UInt(bitPattern: process) < 1 << 24 {
      return UInt32(truncatingIfNeeded: process)
    }
    return Self.noBlockProcess
  }

  /// No process id (24 bits) and not `OwnerCode.wideBlock`.
  @usableFromInline static var noBlockProcess: UInt32 { 0xFFFF_FFFE }

  init(packed: UInt32) {
    switch packed >> 30 {
    case 1: self = .data(process: Int(packed & 0xFF_FFFF))
    case 2: self = .pageTable(process: Int(packed & 0xFF_FFFF), level: Int((packed >> 24) & 0x3F))
    case 3: self = .shared(mappings: Int(packed & 0x3FFF_FFFF))
    default: self = packed == 1 ? .kernel : .free
    }
  }

  /// The kind bits of a packed owner, and the kinds the data zone's owner
  /// bytes stand for.
  @usableFromInline static var kindMask: UInt32 { 3 << 30 }
  @usableFromInline static var dataKind: UInt32 { 1 << 30 }
  @usableFromInline static var sharedKind: UInt32 { 3 << 30 }
  /// The kind bits of a page-table page's owner.
  static var pageTableKind: UInt32 { 2 << 30 }
  /// The mapping count of a shared owner.
  static var mappingsMask: UInt32 { ~kindMask }
  /// The process id bits of a data or page-table owner.
  @usableFromInline static var processMask: UInt32 { 0xFF_FFFF }

  /// The owner in words (`process 3 page table, level 2`), as memory maps and errors print it.
  public var description: String {
    switch self {
    case .free: return "free"
    case .kernel: return "kernel"
    case .shared(let mappings): return "shared by \(mappings)"
    case .data(let process): return "process \(process) data"
    case .pageTable(let process, let level): return "process \(process) page table, level \(level)"
    }
  }
}
