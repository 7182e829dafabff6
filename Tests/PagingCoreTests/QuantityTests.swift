import Testing

@testable import PagingCore

@Suite struct QuantityTests {
  @Test(arguments: [
    ("4096", UInt128(4096)), ("4K", 4096), ("4KiB", 4096), ("4kb", 4096), ("2M", 2_097_152),
    ("1GiB", 1_073_741_824), ("2^20", 1_048_576), ("2^9+1", 513), ("2^18+1", 262_145),
    ("0x1000", 4096), ("0XFFFF", 65535), ("0b101", 5), ("1_000", 1000), ("3*4K", 12288),
    ("1G-4K", 1_073_737_728), ("2^64", UInt128(UInt64.max) + 1), ("2^10 KiB", 1_048_576),
    ("16EiB", UInt128(1) << 64), ("0", 0),
  ])
  func parses(text: String, expected: UInt128) throws {
    #expect(try Quantity.parse(text) == expected)
  }

  /// Issue 14, item 15: a value that fits is accepted whatever its steps pass
  /// through. Expected values by hand: 2^64 × 2^60 = 2^124.
  @Test(arguments: [
    ("2^128-1", UInt128.max), ("16EiB*1EiB", UInt128(1) << 124), ("2^200-2^200+5", 5),
    ("2^129-2^128-2^127", UInt128(1) << 127), ("0xffffffffffffffffffffffffffffffff", UInt128.max),
    ("1^100000", 1), ("0^0", 1), ("1-1", 0), ("340282366920938463463374607431768211455", UInt128.max),
  ])
  func acceptsWideSteps(text: String, expected: UInt128) throws {
    #expect(try Quantity.parse(text) == expected)
  }

  @Test func messages() {
    func reason(_ text: String) -> String? {
      do {
        _ = try Quantity.parse(text)
        return nil
      } catch { return error.reason }
    }
    #expect(reason("2^128") == "\"2^128\" is too large: it does not fit in 128 bits")
    #expect(reason("1-2") == "\"1-2\" is negative")
    #expect(reason("2^4096") == "\"2^4096\" is too large to evaluate: a step passes 2^4096")
    #expect(
      reason(String(repeating: "1", count: 257))?.hasSuffix(
        "is longer than 256 characters: expected a number such as 4096 or 2^20") == true)
    // Echoed text is escaped and shortened (item 11).
    #expect(
      reason("4Q\n")
        == "expected a number such as 4096, 0x1000, 4K, 4KiB, 2M, 1GiB or 2^20, got \"4Q\\n\" (unknown unit \"Q\")")
  }

  @Test(arguments: [
    "", "abc", "4Q", "2^", "-1", "1-2", "2^128", "2^127*2", "0x", "4K4", "999999999999999999999999999999999999999999",
    "2^5000-2^5000",
  ])
  func rejects(text: String) {
    #expect(throws: Quantity.ParseError.self) { try Quantity.parse(text) }
  }

  @Test func formatting() {
    #expect(formatBytes(4 << 20) == "4 MiB")
    #expect(formatBytes(2_101_248) == "2052 KiB")
    #expect(formatBytes(1) == "1 byte")
    #expect(formatBytes(1000) == "1000 bytes")
    #expect(formatBytesExactly(4_194_304) == "4 MiB (4194304 bytes)")
    #expect(powerOfTwoSum(134_480_385) == "2^27 + 2^18 + 2^9 + 1")
    #expect(formatCount(1024) == "1024 (2^10)")
    #expect(formatHex(UInt128(0xffff_8000_0000_0000)) == "0xffff800000000000")
    // 1345236992 / 2^30 = 1.2529 GiB; 2^128 - 1 is just under 2^48 YiB.
    #expect(formatBytesRoughly(1_345_236_992) == "about 1.3 GiB")
    #expect(formatBytesRoughly(UInt128.max) == "about 281474976710656.0 YiB")
    #expect(formatBytesRoughly(2_101_248) == "2052 KiB")
    #expect(formatBytesRoughly(4 << 20) == "4 MiB")
    #expect(formatBytesExactly(1_345_236_992) == "about 1.3 GiB (1345236992 bytes)")
    #expect(counted(1, "range") == "1 range")
    #expect(counted(2, "entry", "entries") == "2 entries")
    #expect(pageSizeAdjective(16) == "16-byte")
    #expect(pageSizeAdjective(4096) == "4 KiB")
    #expect(quotedForMessage("sign\nextend") == "\"sign\\nextend\"")
    #expect(quotedForMessage("\u{1B}[31m\u{202E}") == "\"\\u001b[31m\\u202e\"")
    #expect(
      quotedForMessage(String(repeating: "a", count: 61), limit: 60) == "\"" + String(repeating: "a", count: 60)
        + "\"… (61 characters)")
  }
}
