/// An address in physical memory, in bytes.
///
///     let address = PhysicalAddress(0x1234_abc)
///     address.frame(offsetBits: 12)        // FrameNumber(0x1234)
///     address.pageOffset(offsetBits: 12)   // 0xabc
///
/// Like ``FrameNumber``, a type of its own so that a frame number, a
/// virtual address or a byte count cannot stand in for it; a 64-bit word
/// with inlinable members, so it costs what the word costs. Physical
/// address spaces are at most 64 bits wide (x86-64's is 52, the RISC-V
/// Sv modes' 56), so the word holds every one.
@frozen
public struct PhysicalAddress: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
  ExpressibleByIntegerLiteral
{
  /// The address as a word.
  public var rawValue: UInt64

  /// The physical address `rawValue`.
  @inlinable @inline(__always)
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  /// The physical address `address`.
  @inlinable @inline(__always)
  public init(_ address: UInt64) { self.rawValue = address }

  /// The address a literal gives, as in `iterator.map(to: 0x5000, ...)`.
  @inlinable @inline(__always)
  public init(integerLiteral value: UInt64) { self.rawValue = value }

  /// The frame that holds this address, with pages of `2^offsetBits` bytes.
  @inlinable @inline(__always)
  public func frame(offsetBits: Int) -> FrameNumber { FrameNumber(rawValue >> UInt64(offsetBits)) }

  /// The address's byte offset inside its page of `2^offsetBits` bytes.
  @inlinable @inline(__always)
  public func pageOffset(offsetBits: Int) -> UInt64 { rawValue & ((1 << UInt64(offsetBits)) &- 1) }

  /// The address `bytes` further on, or nil past the end of a 64-bit space.
  @inlinable
  public func adding(_ bytes: UInt64) -> Self? {
    let (sum, overflow) = rawValue.addingReportingOverflow(bytes)
    return overflow ? nil : Self(sum)
  }

  /// Whether `lhs` comes before `rhs` in physical memory.
  @inlinable @inline(__always)
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The address in hex, as addresses are written in text: `0x1234abc`.
  public var description: String { formatHex(rawValue) }
}

extension Architecture {
  /// The address of `frame`'s first byte in this architecture's pages.
  @inlinable
  public func address(of frame: FrameNumber) -> PhysicalAddress { frame.address(offsetBits: offsetBits) }

  /// The frame of this architecture's pages that holds `address`.
  @inlinable
  public func frame(containing address: PhysicalAddress) -> FrameNumber { address.frame(offsetBits: offsetBits) }
}

/// `address` in hex, as a word is written: `0x1234abc`.
public func formatHex(_ address: PhysicalAddress) -> String { formatHex(address.rawValue) }
