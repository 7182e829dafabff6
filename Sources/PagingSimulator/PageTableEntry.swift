import PagingCore

/// One page-table entry as stored in memory: up to 64 bits, of which the
/// architecture's entry size uses the low `8 × entrySize`.
public struct PageTableEntry: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The entry's bits; only the low `8 × entrySize` are used.
  public var rawValue: UInt64
  /// An entry with exactly these bits.
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  /// All bits clear: not present in any format.
  public static let empty = PageTableEntry(rawValue: 0)

  /// The bits in hexadecimal (`0x1234007`).
  public var description: String { "0x" + String(rawValue, radix: 16) }
}

/// What an entry says, decoded with the architecture's format.
public enum DecodedEntry: Equatable, Sendable {
  /// Not present (or, for ARM at the bottom level, a reserved encoding).
  case notPresent
  /// Points to the next level's table in this frame.
  case table(frame: FrameNumber, permissions: Permissions)
  /// Maps a page (or a large page) starting at this frame.
  case leaf(frame: FrameNumber, permissions: Permissions)
}
