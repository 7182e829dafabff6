/// Who holds a physical frame.
public enum FrameOwner: Equatable, Hashable, Sendable, CustomStringConvertible {
  case free
  case kernel
  /// A data page of one process.
  case data(process: Int)
  /// A data page mapped by several processes (fork shares read-only pages).
  case shared
  /// A page-table page of one process at `level` (0 is the root).
  case pageTable(process: Int, level: Int)

  /// Packed into 32 bits: 2 bits of kind, 6 of level, 24 of process.
  var packed: UInt32 {
    switch self {
    case .free: return 0
    case .kernel: return 1
    case .shared: return 2
    case .data(let process): return 1 << 30 | UInt32(process)
    case .pageTable(let process, let level): return 2 << 30 | UInt32(level) << 24 | UInt32(process)
    }
  }

  init(packed: UInt32) {
    switch packed >> 30 {
    case 1: self = .data(process: Int(packed & 0xFF_FFFF))
    case 2: self = .pageTable(process: Int(packed & 0xFF_FFFF), level: Int((packed >> 24) & 0x3F))
    default: self = packed == 1 ? .kernel : packed == 2 ? .shared : .free
    }
  }

  public var description: String {
    switch self {
    case .free: return "free"
    case .kernel: return "kernel"
    case .shared: return "shared"
    case .data(let process): return "process \(process) data"
    case .pageTable(let process, let level): return "process \(process) page table, level \(level)"
    }
  }
}
