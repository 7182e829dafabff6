import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Runs the built `paging` binary and checks whole outputs. Every number
/// below was worked out by hand; the comments show how.
@Suite struct CalculatorEndToEndTests {
  @Test func listJSON() throws {
    let result = try runPaging(["list", "--format", "json"])
    #expect(result.status == 0)
    let list = try #require(try result.json().arrayValue)
    #expect(list.count == builtinDescriptorNames.count)
    let x86 = try #require(list.first { $0["name"]?.stringValue == "x86-64" })
    #expect(x86["virtual_address_bits"] == .number("48"))
    #expect(x86["page_size"] == .number("4096"))
    #expect(x86["entry_size"] == .number("8"))
    #expect(x86["level_count"] == .number("4"))
    #expect(x86["title"]?.stringValue != nil)
  }

  @Test func sizesX86_32Text() throws {
    let result = try runPaging(["sizes", "x86-32"])
    #expect(result.status == 0)
    // 12 offset bits, 1024 = 2^10 entries, 2 levels of 10 bits, 2^20 × 4 B = 4 MiB,
    // 1 + 1024 tables, 2^20 + 1025 physical pages.
    let expected = """
      x86-32: IA-32, 32-bit two-level paging
        virtual address bits   32 (32-bit pointers; every 32-bit address is valid)
        page size              4 KiB (4096 bytes)
        entry size             4 bytes
        offset bits            12
        entries per page       1024 (2^10)
        bits per level         10 (a page of entries holds 2^10)
        levels                 2: PD 10, PT 10
        single-level table     4 MiB (4194304 bytes)
        most page-table pages  1025 (2^10 + 1)
        most physical pages    1049601 (2^20 + 2^10 + 1) (data and page-table pages)

        level  name  index bits  entries  table size  one entry maps  most tables
        -----  ----  ----------  -------  ----------  --------------  -----------
        2      PD    10          1024     4 KiB       4 MiB           1
        1      PT    10          1024     4 KiB       4 KiB           1024 (2^10)

      """
    #expect(result.standardOutput == expected)
  }

  @Test func sizesX86_64JSON() throws {
    let result = try runPaging(["sizes", "x86-64", "--format", "json"])
    let sizes = try #require(try result.json()[0])
    #expect(sizes["offset_bits"] == .number("12"))
    #expect(sizes["entries_per_page"] == .number("512"))
    // 2^36 PTEs × 8 bytes = 2^39.
    #expect(sizes["single_level_table_bytes"] == .number("549755813888"))
    // 1 + 2^9 + 2^18 + 2^27.
    #expect(sizes["max_page_table_pages"] == .number("134480385"))
    // 2^36 + 134480385.
    #expect(sizes["max_physical_pages"] == .number("68853957121"))
    let levels = try #require(sizes["levels"]?.arrayValue)
    #expect(levels.map { $0["name"]?.stringValue } == ["PML4", "PDPT", "PD", "PT"])
    #expect(levels.map { $0["max_tables"]?.numberText } == ["1", "512", "262144", "134217728"])
    #expect(levels.map { $0["entry_span_bytes"]?.numberText } == ["549755813888", "1073741824", "2097152", "4096"])
    #expect(levels.map { $0["table_bytes"]?.numberText } == ["4096", "4096", "4096", "4096"])
    #expect(sizes["levels_for_64_bit_addresses"]?["level_count"] == .number("6"))
  }

  /// 2^64 does not fit in 64 bits; JSON still carries it exactly.
  @Test func beyond64Bits() throws {
    let sizes = try #require(try runPaging(["sizes", "x86-64-full64", "--format", "json"]).json()[0])
    #expect(sizes["address_space_bytes"] == .number("18446744073709551616"))
    let whole = try runPaging(["footprint", "x86-64-full64", "--bytes", "2^64", "--format", "json"]).json()
    // 2^52 data pages; tables 1 + 2^7 + 2^16 + 2^25 + 2^34 + 2^43.
    #expect(whole["data_pages"] == .number("4503599627370496"))
    #expect(whole["page_table_pages"] == .number("8813306511489"))
    #expect(whole["total_pages"] == .number("4512412933881985"))
    #expect(whole["page_table_bytes"] == .number("36099303471058944"))
  }

