import PagingReports
import Testing

/// Digit grouping and human units, against values worked out by hand.
@Suite struct NumberTextTests {
  @Test func digitsGroupInThrees() {
    #expect(groupedDigits(0) == "0")
    #expect(groupedDigits(999) == "999")
    #expect(groupedDigits(1000) == "1,000")
    #expect(groupedDigits(8_813_306_511_489) == "8,813,306,511,489")
    // 2^128 - 1 = 340282366920938463463374607431768211455.
    #expect(groupedDigits(.max) == "340,282,366,920,938,463,463,374,607,431,768,211,455")
  }

  @Test func exactSizesReadInTheirUnit() {
    #expect(humanBytes(1) == "1 byte")
    #expect(humanBytes(8) == "8 bytes")
    #expect(humanBytes(1023) == "1,023 bytes")
    #expect(humanBytes(1024) == "1 KiB")
    #expect(humanBytes(4 << 20) == "4 MiB")
    // 1536 = 1.5 × 1024, exact.
    #expect(humanBytes(1536) == "1.5 KiB")
    // 1 TiB = 2^40.
    #expect(humanBytes(1 << 40) == "1 TiB")
  }

  @Test func roundedSizesSayTheyAreRounded() {
    // 8409088000 / 2^30 = 7.8315..., three digits: 7.83.
    #expect(humanBytes(8_409_088_000) == "≈7.83 GiB")
    // 2^20 + 4096 = 1.0039 MiB: 1.00, trailing zeros dropped.
    #expect(humanBytes(1_052_672) == "≈1 MiB")
    // 12345 / 1024 = 12.055...: one decimal, 12.1.
    #expect(humanBytes(12_345) == "≈12.1 KiB")
    // 2^20 - 1 bytes = 1023.999 KiB rounds to 1024 KiB, which reads as 1 MiB.
    #expect(humanBytes(1_048_575) == "≈1 MiB")
    // 200 GiB + 1 byte: whole units above 100.
    #expect(humanBytes((200 << 30) + 1) == "≈200 GiB")
  }
}
