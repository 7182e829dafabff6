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
  guard value <= 1 << 20 else { throw ValidationError("\(text) is too large") }
  return Int(value)
}