  @Test(arguments: [
    (["--bytes", "1"], "1", ["1", "1", "1", "1"]),
    (["--pages", "1"], "1", ["1", "1", "1", "1"]),
    (["--pages", "2^9"], "512", ["1", "1", "1", "1"]),
    (["--pages", "2^9+1"], "513", ["1", "1", "1", "2"]),
    (["--pages", "2^18+1"], "262145", ["1", "1", "2", "513"]),
    (["--pages", "2^18+1", "--large-pages"], "262145", ["1", "1", "1", "1"]),
    (["--pages", "2^9", "--worst"], "512", ["1", "2", "2", "2"]),
  ])
  func classicFootprints(arguments: [String], dataPages: String, perLevel: [String]) throws {
    let result = try runPaging(["footprint", "x86-64"] + arguments + ["--format", "json"])
    #expect(result.status == 0)
    let json = try result.json()
    #expect(json["data_pages"]?.numberText == dataPages)
    #expect(json["page_table_pages_per_level"]?.arrayValue?.map(\.numberText) == perLevel)
    let tables = perLevel.compactMap { Int($0) }.reduce(0, +)
    #expect(json["page_table_pages"]?.numberText == String(tables))
    #expect(json["total_pages"]?.numberText == String(Int(dataPages)! + tables))
    #expect(json["page_table_bytes"]?.numberText == String(tables * 4096))
  }

  @Test func levelsJSON() throws {
    let json = try runPaging(["levels", "--va-bits", "64", "--format", "json"]).json()
    #expect(json["level_count"] == .number("6"))
    #expect(json["index_bits"]?.arrayValue?.map(\.numberText) == ["7", "9", "9", "9", "9", "9"])
  }

  @Test func translateText() throws {
    let result = try runPaging(["translate", "x86-64", "0x7fffffffe123"])
    let expected = """
      x86-64: 0x7fffffffe123 (canonical)
        | 63-48 | 47-39 | 38-30 | 29-21 | 20-12 | 11-0   |
        | sign  | PML4  | PDPT  | PD    | PT    | offset |
        |       | 255   | 511   | 511   | 510   | 0x123  |

      """
    #expect(result.standardOutput == expected)
    let json = try runPaging(["translate", "x86-64", "0x800000000000", "--format", "json"]).json()
    #expect(json["canonical"] == .bool(false))
    #expect(json["indexes"]?.arrayValue?.map(\.numberText) == ["256", "0", "0", "0"])
    #expect(json["offset"] == .number("0"))
  }

