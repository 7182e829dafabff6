/// An integer of any size, with the few operations of Python's `int` that the
/// OSTEP programs use: exact comparison, multiplication by a unit, `&` with a
/// 32-bit mask, `float(n)`, `str(n)` and `%x`/`%d` formatting.
///
///     let seed = PythonInt(optparseArgument: "0x10")   // 16, as optparse reads it
///     seed?.description                               // "16"
///
/// Python's integers never overflow, and the programs pass user input through
/// them unchecked (`-A 99999999999999999999` is a valid address list), so the
/// Swift programs keep those values exact instead of trapping.
public struct PythonInt: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
  /// The magnitude as little-endian 32-bit words, with no high zero words
  /// (zero is the empty array).
  public private(set) var words: [UInt32]
  /// Whether the value is below zero (never true for zero).
  public private(set) var isNegative: Bool

  /// The value `value`.
  public init(_ value: Int) {
    var magnitude = value.magnitude
    var words: [UInt32] = []
    while magnitude != 0 {
      words.append(UInt32(truncatingIfNeeded: magnitude))
      magnitude >>= 32
    }
    self.init(isNegative: value < 0, words: words)
  }

  /// The value of an integer literal.
  public init(integerLiteral value: Int) { self.init(value) }

  /// A value from its sign and little-endian magnitude words (normalized here).
  init(isNegative: Bool, words: [UInt32]) {
    var words = words
    while words.last == 0 { words.removeLast() }
    self.words = words
    self.isNegative = isNegative && !words.isEmpty
  }

  /// Whether the value is zero.
  public var isZero: Bool { words.isEmpty }

  /// The value as an `Int`, or nil when it does not fit.
  public var intValue: Int? {
    guard words.count <= 2 else { return nil }
    let low = words.first.map(UInt64.init) ?? 0
    let high = words.count == 2 ? UInt64(words[1]) : 0
    let magnitude = high << 32 | low
    if isNegative {
      guard magnitude <= UInt64(Int.max) + 1 else { return nil }
      return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
    }
    return Int(exactly: magnitude)
  }

  /// The number of bits in the magnitude (0 for zero), like Python's `int.bit_length()`.
  public var bitWidth: Int {
    guard let top = words.last else { return 0 }
    return (words.count - 1) * 32 + (32 - top.leadingZeroBitCount)
  }

  /// The low 32 bits of the two's-complement value: Python's `n & 0xFFFFFFFF`.
  public var low32Bits: UInt32 {
    let low = words.first ?? 0
    return isNegative ? 0 &- low : low
  }

  /// Python's `float(n)`: the nearest `Double` (ties to even), or nil where
  /// Python raises `OverflowError: int too large to convert to float`.
  public var doubleValue: Double? {
    let width = bitWidth
    let magnitude: Double
    if width <= 64 {
      magnitude = Double(bits(from: 0))
    } else {
      // The top 64 bits, with everything below folded into the lowest bit so
      // that rounding to 53 bits still sees "more than half" correctly.
      let shift = width - 64
      var top = bits(from: shift)
      if hasSetBits(below: shift) { top |= 1 }
      magnitude = Double(sign: .plus, exponent: shift, significand: Double(top))
      guard magnitude.isFinite else { return nil }
    }
    return isNegative ? -magnitude : magnitude
  }

  /// The words, little-endian, that CPython's `random.seed(n)` feeds to
  /// `init_by_array`: those of `abs(n)`, or one zero word for zero.
  public var seedKey: [UInt32] { words.isEmpty ? [0] : words }

  /// `self * factor` for a small non-negative factor.
  public func multiplied(by factor: UInt32) -> PythonInt {
    var result = self
    result.multiplyAdd(factor, 0)
    return PythonInt(isNegative: isNegative, words: result.words)
  }

  /// The magnitude becomes `magnitude * factor + addend`.
  mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
    var carry = UInt64(addend)
    for index in words.indices {
      let product = UInt64(words[index]) * UInt64(factor) + carry
      words[index] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { words.append(UInt32(carry)) }
    while words.last == 0 { words.removeLast() }
    if words.isEmpty { isNegative = false }
  }

  /// Divides the magnitude by `divisor` in place and returns the remainder.
  private mutating func divideMagnitude(by divisor: UInt32) -> UInt32 {
    var remainder: UInt64 = 0
    for index in words.indices.reversed() {
      let current = remainder << 32 | UInt64(words[index])
      words[index] = UInt32(current / UInt64(divisor))
      remainder = current % UInt64(divisor)
    }
    while words.last == 0 { words.removeLast() }
    return UInt32(remainder)
  }

  /// 64 bits of the magnitude starting at bit `shift` (zeros past the top).
  private func bits(from shift: Int) -> UInt64 {
    var result: UInt64 = 0
    for offset in 0..<64 {
      let bit = shift + offset
      let word = bit / 32
      guard word < words.count else { break }
      if words[word] >> UInt32(bit % 32) & 1 == 1 { result |= 1 << UInt64(offset) }
    }
    return result
  }

  /// Whether any bit of the magnitude below bit `shift` is set.
  private func hasSetBits(below shift: Int) -> Bool {
    let fullWords = shift / 32
    if words.prefix(fullWords).contains(where: { $0 != 0 }) { return true }
    let partial = shift % 32
    guard partial > 0, fullWords < words.count else { return false }
    return words[fullWords] & (UInt32(1) << UInt32(partial) &- 1) != 0
  }

  /// The magnitude's digits in base 16, lower case, without sign or prefix.
  public var hexadecimalMagnitude: String {
    guard let top = words.last else { return "0" }
    var text = String(top, radix: 16)
    for word in words.dropLast().reversed() {
      let digits = String(word, radix: 16)
      text += String(repeating: "0", count: 8 - digits.count) + digits
    }
    return text
  }

  /// The magnitude's digits in base 10, without sign.
  public var decimalMagnitude: String {
    var remaining = self
    var chunks: [UInt32] = []
    repeat {
      chunks.append(remaining.divideMagnitude(by: 1_000_000_000))
    } while !remaining.words.isEmpty
    var text = String(chunks.removeLast())
    for chunk in chunks.reversed() {
      let digits = String(chunk)
      text += String(repeating: "0", count: 9 - digits.count) + digits
    }
    return text
  }

  /// The decimal text, as Python's `str(n)` gives it.
  public var description: String { (isNegative ? "-" : "") + decimalMagnitude }

  /// Python 3.11's limit on decimal conversions (`sys.get_int_max_str_digits()`).
  public static let maximumDecimalDigits = 4300

  /// `str(n)`, or nil where Python 3.11 refuses: more than 4300 digits.
  public var limitedDescription: String? {
    // 2^14400 has 4335 digits: anything wider is refused without converting.
    guard bitWidth <= 14_400 else { return nil }
    let digits = decimalMagnitude
    guard digits.count <= Self.maximumDecimalDigits else { return nil }
    return (isNegative ? "-" : "") + digits
  }

  /// Exact comparison, as Python compares integers.
  public static func < (lhs: PythonInt, rhs: PythonInt) -> Bool {
    if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
    let order = magnitudeCompare(lhs.words, rhs.words)
    return lhs.isNegative ? order > 0 : order < 0
  }

  /// -1, 0 or 1 as `a` is below, equal to or above `b` (both magnitudes).
  private static func magnitudeCompare(_ a: [UInt32], _ b: [UInt32]) -> Int {
    if a.count != b.count { return a.count < b.count ? -1 : 1 }
    for index in a.indices.reversed() where a[index] != b[index] {
      return a[index] < b[index] ? -1 : 1
    }
    return 0
  }
}

