import PagingCore

/// Who owns each frame of a machine's physical memory at one moment, as
/// ``Machine/memoryMap()`` captures it; ``text(columns:)`` draws it.
///
/// Only the frames ever handed out are stored (the data zone from frame 0
/// up, the table zone from the top down); every frame between the two is
/// free, so a large memory costs what it has used.
public struct MemoryMap: Sendable, Equatable {
  /// Frames in the memory.
  public let frameCount: Int
  /// log2 of the page size: frame *f* starts at physical address *f* << `offsetBits`.
  public let offsetBits: Int
  /// Owners of frames `0..<dataOwners.count`.
  let dataOwners: [FrameOwner]
  /// Owners of frames `tableZoneStart..<frameCount`.
  let tableOwners: [FrameOwner]
  /// The lowest frame of the table zone handed out so far.
  public let tableZoneStart: FrameNumber

  /// Frames up to `dataZoneEnd` (not included) have been handed out from the data zone.
  public var dataZoneEnd: FrameNumber { FrameNumber(index: dataOwners.count) }

  /// The owner of `frame`, which must be below ``frameCount``.
  public func owner(ofFrame frame: FrameNumber) -> FrameOwner {
    if frame < dataZoneEnd { return dataOwners[frame.index] }
    if frame >= tableZoneStart { return tableOwners[tableZoneStart.distance(to: frame)] }
    return .free
  }
}

extension Machine {
  /// Who owns each frame now: a copy of the owners of the frames handed
  /// out, for drawing (``MemoryMap/text(columns:)``) or counting.
  ///
  /// - Complexity: O(frames handed out), not O(frames in memory).
  public func memoryMap() -> MemoryMap {
    let (data, table) = memory.handedOutFrames
    return MemoryMap(
      frameCount: memory.frameCount, offsetBits: architecture.offsetBits,
      dataOwners: data.map { memory.owner(of: $0) }, tableOwners: table.map { memory.owner(of: $0) },
      tableZoneStart: table.lowerBound)
  }
}
