/// The number of a physical frame: which page-sized block of physical
/// memory, counted from zero. A frame's first byte is at the physical
/// address the frame number shifted left by the page offset bits.
///
///     let frame = FrameNumber(0x1234)
///     frame.address(offsetBits: 12)        // PhysicalAddress(0x1234000)
///     x86_64.frame(containing: PhysicalAddress(0x1234_abc))  // FrameNumber(0x1234)
///
/// A frame number is a type of its own, not an integer, so it cannot be
/// passed where a physical address, a page count, a table index or a
/// process id is wanted, and a call site says which of them it means. It is
/// a 64-bit word with inlinable members, so it costs what the word costs.
///
/// Frames count forward and back like integers (``advanced(by:)``,
/// ``distance(to:)``), so `first ..< first.advanced(by: count)` is a range
/// of frames that a `for` loop can walk.
@frozen
public struct FrameNumber: RawRepresentable, Hashable, Comparable, Strideable, Sendable, CustomStringConvertible,
  ExpressibleByIntegerLiteral
{
  /// The frame number as a word.
  public var rawValue: UInt64

  /// The frame numbered `rawValue`.
  @inlinable @inline(__always)
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  /// The frame numbered `number`.
  @inlinable @inline(__always)
  public init(_ number: UInt64) { self.rawValue = number }

  /// The frame a literal names, as in `memory.owner(of: 7)`: a literal at
  /// a labelled argument says what it is, where an integer variable would not.
  @inlinable @inline(__always)
  public init(integerLiteral value: UInt64) { self.rawValue = value }

  /// The frame at `index` in a memory that numbers its frames from zero.
  /// The word is taken bit for bit, so `FrameNumber(index: f.index) == f`
  /// for every frame, even one no memory holds.
  @inlinable @inline(__always)
  public init(index: Int) { self.rawValue = UInt64(bitPattern: Int64(index)) }

  /// The frame number as an index into a memory's frames, bit for bit: a
  /// frame of 2^63 or more (which no memory a host can hold has) reads as
  /// a negative index, which every bounds check refuses.
  @inlinable @inline(__always)
  public var index: Int { Int(truncatingIfNeeded: rawValue) }

  /// The address of the frame's first byte, with pages of
  /// `2^offsetBits` bytes. Frame bits that a 64-bit address cannot hold
  /// are dropped: every frame a simulated memory holds fits, but a frame
  /// read from an entry of a made-up format may not, so code that prints
  /// such a frame's address works in `UInt128` instead.
  @inlinable @inline(__always)
  public func address(offsetBits: Int) -> PhysicalAddress { PhysicalAddress(rawValue << UInt64(offsetBits)) }

  /// Whether `lhs` comes before `rhs` in physical memory.
  @inlinable @inline(__always)
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The frame `count` frames after this one (before it, when negative).
  /// As for `UInt64`, stepping below frame 0 or past the last 64-bit frame
  /// traps: frames are counted within a memory, never from input.
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public func advanced(by count: Int) -> Self {
    Self(rawValue: count >= 0 ? rawValue + UInt64(count) : rawValue - UInt64(count.magnitude))
  }

  /// How many frames `other` is after this one (negative when before); as
  /// for `UInt64`, a distance that `Int` cannot hold traps.
  @inlinable @inline(__always)
  public func distance(to other: Self) -> Int {
    other.rawValue >= rawValue ? Int(other.rawValue - rawValue) : -Int(rawValue - other.rawValue)
  }

  /// The number in decimal, as a frame is written in text and in JSON.
  public var description: String { String(rawValue) }
}
