// Human-readable numbers for text output. JSON output never goes through
// these: it carries exact integers.

private let binaryUnits = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]

/// `4 MiB` for exact multiples of a binary unit, `1000 bytes` otherwise.
///
///     formatBytes(4 << 20)   // "4 MiB"
///     formatBytes(2101248)   // "2052 KiB"
public func formatBytes(_ bytes: UInt128) -> String {
  var unit = -1
  var value = bytes
  while value >= 1024, value % 1024 == 0, unit + 1 < binaryUnits.count {
    value /= 1024
    unit += 1
  }
  if unit < 0 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
  return "\(value) \(binaryUnits[unit])"
}

/// `4 MiB (4194304 bytes)`, or just `512 bytes` when there is no larger unit.
public func formatBytesExactly(_ bytes: UInt128) -> String {
  let short = formatBytes(bytes)
  return short.hasSuffix("bytes") || short.hasSuffix("byte") ? short : "\(short) (\(bytes) bytes)"
}

/// The value as a sum of at most `maxTerms` powers of two, or nil:
///
///     powerOfTwoSum(134479873)   // "2^27 + 2^18 + 2^9 + 1"
public func powerOfTwoSum(_ value: UInt128, maxTerms: Int = 4) -> String? {
  guard value > 0, value.nonzeroBitCount <= maxTerms else { return nil }
  var terms: [String] = []
  for bit in stride(from: 127, through: 0, by: -1) where (value >> bit) & 1 == 1 {
    terms.append(bit == 0 ? "1" : bit == 1 ? "2" : "2^\(bit)")
  }
  return terms.joined(separator: " + ")
}

/// A count with its power-of-two form when that helps: `1024 (2^10)`.
public func formatCount(_ value: UInt128) -> String {
  guard value >= 16, let powers = powerOfTwoSum(value) else { return "\(value)" }
  return "\(value) (\(powers))"
}

/// `0x7fff_ffff_f000`-style hexadecimal, without separators: `0x7ffffffff000`.
public func formatHex<T: BinaryInteger>(_ value: T) -> String {
  "0x" + String(value, radix: 16)
}
