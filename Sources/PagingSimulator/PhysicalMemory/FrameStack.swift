import PagingCore

/// A stack of frame numbers in memory it manages itself: push and pop are a
/// store or a load, with no copy-on-write checks. Noncopyable, so exactly
/// one value owns the storage and frees it in `deinit`: no owner has to
/// remember to, and no copy can free it twice.
/// It grows with `realloc`, which moves large blocks by remapping them
/// rather than copying, and batch loops reserve room once and then store.
@usableFromInline
struct FrameStack: ~Copyable {
  @usableFromInline var base: UnsafeMutablePointer<Int32>? = nil
  @usableFromInline var count = 0
  private(set) var capacity = 0

  init() {}

  @inlinable deinit { system_free(base) }

  @inline(__always)
  mutating func push(_ frame: Int) throws(SimulationError) {
    if count == capacity { try grow(toAtLeast: count + 1) }
    base.unsafelyUnwrapped[count] = Int32(truncatingIfNeeded: frame)
    count += 1
  }

  @inlinable @inline(__always)
  mutating func pop() -> Int? {
    guard count > 0 else { return nil }
    count -= 1
    return Int(base.unsafelyUnwrapped[count])
  }

  /// Room for `extra` more pushes without growing.
  @inline(__always)
  mutating func reserve(_ extra: Int) throws(SimulationError) {
    if capacity - count < extra { try grow(toAtLeast: count + extra) }
  }

  /// The frames on the stack, bottom first, for checks that read it whole.
  var frames: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: base, count: count) }

  @inline(never)
  private mutating func grow(toAtLeast needed: Int) throws(SimulationError) {
    var larger = max(64, capacity * 2)
    while larger < needed { larger *= 2 }
    guard let storage = system_realloc(base, larger * MemoryLayout<Int32>.stride) else {
      throw .unsupported("the host has no memory left for a free list of \(larger) frames")
    }
    base = storage.bindMemory(to: Int32.self, capacity: larger)
    capacity = larger
  }
}
