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

/// `4 MiB (4194304 bytes)`, or just `512 bytes` when there is no larger unit;
/// a size that is a long number of a small unit reads as its rough size in
/// a larger one: `about 1.3 GiB (1345236992 bytes)`.
public func formatBytesExactly(_ bytes: UInt128) -> String {
  let short = formatBytesRoughly(bytes)
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

/// A size to the nearest tenth of its largest binary unit, for sizes that
/// are not a round number of any unit: `about 1.3 GiB`. Exact sizes read
/// as ``formatBytes(_:)`` does.
///
///     formatBytesRoughly(1_345_236_992)   // "about 1.3 GiB"
///     formatBytesRoughly(4 << 20)         // "4 MiB"
public func formatBytesRoughly(_ bytes: UInt128) -> String {
  let exact = formatBytes(bytes)
  var unit = -1
  var scale: UInt128 = 1
  while bytes / scale >= 1024, unit + 1 < binaryUnits.count {
    scale *= 1024
    unit += 1
  }
  // Exact and short already (such as "2052 KiB"): nothing to round.
  if unit < 0 || bytes % scale == 0 || exact.split(separator: " ").first.map({ $0.count <= 4 }) == true { return exact }
  // Whole units and the rounded tenths of the rest, so no step overflows.
  let tenths = bytes / scale * 10 + (bytes % scale * 10 + scale / 2) / scale
  return "about \(tenths / 10).\(tenths % 10) \(binaryUnits[unit])"
}

/// A count with its noun, singular for one: `1 range`, `2 ranges`.
///
///     counted(1, "allocation")          // "1 allocation"
///     counted(513, "allocation")        // "513 allocations"
///     counted(2, "entry", "entries")    // "2 entries"
public func counted<T: BinaryInteger>(_ count: T, _ singular: String, _ plural: String? = nil) -> String {
  "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}

/// A page size as an adjective: `4 KiB pages`, `16-byte pages`.
///
///     pageSizeAdjective(4096)   // "4 KiB"
///     pageSizeAdjective(16)     // "16-byte"
public func pageSizeAdjective(_ bytes: UInt128) -> String {
  let text = formatBytes(bytes)
  if text.hasSuffix(" bytes") { return String(text.dropLast(6)) + "-byte" }
  if text.hasSuffix(" byte") { return String(text.dropLast(5)) + "-byte" }
  return text
}

/// A decimal with 4 significant digits, computed exactly with integers so
/// every run prints the same digits: `0.001953`, `4.000`, `1250`.
public func formatRatio(_ numerator: UInt128, _ denominator: UInt128) -> String {
  guard denominator != 0 else { return "inf" }
  if numerator == 0 { return "0" }
  // Scale so the quotient has at least 4 digits, then round half up.
  var scale = 0
  var scaled = numerator
  while scaled / denominator < 1000 {
    scaled *= 10
    scale += 1
  }
  var digits = (scaled + denominator / 2) / denominator
  while digits >= 10000 && scale > 0 {
    digits = (digits + 5) / 10
    scale -= 1
  }
  if scale == 0 { return "\(digits)" }
  var text = String(digits)
  if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
  let point = text.index(text.endIndex, offsetBy: -scale)
  return text[..<point] + "." + text[point...]
}