  @Test func inlineArchitecture() throws {
    let json = try runPaging(["sizes", "--va-bits", "32", "--page-size", "4K", "--entry-size", "4", "--format", "json"])
      .json()
    #expect(json[0]?["single_level_table_bytes"] == .number("4194304"))
    #expect(json[0]?["levels"]?.arrayValue?.count == 2)
    let bad = try runPaging(["sizes", "--va-bits", "48", "--levels", "3"])
    #expect(bad.status == 2)
    #expect(
      bad.standardError.hasPrefix("error: --levels: 48-bit addresses with 4 KiB pages and 8-byte entries take 4 levels")
    )
  }

  @Test func descriptorPathAndErrors() throws {
    let path = packageRoot.appendingPathComponent("Architectures/x86-64.json").path
    #expect(try runPaging(["show", path, "--format", "json"]).json()["name"] == .string("x86-64"))
    let unknown = try runPaging(["sizes", "vax"])
    #expect(unknown.status == 2)
    #expect(unknown.standardError.hasPrefix("error: unknown architecture \"vax\""))
    let missing = try runPaging(["sizes", "/nonexistent/arch.json"])
    #expect(missing.status == 2)
    #expect(missing.standardError == "error: /nonexistent/arch.json: No such file or directory\n")
    let hole = try runPaging(["footprint", "x86-64", "--bytes", "2", "--start", "0x7fffffffffff"])
    #expect(hole.status == 2)
    #expect(
      hole.standardError
        == "error: 2 bytes from 0x7fffffffffff would pass the non-canonical hole from 0x800000000000 to 0xffff7fffffffffff\n"
    )
    let usage = try runPaging(["footprint", "x86-64"])
    #expect(usage.status == 64)
  }

  @Test func badDescriptorIsOneLocatedLine() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-e2e-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.json")
    let text = try String(contentsOf: packageRoot.appendingPathComponent("Architectures/x86-64.json"), encoding: .utf8)
      .replacingOccurrences(of: "\"entry_size\": 8", with: "\"entry_size\": \"eight\"")
    try text.write(to: file, atomically: true, encoding: .utf8)
    // Locate the bad value by hand: its line, and the column of its opening quote.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let lineIndex = try #require(lines.firstIndex { $0.contains("\"eight\"") })
    let badLine = lines[lineIndex]
    let column =
      badLine.distance(from: badLine.startIndex, to: try #require(badLine.range(of: "\"eight\"")).lowerBound) + 1
    let line = lineIndex + 1
    let result = try runPaging(["show", file.path])
    #expect(result.status == 2)
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError
        == "\(file.path):\(line):\(column): entry_size: expected an integer from 1 to 16, got \"eight\"\n")
  }

  /// The built-ins travel inside the binary: a copy run from elsewhere knows them.
  @Test func copiedBinaryKnowsBuiltins() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-copy-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let copy = directory.appendingPathComponent("paging")
    try FileManager.default.copyItem(at: productsDirectory.appendingPathComponent("paging"), to: copy)
    let result = try runPaging(
      ["list", "--format", "json"], executable: copy, workingDirectory: URL(fileURLWithPath: "/"))
    #expect(try result.json().arrayValue?.count == builtinDescriptorNames.count)
  }
}

/// The names of the descriptors in `Architectures/`, read from the folder
/// rather than from the binary that embeds them.
let builtinDescriptorNames: [String] = {
  let folder = packageRoot.appendingPathComponent("Architectures")
  let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
  return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
}()

@Suite struct RangesFileEndToEndTests {
  /// Two ranges: 2 MiB at 4 MiB (one PT) and one page at the top of the
  /// lower half (its own PDPT, PD and PT): PML4 1, PDPT 2, PD 2, PT 2.
  @Test func rangesFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-ranges-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("ranges.json")
    try """
    [ { "start": "0x400000", "size": "2MiB" },
      { "start": "0x7ffffffff000", "end": "0x800000000000" } ]
    """.write(to: file, atomically: true, encoding: .utf8)
    let json = try runPaging(["footprint", "x86-64", "--ranges", file.path, "--format", "json"]).json()
    #expect(json["data_pages"] == .number("513"))
    #expect(json["page_table_pages_per_level"]?.arrayValue?.map(\.numberText) == ["1", "2", "2", "2"])
    try """
    [ { "start": "0x400000", "size": "2MiB" },
      { "start": "0x800000000000", "size": 1 } ]
    """.write(to: file, atomically: true, encoding: .utf8)
    let bad = try runPaging(["footprint", "x86-64", "--ranges", file.path])
    #expect(bad.status == 2)
    // Line 2 is `  { "start": "0x8...`: 2 spaces, `{ `, `"start": ` (9), so the value is at column 14.
    #expect(
      bad.standardError
        == "\(file.path):2:14: [1].start: 0x800000000000 is not canonical for x86-64: bits 63-48 must all equal bit 47\n"
    )
  }
}
