import Foundation
import PagingTestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Issue 10: page-table drawings of the section's five x86-64 scenarios,
/// one x86-32 and one Sv39 case, against drawings written by hand. Table
/// addresses depend on where the allocator puts tables, so they are
/// compared as "X"; data frames come from the bottom of memory, frame 0
/// first, so they are written out.
@Suite struct DiagramEndToEndTests {
  /// The drawing's text without the box characters and padding, table
  /// addresses replaced by X.
  func drawing(_ arguments: [String]) throws -> [String] {
    let output = try runPaging(["simulate"] + arguments + ["--show", "diagram"]).standardOutput
    let lines = output.split(separator: "\n").drop { !$0.contains("Page tables at the end:") }.dropFirst(2)
    return lines.map { line in
      var text = String(line.filter { !"┌┐└┘│─".contains($0) }).trimmingCharacters(in: .whitespaces)
      for marker in ["pa 0x", "… 0x"] {
        while let range = text.range(of: marker) {
          let digits = text[range.upperBound...].prefix { $0.isHexDigit }
          text.replaceSubrange(
            range.lowerBound..<text.index(range.upperBound, offsetBy: digits.count),
            with: marker.hasPrefix("pa") ? "pa X" : "… X")
        }
      }
      return text
    }.filter { !$0.isEmpty }
  }

  static let upper = ["PML4 (level 4) at pa X", "[0] → table at pa X", "PDPT (level 3) at pa X", "[0] → table at pa X"]

  @Test func oneByteAndOnePage() throws {
    let expected =
      Self.upper + [
        "PD (level 2) at pa X", "[0] → table at pa X",
        "PT (level 1) at pa X", "[0] → data frame 0x0 (4 KiB), rw-u",
      ]
    #expect(try drawing(["--arch", "x86-64", "--size", "1"]) == expected)
    #expect(try drawing(["--arch", "x86-64", "--size", "4K"]) == expected)
  }

  @Test func twoToTheNineAndOneMore() throws {
    #expect(
      try drawing(["--arch", "x86-64", "--allocations", "2^9", "--size", "4K"]) == Self.upper + [
        "PD (level 2) at pa X", "[0] → table at pa X",
        "PT (level 1) at pa X", "[0-511] → data frames 0x0-0x1fffff (512 × 4 KiB), rw-u",
      ])
    #expect(
      try drawing(["--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K"]) == Self.upper + [
        "PD (level 2) at pa X", "[0-1] → 2 tables at pa X … X",
        "PT (level 1) at pa X", "[0-511] → data frames 0x0-0x1fffff (512 × 4 KiB), rw-u",
        "PT (level 1) at pa X", "[0] → data frame 0x200000 (4 KiB), rw-u",
      ])
  }

  /// 2^18 + 1 pages: the 512 full page tables under the first PD draw as
  /// one box; the last page (frame 2^18, pa 2^30) needs a PD and a PT of
  /// its own.
  @Test func twoToTheEighteenAndOneMore() throws {
    #expect(
      try drawing(["--arch", "x86-64", "--allocations", "2^18+1", "--size", "4K"]) == [
        "PML4 (level 4) at pa X", "[0] → table at pa X",
        "PDPT (level 3) at pa X", "[0-1] → 2 tables at pa X … X",
        "PD (level 2) at pa X", "[0-511] → 512 tables at pa X … X",
        "512 × PT (level 1) at pa X … X, each:", "[0-511] → 512 pages of 4 KiB (the first table's: 0x0 …), rw-u",
        "PD (level 2) at pa X", "[0] → table at pa X",
        "PT (level 1) at pa X", "[0] → data frame 0x40000000 (4 KiB), rw-u",
      ])
  }

  /// x86-32 has no execute bit, so pages are executable; Sv39 leaves carry
  /// X clear for data.
  @Test func otherArchitectures() throws {
    #expect(
      try drawing(["--arch", "x86-32", "--allocations", "2^10+1", "--size", "4K"]) == [
        "PD (level 2) at pa X", "[0-1] → 2 tables at pa X … X",
        "PT (level 1) at pa X", "[0-1023] → data frames 0x0-0x3fffff (1024 × 4 KiB), rwxu",
        "PT (level 1) at pa X", "[0] → data frame 0x400000 (4 KiB), rwxu",
      ])
    #expect(
      try drawing(["--arch", "riscv-sv39", "--allocations", "2", "--size", "4K"]) == [
        "VPN[2] (level 3) at pa X", "[0] → table at pa X",
        "VPN[1] (level 2) at pa X", "[0] → table at pa X",
        "VPN[0] (level 1) at pa X", "[0-1] → data frames 0x0-0x1fff (2 × 4 KiB), rw-u",
      ])
  }

  /// The kernel's part is marked, and the SVG is written and well formed.
  @Test func kernelAndSVG() throws {
    let scratch = try Scratch()
    let svg = scratch.path("tables.svg")
    let result = try runPaging([
      "simulate", "--arch", "x86-64", "--size", "4K", "--kernel", "--show", "diagram",
      "--diagram-svg", svg,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("[256] → table at pa 0x"))
    #expect(result.standardOutput.contains("[kernel]"))
    let text = String(decoding: try scratch.read("tables.svg"), as: UTF8.self)
    #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(text.contains("PML4 (level 4) at pa 0x"))
    #expect(XMLParser(data: Data(text.utf8)).parse(), "the SVG is not well-formed XML")
  }
}