extension PythonInt {
  /// Python's `'%0Wx' % n` (`zeroPadded`) or `'%Wx' % n`: lower-case hex
  /// digits, a leading `-` for negative values, padded to `width` characters
  /// (the sign counts, and zeros go after it).
  public func formattedHexadecimal(width: Int, zeroPadded: Bool) -> String {
    Self.pad(hexadecimalMagnitude, negative: isNegative, width: width, zeroPadded: zeroPadded)
  }

  /// Python's `'%Wd' % n` or `'%0Wd' % n`.
  public func formattedDecimal(width: Int, zeroPadded: Bool = false) -> String {
    Self.pad(decimalMagnitude, negative: isNegative, width: width, zeroPadded: zeroPadded)
  }

  /// Python's `%d`/`%x` formatting of a machine integer: `radix` 10 or 16.
  static func format(_ value: Int, radix: Int, width: Int, zeroPadded: Bool = false) -> String {
    pad(String(value.magnitude, radix: radix), negative: value < 0, width: width, zeroPadded: zeroPadded)
  }

  static func pad(_ digits: String, negative: Bool, width: Int, zeroPadded: Bool) -> String {
    let sign = negative ? "-" : ""
    let missing = max(0, width - digits.count - sign.count)
    if zeroPadded { return sign + String(repeating: "0", count: missing) + digits }
    return String(repeating: " ", count: missing) + sign + digits
  }
}
