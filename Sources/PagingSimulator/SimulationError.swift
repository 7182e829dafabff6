import PagingCore

/// Why a simulated operation failed. The simulator never traps on a bad
/// request: it reports it and leaves memory as it was before the operation.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No free frame is left.
  case outOfMemory(needed: String)
  /// A frame was freed that is not allocated.
  case doubleFree(frame: FrameNumber)
  /// An address or range not aligned to the page it maps or unmaps (unmapping part of a large page, say).
  case misaligned(String)
  /// An address outside the tree it is used in: not canonical, or in the kernel's half for a process.
  case notCanonical(String)
  /// Asked for looser permissions than the levels above grant.
  case permissionsTooLoose(String)
  /// A page, or a table, is already where the request wanted to put a mapping.
  case alreadyMapped(String)
  /// A process that does not exist or has exited, or an iterator kept after its process exited.
  case noSuchProcess(String)
  /// A request the architecture or the simulator cannot model (an entry width it does not store, a kernel mapping on a
  /// format without a user bit).
  case unsupported(String)
  /// A request that makes no sense whatever the architecture (memory smaller than a page, a kernel created twice).
  case invalid(String)

  /// One line, as the command line prints it.
  public var description: String {
    switch self {
    case .outOfMemory(let what): return "out of physical memory allocating \(what)"
    case .doubleFree(let frame): return "freeing frame \(frame), which is not allocated"
    case .misaligned(let what), .notCanonical(let what), .permissionsTooLoose(let what),
      .alreadyMapped(let what), .noSuchProcess(let what), .unsupported(let what), .invalid(let what):
      return what
    }
  }
}
