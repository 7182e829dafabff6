import PagingTeaching
import Testing

/// `PythonInt` parsing and formatting against Python's rules; each expected
/// value is what python3 3.11 gives (`int(text, base)`, optparse, `'%08x' % n`).
@Suite struct PythonIntTests {
  @Test(arguments: [
    ("0x10", "16"), ("0X1F", "31"), ("0x_10", "16"), ("010", "8"), ("0_10", "8"), ("0o17", "15"),
    ("0b101", "5"), ("0B11", "3"), ("0b", "0"), ("0b0b1", "1"), (" 010", "10"), ("1_000", "1000"),
    ("-5", "-5"), ("+7", "7"), (" 12 ", "12"), ("\u{0663}", "3"), ("\u{00A0}5", "5"),
    ("18446744073709551617", "18446744073709551617"),
  ])
  func optparseAccepts(_ text: String, _ value: String) {
    #expect(PythonInt(optparseArgument: text)?.description == value)
  }

  @Test(arguments: ["", "abc", "08", "0x", "+0x1f", "-0x1f", "0b_1", "- 5", "1__0", "1_", "_1", "1.5", "\u{200B}5"])
  func optparseRefuses(_ text: String) {
    #expect(PythonInt(optparseArgument: text) == nil)
  }

  @Test func decimalDigitLimit() {
    #expect(PythonInt.parse(String(repeating: "0", count: 4300), base: 10) == .success(0))
    #expect(PythonInt.parse(String(repeating: "1", count: 4301), base: 10) == .failure(.tooManyDigits(4301)))
    #expect(PythonInt.parse(String(repeating: "1_", count: 4300) + "1", base: 10) == .failure(.tooManyDigits(4301)))
    // Hex has no limit, but str() of the result has: 3570 f's give 4299 digits, 3571 give 4300.
    let fits = PythonInt(optparseArgument: "0x" + String(repeating: "f", count: 3571))
    #expect(fits?.limitedDescription?.count == 4300)
    let tooLong = PythonInt(optparseArgument: "0x" + String(repeating: "f", count: 3572))
    #expect(tooLong != nil)
    #expect(tooLong?.limitedDescription == nil)
  }

  @Test func formatting() {
    // '%08x' % -5, '%8d' % -5, '%04x' % -5, '%02x' % 300
    #expect(PythonInt(-5).formattedHexadecimal(width: 8, zeroPadded: true) == "-0000005")
    #expect(PythonInt(-5).formattedDecimal(width: 8) == "      -5")
    #expect(PythonInt(-5).formattedHexadecimal(width: 4, zeroPadded: true) == "-005")
    #expect(PythonInt(300).formattedHexadecimal(width: 2, zeroPadded: true) == "12c")
    let big = PythonInt(optparseArgument: "99999999999999999999999")
    #expect(big?.formattedHexadecimal(width: 8, zeroPadded: true) == "152d02c7e14af67fffff")
    #expect(big?.low32Bits == 0xF67F_FFFF)
  }

  @Test func floatConversion() {
    // float(2**1024 - 2**970 - 1) is the largest double; float(2**1024 - 2**970) overflows.
    let largest = PythonInt(
      optparseArgument: "0x" + String(repeating: "f", count: 13) + "b" + String(repeating: "f", count: 242))
    #expect(largest?.doubleValue == Double.greatestFiniteMagnitude)
    let overflow = PythonInt(
      optparseArgument: "0x" + String(repeating: "f", count: 13) + "c" + String(repeating: "0", count: 242))
    #expect(overflow != nil)
    #expect(overflow?.doubleValue == nil)
    #expect(PythonInt(-3).doubleValue == -3)
    #expect(PythonInt(optparseArgument: "9007199254740993")?.doubleValue == 9_007_199_254_740_992)
  }

  @Test func comparisonAndLowBits() {
    #expect(PythonInt(-7) < PythonInt(-3))
    #expect(PythonInt(-3) < PythonInt(0))
    #expect(PythonInt(2) < (PythonInt(optparseArgument: "0x100000000") ?? 0))
    #expect(PythonInt(-5).low32Bits == 0xFFFF_FFFB)
    #expect(PythonInt(Int.min).intValue == Int.min)
    #expect(PythonInt(optparseArgument: "0x8000000000000000")?.intValue == nil)
  }
}
