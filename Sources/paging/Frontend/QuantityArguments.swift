import ArgumentParser
import PagingCore

/// `--page-size 4K`, `--pages 2^9+1`, `--start 0x7fff0000`: exact values
/// with a clear message when the text is not a number.
func parseQuantity(_ text: String) throws -> UInt128 {
  do { return try Quantity.parse(text) } catch { throw ValidationError(error.reason) }
}

/// A quantity that must fit in `Int` (bit counts, entry sizes).
func parseSmallInteger(_ text: String) throws -> Int {
  let value = try parseQuantity(text)
  guard value <= 1 << 20 else { throw ValidationError("\(quotedForMessage(text)) is too large") }
  return Int(value)
}

/// A random seed: any 64-bit value, written as a quantity (`7`, `0xdead`, `2^63`).
func parseSeed(_ text: String) throws -> UInt64 {
  let value = try parseQuantity(text)
  guard let seed = UInt64(exactly: value) else {
    throw ValidationError("\(quotedForMessage(text)) is too large: a seed is at most 2^64-1")
  }
  return seed
}
