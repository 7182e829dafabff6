/// Why a simulated operation failed. The simulator never traps on a bad
/// request: it reports it and leaves memory as it was before the operation.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No free frame is left.
  case outOfMemory(needed: String)
  /// A frame was freed that is not allocated.
  case doubleFree(frame: UInt64)
  case misaligned(String)
  case notCanonical(String)
  /// Asked for looser permissions than the levels above grant.
  case permissionsTooLoose(String)
  case alreadyMapped(String)
  case noSuchProcess(String)
  case unsupported(String)
  case invalid(String)

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
