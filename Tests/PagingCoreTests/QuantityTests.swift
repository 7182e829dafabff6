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

  @Test(arguments: ["", "abc", "4Q", "2^", "-1", "1-2", "2^128", "2^127*2", "0x", "4K4", "99999999999999999999999999999999999999999"])
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
  }
}
