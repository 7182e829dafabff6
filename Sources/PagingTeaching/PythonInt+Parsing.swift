extension PythonInt {
  /// Why Python's `int(text, base)` refused a text.
  public enum ParseFailure: Error, Equatable, Sendable {
    /// Not an integer literal in the base: `ValueError: invalid literal for int() ...`.
    case invalidLiteral
    /// A base-10 literal longer than Python 3.11 converts (4300 digits); the
    /// payload is the number of digits.
    case tooManyDigits(Int)
  }

  /// Python 3.11's `int(text, base)` for base 2, 8, 10 or 16: surrounding
  /// whitespace, a sign, the base's prefix (`0x`, `0o`, `0b`), single
  /// underscores between digits and Unicode decimal digits are accepted.
  ///
  ///     PythonInt.parse(" 1_000 ", base: 10)   // .success(1000)
  ///     PythonInt.parse("0x1f", base: 16)      // .success(31)
  ///     PythonInt.parse("08", base: 8)         // .failure(.invalidLiteral)
  ///
  /// - Complexity: O(n) for bases 2, 8 and 16, O(n²) for base 10 (at most 4300 digits).
  public static func parse(_ text: String, base: Int) -> Result<PythonInt, ParseFailure> {
    guard [2, 8, 10, 16].contains(base) else { return .failure(.invalidLiteral) }
    let bytes = asciiTransformed(text)
    var index = 0
    func current() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    while let byte = current(), isASCIISpace(byte) { index += 1 }
    var negative = false
    if current() == UInt8(ascii: "+") {
      index += 1
    } else if current() == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    if current() == UInt8(ascii: "0"), index + 1 < bytes.count, isPrefixLetter(bytes[index + 1], base: base) {
      index += 2
      if current() == UInt8(ascii: "_") { index += 1 }  // one underscore may follow the prefix
    }
    if current() == UInt8(ascii: "_") { return .failure(.invalidLiteral) }

    var digits: [UInt8] = []
    var previous: UInt8 = 0
    while let byte = current() {
      if byte == UInt8(ascii: "_") {
        if previous == byte { return .failure(.invalidLiteral) }
      } else if let value = digitValue(byte), value < base {
        digits.append(UInt8(value))
      } else {
        break
      }
      previous = byte
      index += 1
    }
    if previous == UInt8(ascii: "_") { return .failure(.invalidLiteral) }
    if base == 10, digits.count > maximumDecimalDigits { return .failure(.tooManyDigits(digits.count)) }
    guard !digits.isEmpty else { return .failure(.invalidLiteral) }
    while let byte = current(), isASCIISpace(byte) { index += 1 }
    guard index == bytes.count else { return .failure(.invalidLiteral) }

    let magnitude = base == 10 ? decimalWords(digits) : binaryWords(digits, bitsPerDigit: base.trailingZeroBitCount)
    return .success(PythonInt(isNegative: negative, words: magnitude))
  }

  /// optparse's `type='int'` conversion: `0x…` is read as hex, `0b…` as
  /// binary (prefix removed), any other leading `0` as octal, the rest as
  /// decimal; nil where optparse reports "invalid integer value".
  ///
  ///     PythonInt(optparseArgument: "010")    // 8
  ///     PythonInt(optparseArgument: "-0x10")  // nil: "-0x10" is not decimal
  public init?(optparseArgument text: String) {
    let scalars = Array(text.unicodeScalars.prefix(2))
    let first = scalars.first
    let second = scalars.count > 1 ? scalars[1] : nil
    var body = text
    let base: Int
    if first == "0", second == "x" || second == "X" {
      base = 16
    } else if first == "0", second == "b" || second == "B" {
      base = 2
      body = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(2)))
      if body.isEmpty { body = "0" }
    } else if first == "0" {
      base = 8
    } else {
      base = 10
    }
    guard case .success(let value) = Self.parse(body, base: base) else { return nil }
    self = value
  }

  /// The text of the `ValueError` Python raises when `int(text, base)` fails.
  public static func exceptionMessage(for failure: ParseFailure, text: String, base: Int) -> String {
    switch failure {
    case .invalidLiteral:
      return "ValueError: invalid literal for int() with base \(base): \(pythonRepr(text))"
    case .tooManyDigits(let count):
      return "ValueError: Exceeds the limit (\(maximumDecimalDigits) digits) for integer string conversion: "
        + "value has \(count) digits; use sys.set_int_max_str_digits() to increase the limit"
    }
  }

  /// optparse's complaint about an `int` option: `option -s: invalid integer value: 'x'`.
  public static func optparseMessage(option: String, invalidValue text: String) -> String {
    "option \(option): invalid integer value: \(pythonRepr(text))"
  }

  /// The text of the `ValueError` Python raises when `str(n)` would pass 4300 digits.
  public static let decimalConversionLimitMessage =
    "ValueError: Exceeds the limit (4300 digits) for integer string conversion; "
    + "use sys.set_int_max_str_digits() to increase the limit"

  // MARK: - Helpers

  /// CPython's first step: ASCII stays, other whitespace becomes a space,
  /// other decimal digits become ASCII digits, and anything else ends the
  /// text with a character no base accepts.
  private static func asciiTransformed(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    for scalar in text.unicodeScalars {
      if scalar.value < 127 {
        bytes.append(UInt8(scalar.value))
      } else if pythonNonASCIISpaces.contains(scalar.value) {
        bytes.append(UInt8(ascii: " "))
      } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
        value >= 0, value <= 9
      {
        bytes.append(UInt8(ascii: "0") + UInt8(value))
      } else {
        bytes.append(UInt8(ascii: "?"))
        break
      }
    }
    return bytes
  }

  /// Characters at or above U+007F that Python's `str.isspace()` accepts.
  private static let pythonNonASCIISpaces: Set<UInt32> = [
    0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
    0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
  ]

  private static func isASCIISpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
  }

  private static func isPrefixLetter(_ byte: UInt8, base: Int) -> Bool {
    switch (base, byte | 0x20) {
    case (16, UInt8(ascii: "x")), (8, UInt8(ascii: "o")), (2, UInt8(ascii: "b")): return true
    default: return false
    }
  }

  private static func digitValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A")) + 10
    default: return nil
    }
  }

  /// Digits of a power-of-two base, most significant first, packed into words.
  private static func binaryWords(_ digits: [UInt8], bitsPerDigit: Int) -> [UInt32] {
    var words = [UInt32](repeating: 0, count: (digits.count * bitsPerDigit + 31) / 32)
    var bit = 0
    for digit in digits.reversed() {
      for offset in 0..<bitsPerDigit where digit >> UInt8(offset) & 1 == 1 {
        words[(bit + offset) / 32] |= 1 << UInt32((bit + offset) % 32)
      }
      bit += bitsPerDigit
    }
    return words
  }

  /// Decimal digits, most significant first, as words (nine digits at a time).
  private static func decimalWords(_ digits: [UInt8]) -> [UInt32] {
    var value = PythonInt(0)
    var chunk: UInt32 = 0
    var scale: UInt32 = 1
    for digit in digits {
      chunk = chunk * 10 + UInt32(digit)
      scale *= 10
      if scale == 1_000_000_000 {
        value.multiplyAdd(scale, chunk)
        chunk = 0
        scale = 1
      }
    }
    if scale > 1 { value.multiplyAdd(scale, chunk) }
    return value.words
  }
}

/// Python's `repr()` of a string, as it appears in exception messages:
/// single quotes unless the text holds one and no double quote.
func pythonRepr(_ text: String) -> String {
  let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
  var result = String(quote)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case _ where Character(scalar) == quote: result += "\\" + String(quote)
    case _ where scalar.value < 0x20 || scalar.value == 0x7F:
      let hex = String(scalar.value, radix: 16)
      result += "\\x" + (hex.count < 2 ? "0" : "") + hex
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + String(quote)
}
