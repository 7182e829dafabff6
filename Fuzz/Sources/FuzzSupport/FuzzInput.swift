/// The fuzzer's bytes, read front to back as the fields a target needs.
/// Reading past the end gives zeros, so every input means something.
public struct FuzzInput {
  public let bytes: [UInt8]
  public private(set) var position = 0

  public init(_ start: UnsafePointer<UInt8>?, _ count: Int) {
    bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  }

  public var isAtEnd: Bool { position >= bytes.count }

  public mutating func byte() -> UInt8 {
    defer { position += 1 }
    return position < bytes.count ? bytes[position] : 0
  }

  /// A little-endian integer of `T`'s width.
  public mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
    var value: T = 0
    for index in 0..<(T.bitWidth / 8) { value |= T(truncatingIfNeeded: byte()) << (8 * index) }
    return value
  }

  /// Everything not read yet.
  public mutating func rest() -> [UInt8] {
    defer { position = bytes.count }
    return position < bytes.count ? Array(bytes[position...]) : []
  }

  /// Everything not read yet, as text: invalid UTF-8 is repaired, as the
  /// command line repairs its arguments.
  public mutating func restAsText() -> String { String(decoding: rest(), as: UTF8.self) }
}
