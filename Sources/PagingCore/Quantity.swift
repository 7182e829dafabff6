/// Reads the sizes, counts and addresses users type.
///
/// Accepts decimal (`4096`, `1_000`), hexadecimal (`0x1000`) and binary
/// (`0b1000`) numbers, powers (`2^20`), binary units (`4K`, `4KB`, `4KiB`,
/// `2M`, `1GiB`, all multiples of 1024), and sums, differences and products
/// of those (`2^9+1`, `3*4K`, `1G-4K`):
///
///     try Quantity.parse("2^18+1")   // 262145
///     try Quantity.parse("4KiB")     // 4096
///
/// Arithmetic is exact and checked: a step may pass 128 bits (`2^128-1` is
/// accepted), but a result beyond 128 bits, or below zero,
/// is an error, never a wrapped number.
///
/// - Complexity: O(*n*) steps in the length of the text (at most
///   ``maximumLength``), each on values of at most 4096 bits.
public enum Quantity {
  /// Text that is not a quantity, with the reason in words.
  public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text as it was given.
    public var text: String
    /// What is wrong, quoting the text (`"4X" ends in an unknown unit ...`), ready to print.
    public var reason: String
    /// The reason alone: it already quotes the text.
    public var description: String { reason }
  }

  private static let units: [(String, Int)] = [
    ("b", 0), ("k", 10), ("kb", 10), ("kib", 10), ("m", 20), ("mb", 20), ("mib", 20),
    ("g", 30), ("gb", 30), ("gib", 30), ("t", 40), ("tb", 40), ("tib", 40),
    ("p", 50), ("pb", 50), ("pib", 50), ("e", 60), ("eb", 60), ("eib", 60),
  ]

  /// The longest text taken as a quantity.
  public static let maximumLength = 256

  /// The value of `text`, a size, count or address as a person types it.
  ///
  ///     try Quantity.parse("1G-4K")   // 1_073_737_728
  ///     try Quantity.parse("0x1000")  // 4096
  ///
  /// Spaces and `_` are ignored anywhere, so `2 ^ 20` and `1_000` read as they look.
  ///
  /// - Parameter text: A number, a power, a number with a binary unit, or a sum, difference or product of those.
  /// - Returns: The exact value.
  /// - Throws: ``ParseError`` when the text is longer than ``maximumLength``, negative, not an expression of the forms
  ///   above, or when its value does not fit 128 bits.
  public static func parse(_ text: String) throws(ParseError) -> UInt128 {
    // Numbers people type are short; a bound keeps the work small whatever
    // the expression (each step is bounded by the width limit too).
    guard text.unicodeScalars.count <= maximumLength else {
      throw ParseError(
        text: text,
        reason:
          "\(quotedForMessage(text)) is longer than \(maximumLength) characters: expected a number such as 4096 or 2^20"
      )
    }
    if text.unicodeScalars.first == "-" {
      throw ParseError(text: text, reason: "\(quotedForMessage(text)) is negative: expected a number from 0")
    }
    var parser = Parser(scalars: Array(text.unicodeScalars.filter { $0 != " " && $0 != "_" }), text: text)
    let value = try parser.expression()
    guard parser.atEnd else { throw parser.failure("unexpected \(quotedForMessage(parser.rest))") }
    return value
  }

  /// Evaluates with intermediate values of any width (up to
  /// ``WideMagnitude/limitBits``), so `2^128-1` is accepted: only the
  /// result must fit in 128 bits and be at least zero.
  private struct Parser {
    let scalars: [Unicode.Scalar]
    let text: String
    var position = 0

    var atEnd: Bool { position == scalars.count }
    var rest: String { String(String.UnicodeScalarView(scalars[position...])) }
    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    func failure(_ detail: String) -> ParseError {
      ParseError(
        text: text,
        reason:
          "expected a number such as 4096, 0x1000, 4K, 4KiB, 2M, 1GiB or 2^20, got \(quotedForMessage(text)) (\(detail))"
      )
    }

    func overflow() -> ParseError {
      ParseError(text: text, reason: "\(quotedForMessage(text)) is too large: it does not fit in 128 bits")
    }

    func tooWide() -> ParseError {
      ParseError(
        text: text,
        reason: "\(quotedForMessage(text)) is too large to evaluate: a step passes 2^\(WideMagnitude.limitBits)")
    }

    /// Terms added and terms subtracted are summed apart, so every
    /// intermediate value is non-negative; their difference is the result.
    mutating func expression() throws(ParseError) -> UInt128 {
      var added = try term()
      var subtracted = WideMagnitude.zero
      while let op = current, op == "+" || op == "-" {
        position += 1
        let rhs = try term()
        if op == "+" {
          guard let sum = added.adding(rhs) else { throw tooWide() }
          added = sum
        } else {
          guard let sum = subtracted.adding(rhs) else { throw tooWide() }
          subtracted = sum
        }
      }
      guard subtracted <= added else { throw ParseError(text: text, reason: "\(quotedForMessage(text)) is negative") }
      guard let value = added.subtracting(subtracted).uint128 else { throw overflow() }
      return value
    }

    mutating func term() throws(ParseError) -> WideMagnitude {
      var value = try factor()
      while let op = current, op == "*" || op == "x" {
        position += 1
        guard let product = value.multiplied(by: try factor()) else { throw tooWide() }
        value = product
      }
      return value
    }

    mutating func factor() throws(ParseError) -> WideMagnitude {
      var value = try number()
      if current == "^" {
        position += 1
        guard let power = value.raised(to: try number()) else { throw tooWide() }
        value = power
      }
      var letters = ""
      while let scalar = current, scalar.properties.isAlphabetic {
        letters.unicodeScalars.append(scalar)
        position += 1
      }
      if !letters.isEmpty {
        guard let unit = units.first(where: { $0.0 == letters.lowercased() }) else {
          throw failure("unknown unit \(quotedForMessage(letters))")
        }
        guard let scaled = value.shiftedLeft(by: unit.1) else { throw tooWide() }
        value = scaled
      }
      return value
    }

    mutating func number() throws(ParseError) -> WideMagnitude {
      var radix: UInt64 = 10
      if current == "0", position + 1 < scalars.count {
        switch scalars[position + 1] {
        case "x", "X":
          radix = 16
          position += 2
        case "b", "B":
          // "0b101" is binary; a lone "0b" or "0B" is zero bytes.
          if position + 2 < scalars.count, scalars[position + 2] == "0" || scalars[position + 2] == "1" {
            radix = 2
            position += 2
          }
        default: break
        }
      }
      var value = WideMagnitude.zero
      let radixValue = WideMagnitude(UInt128(radix))
      var digits = 0
      while let scalar = current, let digit = Self.digit(scalar, radix: radix) {
        guard let shifted = value.multiplied(by: radixValue), let sum = shifted.adding(WideMagnitude(UInt128(digit)))
        else {
          throw tooWide()
        }
        value = sum
        digits += 1
        position += 1
      }
      guard digits > 0 else { throw failure(atEnd ? "missing a number" : "unexpected \(quotedForMessage(rest))") }
      return value
    }

    static func digit(_ scalar: Unicode.Scalar, radix: UInt64) -> UInt64? {
      let value: UInt32
      switch scalar {
      case "0"..."9": value = scalar.value - 48
      case "a"..."f" where radix == 16: value = scalar.value - 87
      case "A"..."F" where radix == 16: value = scalar.value - 55
      default: return nil
      }
      return UInt64(value) < radix ? UInt64(value) : nil
    }
  }
}
