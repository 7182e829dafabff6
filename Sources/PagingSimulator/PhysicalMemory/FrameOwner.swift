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

  /// The owner as the owner store's 4-byte word keeps it. Process ids and
  /// levels must fit its fields (below 2^24 and 64), share counts below 2^30:
  /// the public calls check them before packing.
  @inlinable @inline(__always)
  var packed: PackedOwner {
    assert(isPackable, "\(self) does not fit a packed owner's fields")
    switch self {
    case .free: return .free
    case .kernel: return .kernel
    case .data(let process): return .data(process: UInt32(truncatingIfNeeded: process))
    case .pageTable(let process, let level):
      return .pageTable(process: UInt32(truncatingIfNeeded: process), level: UInt32(truncatingIfNeeded: level))
    case .shared(let mappings): return .shared(mappings: UInt32(truncatingIfNeeded: mappings))
    }
  }

  /// Whether the owner's numbers fit a packed owner's fields, checked
  /// before they are cut to 32 bits (debug builds assert it).
  @usableFromInline var isPackable: Bool {
    switch self {
    case .free, .kernel: return true
    case .data(let process): return UInt(bitPattern: process) < UInt(PackedOwner.processLimit)
    case .pageTable(let process, let level):
      return UInt(bitPattern: process) < UInt(PackedOwner.processLimit)
        && UInt(bitPattern: level) <= UInt(PackedOwner.levelMask)
    case .shared(let mappings): return UInt(bitPattern: mappings) <= UInt(PackedOwner.mappingsMask)
    }
  }

  /// `packed` for an owner a data frame can have (the kernel, or a process
  /// whose id fits a packed owner's field); nil for any other.
  @inlinable @inline(__always)
  var packedDataOwner: PackedOwner? {
    switch self {
    case .kernel: return .kernel
    case .data(let process) where UInt(bitPattern: process) < UInt(PackedOwner.processLimit):
      return .data(process: UInt32(truncatingIfNeeded: process))
    default: return nil
    }
  }

  /// For a data owner of a process (id below 2^24), that id, as a block of
  /// data-zone frames standing for the process holds it; for any other
  /// owner `noBlockProcess`, which no block holds.
  @inlinable @inline(__always)
  var blockProcess: UInt32 {
    if case .data(let process) = self, UInt(bitPattern: process) < UInt(PackedOwner.processLimit) {
      return UInt32(truncatingIfNeeded: process)
    }
    return Self.noBlockProcess
  }

  /// No process id (24 bits) and not `OwnerCode.wideBlock`.
  @usableFromInline static var noBlockProcess: UInt32 { 0xFFFF_FFFE }

  /// The owner a packed word stands for.
  init(_ packed: PackedOwner) {
    switch packed.kind {
    case PackedOwner.dataKind: self = .data(process: Int(packed.process))
    case PackedOwner.pageTableKind: self = .pageTable(process: Int(packed.process), level: Int(packed.level))
    case PackedOwner.sharedKind: self = .shared(mappings: Int(packed.mappings))
    default: self = packed.isKernel ? .kernel : .free
    }
  }

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
