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

  /// The frame at `index` in a memory that numbers its frames from zero;
  /// `index` is never negative.
  @inlinable @inline(__always)
  public init(index: Int) { self.rawValue = UInt64(bitPattern: Int64(index)) }

  /// The frame number as an index into a memory's frames, for memories of
  /// fewer than `Int.max` frames (every memory a host can hold).
  @inlinable @inline(__always)
  public var index: Int { Int(truncatingIfNeeded: rawValue) }

  /// The address of the frame's first byte, with pages of
  /// `2^offsetBits` bytes. Frame bits that a 64-bit address cannot hold
  /// are dropped; every frame an entry or a simulated memory can name fits.
  @inlinable @inline(__always)
  public func address(offsetBits: Int) -> PhysicalAddress { PhysicalAddress(rawValue << UInt64(offsetBits)) }

  /// Whether `lhs` comes before `rhs` in physical memory.
  @inlinable @inline(__always)
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The frame `count` frames after this one (before it, when negative).
  ///
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public func advanced(by count: Int) -> Self {
    Self(rawValue: UInt64(bitPattern: Int64(bitPattern: rawValue) + Int64(count)))
  }

  /// How many frames `other` is after this one (negative when before).
  @inlinable @inline(__always)
  public func distance(to other: Self) -> Int { Int(Int64(bitPattern: other.rawValue) - Int64(bitPattern: rawValue)) }

  /// The number in decimal, as a frame is written in text and in JSON.
  public var description: String { String(rawValue) }
}
